#!/usr/bin/env bash
# release-train sbom against the established CycloneDX generators, side by side on this machine (docs/performance.md):
#   cyclonedx-dotnet (the CycloneDX .NET tool, `dotnet tool`, pinned below, installed into a temp tool path) and
#   cdxgen (@cyclonedx/cdxgen, pinned below, from the npm registry, installed into artifacts/bench/cdxgen).
# Cases:
#   solution  a generated solution of $SBOM_PROJECTS (default 24) projects with package and project references, and
#             test projects, restored from the global packages folder (no network) — the three tools on the .sln;
#   single    one project of it (the one with the most references) — the three tools on that project;
#   big1000   a generated project whose restore model holds 1,000 packages — release-train against cdxgen.
# Whole commands, process start included, alternating runs (hyperfine when installed, else a loop; median of
# $SBOM_RUNS, default 7). Every tool reads the restore model; none restores, fetches licences or goes to the network
# (cyclonedx-dotnet -dpr; cdxgen FETCH_LICENSE=false). release-train gets --output only: it finds
# obj/project.assets.json itself and does not start MSBuild. The script then checks that release-train and
# cyclonedx-dotnet list the same packages (names and versions) and prints the ratios. Results: artifacts/bench/sbom.txt.
#   eng/bench-sbom.sh [--no-build]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=artifacts/bench; mkdir -p "$out"; root=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 FETCH_LICENSE=false CDXGEN_NO_BANNER=true MSBUILDDISABLENODEREUSE=1
cyclonedx_version=6.3.1
cdxgen_version=12.8.4 # `npm view @cyclonedx/cdxgen version` served 12.8.4 on 2026-12-05
projects=${SBOM_PROJECTS:-24}; runs=${SBOM_RUNS:-7}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

if [ ! -x "$out/cdxgen/node_modules/.bin/cdxgen" ] || ! grep -q "\"version\": \"$cdxgen_version\"" \
    "$out/cdxgen/node_modules/@cyclonedx/cdxgen/package.json" 2>/dev/null; then
  mkdir -p "$out/cdxgen"
  npm install --prefix "$out/cdxgen" --no-audit --no-fund --silent "@cyclonedx/cdxgen@$cdxgen_version"
fi
cdxgen="$root/$out/cdxgen/node_modules/.bin/cdxgen"
dotnet tool install CycloneDX --version "$cyclonedx_version" --tool-path "$work/tools" >/dev/null
cyclonedx="$work/tools/dotnet-CycloneDX"
[ "${1:-}" = "--no-build" ] || dotnet build src/Cli -c Release -nologo -v:q >/dev/null
cli="dotnet $root/artifacts/bin/ReleaseTrain.Cli/release/release-train.dll"

