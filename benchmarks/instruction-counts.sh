#!/usr/bin/env bash
# Weaving against its floor in instructions rather than time (docs/performance.md, suite 5): callgrind counts for the
# Cecil read+write floor and for the weave of System.Private.Xml, per run, as the difference between 3 runs and 1,
# halved. Fully optimized JIT from the start and a non-concurrent GC with a large first generation keep the count
# repeatable. Takes about 8 minutes. Usage: benchmarks/instruction-counts.sh
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build benchmarks/AuditWeaver.Benchmarks -c Release -nologo -v q >/dev/null
export DOTNET_TieredCompilation=0 DOTNET_TieredPGO=0 DOTNET_gcConcurrent=0 DOTNET_GCgen0size=0x20000000
suite=benchmarks/AuditWeaver.Benchmarks/bin/Release/net10.0/AuditWeaver.Benchmarks.dll

count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null --smc-check=all-non-file dotnet "$suite" --weave-loop "$1" "$2" 2>&1 \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

floor=$(( ($(count floor 3) - $(count floor 1)) / 2 ))
weave=$(( ($(count weave 3) - $(count weave 1)) / 2 ))
echo "floor (read + write): $floor instructions per run"
echo "read + weave + write: $weave instructions per run"
awk -v f="$floor" -v w="$weave" 'BEGIN { printf "ratio to floor: %.2f\n", w / f }'
