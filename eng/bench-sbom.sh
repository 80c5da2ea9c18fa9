#!/usr/bin/env bash
# release-train sbom against an established CycloneDX generator, side by side on this machine:
# cdxgen (@cyclonedx/cdxgen, pinned below, from the npm registry) in its .NET mode, on the same projects:
# src/Cli (a real restore) and a generated project with 1,000 packages. Median of 5 runs each, alternating; prints
# the ratios. Both read the project's restore model (project.assets.json / packages.lock.json); neither fetches
# licenses; release-train is given --assets and --output, so neither evaluates MSBuild (without them, release-train
# first runs `dotnet msbuild -getProperty`, about 0.4 s). Results go to artifacts/bench/sbom.txt.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=artifacts/bench; mkdir -p "$out"; root=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 FETCH_LICENSE=false CDXGEN_NO_BANNER=true
cdxgen_version=12.8.4
if [ ! -x "$out/cdxgen/node_modules/.bin/cdxgen" ]; then
  mkdir -p "$out/cdxgen"
  npm install --prefix "$out/cdxgen" --no-audit --no-fund --silent "@cyclonedx/cdxgen@$cdxgen_version"
fi
cdxgen="$PWD/$out/cdxgen/node_modules/.bin/cdxgen"
dotnet build ReleaseTrain.slnx -c Release -nologo -v:q >/dev/null
cli="dotnet $PWD/artifacts/bin/ReleaseTrain.Cli/release/release-train.dll"
# Outside the repository, so that its Directory.Build.props (artifacts output) does not apply to the generated project.
big=$(mktemp -d)/sbom1000; trap 'rm -rf "$(dirname "$big")"' EXIT
dotnet run -c Release --no-build --project bench/ReleaseTrain.Benchmarks -- make-sbom-project "$big" 1000

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }

compare() {
  local name=$1 dir=$2 project=$3 assets=$4
  local ours=() theirs=()
  for i in 1 2 3 4 5; do
    ours+=("$(ms $cli sbom --project "$dir/$project" --assets "$assets" --output "$root/$out/$name.release-train.cdx.json")")
    theirs+=("$(cd "$dir" && ms "$cdxgen" -t dotnet --no-recurse -o "$root/$out/$name.cdxgen.cdx.json" .)")
  done
  local o t; o=$(printf '%s\n' "${ours[@]}" | median); t=$(printf '%s\n' "${theirs[@]}" | median)
  local oc tc
  oc=$(python3 -c "import json,sys;print(len(json.load(open(sys.argv[1])).get('components',[])))" "$out/$name.release-train.cdx.json" 2>/dev/null || echo '?')
  tc=$(python3 -c "import json,sys;print(len(json.load(open(sys.argv[1])).get('components',[])))" "$out/$name.cdxgen.cdx.json" 2>/dev/null || echo '?')
  echo "$name: release-train sbom ${o} ms ($oc components); cdxgen $cdxgen_version ${t} ms ($tc components); release-train is $(awk "BEGIN {printf \"%.1f\", $t / $o}")x faster"
}

{
  echo "== release-train sbom vs cdxgen $cdxgen_version (median of 5)"
  compare cli src/Cli ReleaseTrain.Cli.csproj "$root/artifacts/obj/ReleaseTrain.Cli/project.assets.json"
  compare big1000 "$big" Big.csproj "$big/obj/project.assets.json"
} | tee "$out/sbom.txt"
