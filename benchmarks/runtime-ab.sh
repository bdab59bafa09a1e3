#!/usr/bin/env bash
# In-process A/B of builds of the runtime (docs/performance.md, section 8): the woven File.Exists(null) of the benchmark
# workload, against AuditWeaver.dll as built at each git revision given ("." is the working tree), timed in one process
# in alternation (benchmarks/RuntimeAB). For differences smaller than this machine's run-to-run noise; BenchmarkDotNet
# remains the measure of record. The workload is woven once, by the working tree's weaver, so the revisions compared
# must share its woven-code contract (AuditWeaver.Weaving).
# Usage: benchmarks/runtime-ab.sh [--hooks N] [--rounds N] REV [REV...]
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
hooks=1
rounds=66
while [[ $# -gt 0 && "$1" == --* ]]; do
  case "$1" in
    --hooks) hooks="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "runtime-ab.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ $# -lt 1 ]]; then
  echo "usage: benchmarks/runtime-ab.sh [--hooks N] [--rounds N] REV [REV...]   (REV a git revision, or . for the working tree)" >&2
  exit 2
fi

repo="$(pwd)"
work="$(mktemp -d)"
cleanup() {
  git -C "$repo" worktree list --porcelain | sed -n "s|^worktree \($work/.*\)|\1|p" | while read -r tree; do
    git -C "$repo" worktree remove --force "$tree"
  done
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build benchmarks/Workload.Woven -c Release -nologo -v q >/dev/null
dotnet build benchmarks/RuntimeAB -c Release -nologo -v q >/dev/null
workload=benchmarks/Workload.Woven/bin/Release/net10.0/AuditWeaver.Benchmarks.Workload.Woven.dll

folders=()
index=0
for rev in "$@"; do
  index=$((index + 1))
  out="$work/$index-${rev//[^A-Za-z0-9._-]/_}"
  if [[ "$rev" == "." ]]; then
    source="$repo"
  else
    source="$work/tree-$index"
    git worktree add --quiet --detach "$source" "$rev"
  fi
  dotnet build "$source/AuditWeaver" -c Release -f net8.0 -nologo -v q -o "$out" >/dev/null
  cp "$workload" "$out/"
  folders+=("$out")
  echo "build $index: $rev -> $out"
done

echo "machine speed before (python3 benchmarks/cpu_speed.py; about 1.8 fast, 3.6 slow): $(python3 benchmarks/cpu_speed.py)"
dotnet benchmarks/RuntimeAB/bin/Release/net10.0/RuntimeAB.dll "$hooks" "$rounds" "${folders[@]}"
