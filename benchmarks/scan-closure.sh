#!/usr/bin/env bash
# Time of `auditweaver scan` over the restored package closure of a realistic service (docs/performance.md, "Scanning
# a project's packages"; issue 16): benchmarks/ScanClosure/WebService.csproj is restored (not built) and its project
# file scanned with the Release build of the tool, once to warm the file cache, then timed. Prints the wall time, the
# load average of the machine when it started, and what the scan said it covered.
# Usage: benchmarks/scan-closure.sh [runs, default 1]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-1}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet restore benchmarks/ScanClosure/WebService.csproj -nologo -v q >/dev/null
dotnet build AuditWeaver.Tool -c Release -nologo -v q >/dev/null
tool=AuditWeaver.Tool/bin/Release/net10.0/AuditWeaver.Tool.dll
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet "$tool" scan benchmarks/ScanClosure/WebService.csproj --format json --out "$work/warm.json" 2>/dev/null || true
for run in $(seq 1 "$runs"); do
  echo "load average before run $run: $(cut -d' ' -f1-3 /proc/loadavg)"
  start=$(date +%s.%N)
  dotnet "$tool" scan benchmarks/ScanClosure/WebService.csproj --format json --out "$work/scan.json" 2>"$work/progress.txt" || true
  end=$(date +%s.%N)
  echo "run $run: $(echo "$end - $start" | bc) s"
done

head -1 "$work/progress.txt"
python3 - "$work/scan.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
assemblies = report["assemblies"]
edges = report["callGraphEdges"]
print(f'scanned {len(assemblies)} assemblies, skipped {len(report["skipped"])}, failed {len(report["failed"])}; '
      f'{sum(len(a["sites"]) for a in assemblies)} call sites, {sum(len(a["diagnostics"]) for a in assemblies)} escape hatches '
      f'({sum(1 for a in assemblies for d in a["diagnostics"] if d["id"] == "AW0006")} unsafe); {len(report["indirect"])} indirect capabilities; '
      f'call graph edges: {edges["direct"]} direct, {edges["virtual"]} virtual, {edges["interface"]} interface, {edges["delegate"]} delegate')
PY
