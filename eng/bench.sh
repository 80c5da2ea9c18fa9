#!/usr/bin/env bash
# Every measurement of docs/performance.md, from one command:   eng/bench.sh [--quick]
#   1. BenchmarkDotNet (bench/ReleaseTrain.Benchmarks, short job): JCS + SHA-256, contract verification, lockfile hash,
#      SBOM, decision-log append and verify.
#   2. Side-by-side command timings on this machine: JCS + SHA-256 vs sha256sum over the same 50 MB, CLI start to first
#      output, peak memory of verify on a 20 MB payload.
#   3. eng/bench-sbom.sh: release-train sbom against cyclonedx-dotnet and cdxgen on the same solution and projects.
#   4. eng/bench-build.sh: build overhead of ReleaseTrain.Tasks on a generated 50-project solution.
#   5. eng/bench-ledger.sh: ledger append latency against a bare git push, and 16 concurrent writers (git daemon).
# --quick skips 4. Results go to artifacts/bench/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=artifacts/bench; mkdir -p "$out"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build ReleaseTrain.slnx -c Release -nologo -v:q
cli="dotnet artifacts/bin/ReleaseTrain.Cli/release/release-train.dll"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }

echo "== machine"; { uname -srm; nproc | sed 's/^/cores: /'; free -h | awk '/Mem:/ {print "memory: " $2}'; dotnet --version | sed 's/^/sdk: /'; } | tee "$out/machine.txt"

echo "== BenchmarkDotNet"
dotnet run -c Release --no-build --project bench/ReleaseTrain.Benchmarks -- --filter '*' --job short --exporters markdown --artifacts "$out/bdn" | tail -n 80 | tee "$out/bdn.txt"

echo "== JCS + SHA-256 vs sha256sum over the same 50 MB (median of 9, alternating), three shapes of document"
: > "$out/jcs-vs-sha256sum.txt"
for shape in array object indented; do
  dotnet run -c Release --no-build --project bench/ReleaseTrain.Benchmarks -- make-json "$out/50mb-$shape.json" 52428800 "$shape"
  jcs=(); raw=()
  for i in 1 2 3 4 5 6 7 8 9; do jcs+=("$(ms $cli hash json "$out/50mb-$shape.json")"); raw+=("$(ms sha256sum "$out/50mb-$shape.json")"); done
  jcs_ms=$(printf '%s\n' "${jcs[@]}" | median); raw_ms=$(printf '%s\n' "${raw[@]}" | median)
  echo "$shape ($(( $(stat -c %s "$out/50mb-$shape.json") / 1048576 )) MiB): release-train hash json ${jcs_ms} ms; sha256sum ${raw_ms} ms; throughput ratio (sha256sum time / ours): $(awk "BEGIN {printf \"%.2f\", $raw_ms / $jcs_ms}") (target >= 0.5)" | tee -a "$out/jcs-vs-sha256sum.txt"
done
echo "in process, the first (cold) pass and five warm ones over the array:" | tee -a "$out/jcs-vs-sha256sum.txt"
dotnet run -c Release --no-build --project bench/ReleaseTrain.Benchmarks -- time-jcs "$out/50mb-array.json" | tee -a "$out/jcs-vs-sha256sum.txt"

echo "== CLI start to first output (median of 20)"
starts=(); for i in $(seq 20); do starts+=("$(ms $cli --version)"); done
echo "release-train --version: $(printf '%s\n' "${starts[@]}" | median) ms (target < 150 ms)" | tee "$out/cli-start.txt"

echo "== peak memory of verify on a 20 MB payload"
dotnet run -c Release --no-build --project bench/ReleaseTrain.Benchmarks -- make-json "$out/payload-20mb.json" 20971520
mkdir -p "$out/verify20"; cp "$out/payload-20mb.json" "$out/verify20/payload.json"
printf '{"a": 1}\n' > "$out/verify20/manifest.json"
cat > "$out/verify20/release-train.json" <<'JSON'
{ "contracts": [ { "id": "big", "manifest": "manifest.json", "payloads": ["payload.json"], "rules": [
  { "id": "r1", "kind": "requiredKeys", "pointer": "/0", "keys": ["id", "name"] },
  { "id": "r2", "kind": "pattern", "pointer": "/0/name", "pattern": "^pkg-" } ] } ] }
JSON
/usr/bin/time -f "%M" -o "$out/verify20/rss.txt" $cli verify --config "$out/verify20/release-train.json" >/dev/null || true
rss_kb=$(tail -n1 "$out/verify20/rss.txt"); payload_kb=$(( $(stat -c %s "$out/verify20/payload.json") / 1024 ))
echo "peak RSS ${rss_kb} KiB for a ${payload_kb} KiB payload: $(awk "BEGIN {printf \"%.1f\", $rss_kb / $payload_kb}")x (target < 10x; includes the .NET runtime)" | tee "$out/verify-memory.txt"

echo "== peak memory of verify on 50 MB of small values (eng/bench-memory.sh)"
eng/bench-memory.sh artifacts/bin/ReleaseTrain.Cli/release/release-train.dll | tee "$out/verify-small-values.txt"

echo "== release-train sbom vs cyclonedx-dotnet (dotnet tool) and cdxgen (npm), established CycloneDX generators"
if command -v npm >/dev/null 2>&1; then
  eng/bench-sbom.sh --no-build
else
  echo "npm is not installed: the SBOM comparison needs it for cdxgen" | tee "$out/sbom.txt"
fi

echo "== the ledger: append latency against git push, 16 concurrent writers (eng/bench-ledger.sh)"
eng/bench-ledger.sh

if [ "${1:-}" != "--quick" ]; then
  echo "== build overhead"
  eng/bench-build.sh | tee "$out/build-overhead.txt"
fi
