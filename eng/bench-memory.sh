#!/usr/bin/env bash
# Peak memory and time of `release-train verify` on 50 MB of small JSON values (issue 14: 2.1 GB before the on-demand
# located DOM). Prints one line per case; no pass/fail, for docs/performance.md.
#   eng/bench-memory.sh [CLI.dll] [MiB]     default: the Release build in artifacts/bin, 50 MiB
# Cases, each a payload {"items":[...],"v":1} of about MiB MiB:
#   zeros-one   an array of `0,` (25 million values at 50 MiB); the rule reads /v only
#   zeros-all   the same; the rule compares the whole array with an identical manifest
#   objects-one an array of {"a":0} (6.5 million objects at 50 MiB); the rule reads /v only
#   objects-all the same; the rule compares the whole array
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cli_dll=${1:-artifacts/bin/ReleaseTrain.Cli/release/release-train.dll}
mib=${2:-50}
out=artifacts/bench/memory; mkdir -p "$out"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ ! -f "$cli_dll" ]; then dotnet build src/Cli -c Release -nologo -v:q; fi
bytes=$(( mib * 1024 * 1024 ))

make() { # make FILE ELEMENT
  local n=$(( bytes / (${#2} + 1) ))
  set +o pipefail # yes ends on SIGPIPE
  { printf '{"items":['; yes "$2," | head -n $(( n - 1 )) | tr -d '\n'; printf '%s],"v":1}' "$2"; } > "$1"
  set -o pipefail
}

for shape in zeros objects; do
  element=0; [ "$shape" = objects ] && element='{"a":0}'
  make "$out/$shape.json" "$element"
  cp "$out/$shape.json" "$out/$shape-manifest.json"
  for reach in one all; do
    pointer=/v; [ "$reach" = all ] && pointer=/items
    cat > "$out/release-train-$shape-$reach.json" <<JSON
{ "contracts": [ { "id": "big", "manifest": "$shape-manifest.json", "payloads": ["$shape.json"], "rules": [
  { "id": "r", "kind": "equals", "pointer": "$pointer", "from": { "pointer": "$pointer" } } ] } ] }
JSON
    /usr/bin/time -f "%M %e" -o "$out/time.txt" dotnet "$cli_dll" verify --config "$out/release-train-$shape-$reach.json" \
      > "$out/verify.txt" 2>&1 || true
    read -r rss_kb seconds < <(tail -n1 "$out/time.txt")
    echo "$shape-$reach: $(tail -n1 "$out/verify.txt" | cut -d'(' -f1); payload $(( $(stat -c %s "$out/$shape.json") / 1048576 )) MiB;" \
      "peak RSS $(( rss_kb / 1024 )) MiB; ${seconds} s"
  done
done
