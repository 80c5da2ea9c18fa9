#!/usr/bin/env bash
# Build overhead of ReleaseTrain.Tasks: a generated 50-project solution, built alternately without and with the package
# (same machine, same run), clean builds and no-op incremental builds; prints the medians and their ratios.
#   eng/bench-build.sh [ROUNDS]   (default 5 rounds of: clean without, clean with, no-op without, no-op with)
# Each round builds both variants back to back, so the overhead is the median of the per-round ratios (paired);
# the ratio of the medians is printed too.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds=${1:-5}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0
version="0.1.0-bench.$(date +%s)"
dotnet pack src/Tasks -c Release -o "$work/feed" -p:Version="$version" -nologo -v:q >/dev/null

make_repo() { # $1 folder, $2 "with" or "without"
  mkdir -p "$1"; cp global.json "$1/"
  cat > "$1/NuGet.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration><config><add key="globalPackagesFolder" value="$work/packages" /></config>
<packageSources><clear /><add key="local" value="$work/feed" /></packageSources></configuration>
XML
  cp -r examples/producer-consumer/producer examples/producer-consumer/consumer examples/producer-consumer/release-train.json "$1/"
  { echo '<Project>'; [ "$2" = with ] && echo "<ItemGroup><PackageReference Include=\"ReleaseTrain.Tasks\" Version=\"$version\" PrivateAssets=\"all\" /></ItemGroup>"; echo '</Project>'; } > "$1/Directory.Build.props"
  echo '<Solution>' > "$1/Bench.slnx"
  for i in $(seq 1 50); do
    mkdir -p "$1/src/P$i"
    { echo '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>';
      [ "$i" -gt 1 ] && echo "<ItemGroup><ProjectReference Include=\"../P$((i - 1))/P$((i - 1)).csproj\" /></ItemGroup>"; echo '</Project>'; } > "$1/src/P$i/P$i.csproj"
    echo "namespace P$i; public static class C { public static int V => $i; }" > "$1/src/P$i/C.cs"
    echo "  <Project Path=\"src/P$i/P$i.csproj\" />" >> "$1/Bench.slnx"
  done
  echo '</Solution>' >> "$1/Bench.slnx"
  (cd "$1" && dotnet restore Bench.slnx -v:q >/dev/null)
}
make_repo "$work/without" without
make_repo "$work/with" with

ms() { local s e; s=$(date +%s%N); (cd "$1" && dotnet build Bench.slnx --no-restore -nologo -v:q -tl:off >/dev/null); e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
clean() { # everything a build writes, keeping what restore wrote (the builds run with --no-restore)
  find "$1/src" -type d -name bin -prune -exec rm -rf {} +
  find "$1/src" -path '*/obj/*' -type f ! -name project.assets.json ! -name '*.nuget.*' ! -name project.nuget.cache -delete
  rm -rf "$1/obj"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

cw=(); cx=(); nw=(); nx=()
for r in $(seq 1 "$rounds"); do
  clean "$work/without"; cw+=("$(ms "$work/without")")
  clean "$work/with"; cx+=("$(ms "$work/with")")
  nw+=("$(ms "$work/without")")
  nx+=("$(ms "$work/with")")
done
cwm=$(printf '%s\n' "${cw[@]}" | median); cxm=$(printf '%s\n' "${cx[@]}" | median)
nwm=$(printf '%s\n' "${nw[@]}" | median); nxm=$(printf '%s\n' "${nx[@]}" | median)
paired() { local -n a=$1 b=$2; for i in "${!a[@]}"; do awk "BEGIN {print ${b[$i]} / ${a[$i]}}"; done | median; }
cp=$(paired cw cx); np=$(paired nw nx)
echo "clean build, 50 projects: overhead $(awk "BEGIN {printf \"%+.1f%%\", ($cp - 1) * 100}") (median of paired ratios; target <= 5%); medians without ${cwm} ms, with ${cxm} ms ($(awk "BEGIN {printf \"%+.1f%%\", ($cxm / $cwm - 1) * 100}"))"
echo "no-op build, 50 projects: overhead $(awk "BEGIN {printf \"%+.1f%%\", ($np - 1) * 100}") (median of paired ratios; target <= 3%); medians without ${nwm} ms, with ${nxm} ms ($(awk "BEGIN {printf \"%+.1f%%\", ($nxm / $nwm - 1) * 100}"))"
echo "rounds: $rounds; samples (ms) clean without ${cw[*]} | clean with ${cx[*]} | no-op without ${nw[*]} | no-op with ${nx[*]}"
