#!/usr/bin/env bash
# CLI start-up time (docs/performance.md, "CLI start to first output"): wall time of `release-train --version` and of
# `release-train --help`, median of 20 runs each, and, with --before REF, of the CLI built from git REF measured in the
# same loop (alternating runs, so that the machine's noise falls on both alike).
#   eng/bench-cli-startup.sh                 # this checkout
#   eng/bench-cli-startup.sh --before main   # this checkout against main (built from `git archive main` in a temp dir)
# Results go to artifacts/bench/cli-startup.txt. Target: under 150 ms.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=artifacts/bench; mkdir -p "$out"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
before=""; runs=20
while [ $# -gt 0 ]; do
  case "$1" in
    --before) before="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "usage: $0 [--before GIT_REF] [--runs N]" >&2; exit 2 ;;
  esac
done

dotnet build src/Cli -c Release -nologo -v:q
after_cli="artifacts/bin/ReleaseTrain.Cli/release/release-train.dll"
before_cli=""
if [ -n "$before" ]; then
  tree=$(mktemp -d); trap 'rm -rf "$tree"' EXIT
  git archive "$before" | tar -x -C "$tree"
  (cd "$tree" && dotnet build src/Cli -c Release -nologo -v:q)
  before_cli="$tree/artifacts/bin/ReleaseTrain.Cli/release/release-train.dll"
fi

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }

{
  echo "machine: $(uname -srm), $(nproc) cores, sdk $(dotnet --version); median of $runs runs"
  for command in --version --help; do
    a=(); b=()
    dotnet "$after_cli" "$command" >/dev/null 2>&1 || true  # warm the disk cache
    for _ in $(seq "$runs"); do
      a+=("$(ms dotnet "$after_cli" "$command")")
      if [ -n "$before_cli" ]; then b+=("$(ms dotnet "$before_cli" "$command")"); fi
    done
    line="release-train $command: $(printf '%s\n' "${a[@]}" | median) ms"
    if [ -n "$before_cli" ]; then line="$line (before, $before: $(printf '%s\n' "${b[@]}" | median) ms)"; fi
    echo "$line"
  done
} | tee "$out/cli-startup.txt"
