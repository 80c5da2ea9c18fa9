#!/usr/bin/env bash
# The ledger (issue 15), measured against git itself:   eng/bench-ledger.sh [ROUNDS]   (default 15)
#   1. Append latency: `release-train decide` recording on the ledger of a bare repository served by git daemon on
#      127.0.0.1, against `decide --dry-run` (the same decision, not recorded) and against a bare `git push` of one
#      commit to the same daemon. Medians of ROUNDS; ratio = (decide - dry-run) / push.
#   2. 16 concurrent writers: 16 `decide` processes, each in its own clone, started at once: records per second (wall
#      clock from start to the last exit) and retries per record (pushes counted from GIT_TRACE, minus one each).
# Needs git with git-daemon; a built CLI (artifacts/bin/ReleaseTrain.Cli/release) or it builds it.
# Git runs with a throw-away HOME and global config. Results go to artifacts/bench/ledger.txt.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds=${1:-15}
out=artifacts/bench; mkdir -p "$out"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dll=artifacts/bin/ReleaseTrain.Cli/release/release-train.dll
[ -f "$dll" ] || dotnet build src/Cli -c Release -nologo -v:q
cli="dotnet $PWD/$dll"

work=$(mktemp -d /tmp/rt-bench-ledger.XXXXXX)
daemon_pid=""
cleanup() { [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export HOME="$work/home" GIT_CONFIG_GLOBAL="$work/home/gitconfig" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
printf '[user]\n\tname = bench\n\temail = bench@localhost\n[init]\n\tdefaultBranch = main\n' > "$GIT_CONFIG_GLOBAL"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/served"
git init -q --bare "$work/served/origin.git"
git daemon --reuseaddr --listen=127.0.0.1 --port="$port" --base-path="$work/served" --export-all \
  --enable=receive-pack "$work/served" >/dev/null 2>&1 &
daemon_pid=$!
url="git://127.0.0.1:$port/origin.git"
for _ in $(seq 100); do git ls-remote "$url" >/dev/null 2>&1 && break; sleep 0.1; done

clone() {
  git init -q "$1"; git -C "$1" remote add origin "$url"
  git -C "$1" commit -q --allow-empty -m work
  echo '{ "ledger": { "remote": "origin", "branch": "release-train/ledger" } }' > "$1/release-train.json"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
sha=0123456789abcdef0123456789abcdef01234567

echo "== machine"
{ uname -srm; nproc | sed 's/^/cores: /'; git --version; dotnet --version | sed 's/^/sdk: /'; } | tee "$out/ledger.txt"

echo "== append latency (median of $rounds)" | tee -a "$out/ledger.txt"
clone "$work/one"
(cd "$work/one" && $cli decide --version 0.0.0 --commit $sha >/dev/null || true)   # warm up; creates the branch
decide=(); dry=(); push=()
git -C "$work/one" commit -q --allow-empty -m base
git -C "$work/one" push -q "$url" HEAD:refs/heads/bench
for i in $(seq "$rounds"); do
  s=$(now_ms); (cd "$work/one" && $cli decide --version "1.0.$i" --commit $sha >/dev/null || true); e=$(now_ms)
  decide+=($((e - s)))
  s=$(now_ms); (cd "$work/one" && $cli decide --version "1.0.$i" --commit $sha --dry-run >/dev/null || true); e=$(now_ms)
  dry+=($((e - s)))
  git -C "$work/one" commit -q --allow-empty -m "push $i"
  s=$(now_ms); git -C "$work/one" push -q "$url" HEAD:refs/heads/bench; e=$(now_ms)
  push+=($((e - s)))
done
d=$(printf '%s\n' "${decide[@]}" | median); r=$(printf '%s\n' "${dry[@]}" | median); p=$(printf '%s\n' "${push[@]}" | median)
{
  echo "release-train decide (recorded on the ledger): $d ms; decide --dry-run: $r ms; ledger part: $((d - r)) ms"
  echo "git push of one commit: $p ms; ratio (ledger part / git push): $(awk "BEGIN {printf \"%.1f\", ($d - $r) / $p}")"
} | tee -a "$out/ledger.txt"

echo "== 16 concurrent writers" | tee -a "$out/ledger.txt"
for i in $(seq 16); do clone "$work/w$i"; done
before=$(git --git-dir="$work/served/origin.git" rev-list --count refs/heads/release-train/ledger)
s=$(now_ms)
pids=()
for i in $(seq 16); do
  (cd "$work/w$i" && GIT_TRACE="$work/trace-$i.log" $cli decide --version "2.0.$i" --commit $sha >"$work/out-$i.txt" 2>&1 || true) &
  pids+=($!)
done
wait "${pids[@]}"
e=$(now_ms)
after=$(git --git-dir="$work/served/origin.git" rev-list --count refs/heads/release-train/ledger)
pushes=$(cat "$work"/trace-*.log | grep -c 'built-in: git push' || true)
landed=$((after - before))
{
  echo "records landed: $landed of 16 in $((e - s)) ms: $(awk "BEGIN {printf \"%.1f\", $landed * 1000 / ($e - $s)}") records/s"
  echo "pushes: $pushes; retries per record: $(awk "BEGIN {printf \"%.2f\", ($pushes - $landed) / $landed}")"
} | tee -a "$out/ledger.txt"
(cd "$work/w1" && $cli log verify) | tail -n 1 | tee -a "$out/ledger.txt"
