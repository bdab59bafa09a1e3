#!/usr/bin/env bash
# Build overhead of the weaver (docs/performance.md, suite 6): times `dotnet build` of samples/Sample with the weaver
# and with Fody disabled, alternating the two so that load from other work on the machine falls on both alike.
# Only the sample itself is rebuilt (--no-dependencies --no-incremental): the runtime and the weaver are built once
# first, as they would be in a user's incremental build. Prints the median and each run, in seconds, and the time
# Fody reports for itself. Usage: benchmarks/build-overhead.sh [runs per variant, default 7]
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-7}"
project=samples/Sample
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

dotnet build "$project" -c Release -nologo -v q >/dev/null

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

woven=()
plain=()
fody=()
for _ in $(seq "$runs"); do
  for variant in woven plain; do
    flags=()
    [ "$variant" = plain ] && flags=(-p:DisableFody=true)
    start=$(date +%s.%N)
    dotnet build "$project" -c Release --no-restore --no-dependencies --no-incremental -nologo -v n "${flags[@]}" >"$log"
    end=$(date +%s.%N)
    seconds=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }')
    if [ "$variant" = woven ]; then
      woven+=("$seconds")
      # Fody logs "Finished Fody <n>ms." for its own run.
      fody+=("$(sed -n 's/.*Finished Fody \([0-9]*\)ms.*/\1/p' "$log" | head -n 1)")
    else
      plain+=("$seconds")
    fi
  done
done

# The last build leaves the sample woven, as the repository expects it.
dotnet build "$project" -c Release --no-restore --no-dependencies --no-incremental -nologo -v q >/dev/null

echo "uptime: $(uptime)"
echo "dotnet build $project -c Release --no-restore --no-dependencies --no-incremental, $runs runs each"
echo "woven  median $(printf '%s\n' "${woven[@]}" | median) s   runs: ${woven[*]}"
echo "plain  median $(printf '%s\n' "${plain[@]}" | median) s   runs: ${plain[*]}"
echo "Fody's own time (woven builds) median $(printf '%s\n' "${fody[@]}" | median) ms   runs: ${fody[*]}"