# The solution, outside the repository (its Directory.Build.props would move obj/ into artifacts/). Packages that are
# in the global packages folder of this machine (the repository's own restore puts them there), so restore needs no
# network: the only source is an empty folder.
sol="$work/Bench"; mkdir -p "$sol/empty-feed"
cat > "$sol/NuGet.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /><add key="none" value="$sol/empty-feed" /></packageSources></configuration>
XML
packages=("Humanizer.Core 2.14.1" "NodaTime 3.3.7" "Cronos 0.13.0" "System.CommandLine 2.0.0" "Newtonsoft.Json 13.0.3"
  "JsonSchema.Net 8.0.5" "NuGet.Versioning 7.9.0" "NuGet.Frameworks 7.9.0" "YamlDotNet 18.1.0"
  "Microsoft.Extensions.Logging 6.0.0" "Microsoft.Extensions.Options 6.0.0" "CommandLineParser 2.9.1")
{ echo "Microsoft Visual Studio Solution File, Format Version 12.00"; } > "$sol/Bench.sln"
for i in $(seq -w 0 $((projects - 1))); do
  n=$((10#$i)); dir="$sol/src/P$i"; mkdir -p "$dir"
  refs=""
  for k in 0 1 2; do
    p=${packages[$(( (n * 3 + k) % ${#packages[@]} ))]}
    refs+="    <PackageReference Include=\"${p% *}\" Version=\"${p#* }\" />"$'\n'
  done
  [ "$n" -ge 1 ] && refs+="    <ProjectReference Include=\"../P$(printf %02d $((n - 1)))/P$(printf %02d $((n - 1))).csproj\" />"$'\n'
  [ "$n" -ge 5 ] && refs+="    <ProjectReference Include=\"../P$(printf %02d $((n - 5)))/P$(printf %02d $((n - 5))).csproj\" />"$'\n'
  test=""; [ $((n % 8)) -eq 7 ] && test="<IsTestProject>true</IsTestProject>"
  cat > "$dir/P$i.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework>$test</PropertyGroup>
  <ItemGroup>
$refs  </ItemGroup>
</Project>
XML
  printf 'Project("{9A19103F-16F7-4668-BE54-9A1E7A4F7556}") = "P%s", "src\\P%s\\P%s.csproj", "{00000000-0000-0000-0000-0000000000%s}"\r\nEndProject\r\n' \
    "$i" "$i" "$i" "$i" >> "$sol/Bench.sln"
done
dotnet restore "$sol/Bench.sln" -nologo -v:q >/dev/null
last=$(printf %02d $((projects - 1)))
single="$sol/src/P$last/P$last.csproj"
big="$work/sbom1000"
dotnet run -c Release --project bench/ReleaseTrain.Benchmarks -- make-sbom-project "$big" 1000 >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
# Package names@versions of an SBOM (project references left out: cyclonedx-dotnet lists them only with -ipr).
packages_of() {
  python3 - "$1" <<'PY'
import json, sys
bom = json.load(open(sys.argv[1]))
for c in bom.get("components", []):
    props = {p["name"]: p["value"] for p in c.get("properties", [])}
    if props.get("releasetrain:reference") == "project" or c.get("purl", "").startswith("pkg:nuget/") is False:
        continue
    print(f'{c["name"].lower()}@{c["version"].lower()}')
PY
}

# time_case NAME; the commands are in the arrays ours_cmd / cdx_cmd / gen_cmd (empty: not run).
time_case() {
  local name=$1 o=() c=() g=()
  for _ in $(seq "$runs"); do
    o+=("$(ms "${ours_cmd[@]}")")
    [ ${#cdx_cmd[@]} -gt 0 ] && c+=("$(ms "${cdx_cmd[@]}")")
    g+=("$(cd "$gen_dir" && ms "${gen_cmd[@]}")")
  done
  local om gm cm
  om=$(printf '%s\n' "${o[@]}" | median); gm=$(printf '%s\n' "${g[@]}" | median)
  local line="$name: release-train ${om} ms ($(packages_of "$work/$name.rt.json" | wc -l) packages)"
  if [ ${#c[@]} -gt 0 ]; then
    cm=$(printf '%s\n' "${c[@]}" | median)
    line+="; cyclonedx-dotnet $cyclonedx_version ${cm} ms ($(packages_of "$work/$name.cdx/bom.json" | wc -l) packages), $(awk "BEGIN {printf \"%.1f\", $cm / $om}")x"
    if diff <(packages_of "$work/$name.rt.json" | sort -u) <(packages_of "$work/$name.cdx/bom.json" | sort -u) >"$work/$name.diff"; then
      line+=" [same packages]"
    else
      line+=" [PACKAGES DIFFER: $(tr '\n' ' ' < "$work/$name.diff")]"
    fi
  fi
  line+="; cdxgen $cdxgen_version ${gm} ms ($(packages_of "$work/$name.gen.json" | wc -l) packages), $(awk "BEGIN {printf \"%.1f\", $gm / $om}")x"
  echo "$line"
}

{
  echo "== release-train sbom vs cyclonedx-dotnet $cyclonedx_version and cdxgen $cdxgen_version (median of $runs, alternating; ratio = their time / ours)"
  echo "machine: $(uname -srm), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), sdk $(dotnet --version), $(date -u +%Y-%m-%dT%H:%MZ)"
  if command -v hyperfine >/dev/null 2>&1; then echo "(hyperfine found; the loop below is used for all three alike)"; fi
  ours_cmd=($cli sbom --project "$sol/Bench.sln" --output "$work/solution.rt.json")
  cdx_cmd=("$cyclonedx" "$sol/Bench.sln" -o "$work/solution.cdx" -F json -dpr)
  gen_dir=$sol; gen_cmd=("$cdxgen" -t dotnet -o "$work/solution.gen.json" .)
  time_case solution
  ours_cmd=($cli sbom --project "$single" --output "$work/single.rt.json")
  cdx_cmd=("$cyclonedx" "$single" -o "$work/single.cdx" -F json -dpr)
  gen_dir=$(dirname "$single"); gen_cmd=("$cdxgen" -t dotnet --no-recurse -o "$work/single.gen.json" .)
  time_case single
  # The generated restore model names no project path, so release-train is given it (--assets) as before.
  ours_cmd=($cli sbom --project "$big/Big.csproj" --assets "$big/obj/project.assets.json" --output "$work/big1000.rt.json")
  cdx_cmd=()
  gen_dir=$big; gen_cmd=("$cdxgen" -t dotnet --no-recurse -o "$work/big1000.gen.json" .)
  time_case big1000
} | tee "$out/sbom.txt"
