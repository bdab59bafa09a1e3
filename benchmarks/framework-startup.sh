#!/usr/bin/env bash
# Issue 13: start-up (time to first response) and steady-state request throughput of Fixtures/WebApp (ASP.NET Core
# minimal API, static files, SQLite, Serilog), published self-contained and framework-dependent for linux-x64, unwoven
# and woven with `auditweaver weave --framework`, the woven framework compiled again with crossgen2 (the default) and
# left as IL (--no-ready-to-run). No hook, no log: the cost of the woven code itself. Also times each weave (crossgen2
# included). Target: the woven self-contained app starts within 1.2x of the unwoven one.
#
# Needs wrk (apt-get install -y wrk) and python3. Run on a quiet machine only (2 cores: nothing else building).
# Usage: benchmarks/framework-startup.sh [runs=15] [seconds=15] [connections=32]
# About 15 minutes (publishing twice, four weaves with crossgen2 over a woven framework, 6 builds measured).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-15}
SECONDS_EACH=${2:-15}
CONNECTIONS=${3:-32}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 2; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
dotnet build -c Release AuditWeaver.Tool >/dev/null
TOOL="dotnet $PWD/AuditWeaver.Tool/bin/Release/net10.0/AuditWeaver.Tool.dll"
RUNTIME=$PWD/AuditWeaver.Tool/bin/Release/net10.0/runtime/net8.0/AuditWeaver.dll

# Published from a copy, so that the RID-specific restore leaves the repository's obj/ alone.
mkdir -p "$WORK/src"
cp -r Fixtures/WebApp/. "$WORK/src"
rm -rf "$WORK/src/bin" "$WORK/src/obj"

RESULTS=$WORK/results.jsonl
for KIND in self-contained framework-dependent; do
  SC=$([ "$KIND" = self-contained ] && echo true || echo false)
  dotnet publish "$WORK/src" -c Release -r linux-x64 --self-contained "$SC" -p:AuditWeaverRuntime="$RUNTIME" -o "$WORK/$KIND/unwoven" >/dev/null
  for VARIANT in woven-r2r woven-il; do
    EXTRA=$([ "$VARIANT" = woven-il ] && echo --no-ready-to-run || true)
    START=$(date +%s.%N)
    $TOOL weave "$WORK/$KIND/unwoven" --out "$WORK/$KIND/$VARIANT" --framework $EXTRA > "$WORK/$KIND-$VARIANT.weave.txt"
    END=$(date +%s.%N)
    echo "{\"label\": \"$KIND $VARIANT\", \"measure\": \"weave_s\", \"value\": $(echo "$END - $START" | bc)}" | tee -a "$RESULTS"
    grep -E '^(framework|ReadyToRun):' "$WORK/$KIND-$VARIANT.weave.txt" | cut -c1-200 || true
  done
  for VARIANT in unwoven woven-r2r woven-il; do
    python3 benchmarks/framework_startup.py "$KIND $VARIANT" "$WORK/$KIND/$VARIANT/WebApp" "$RUNS" "$SECONDS_EACH" "$CONNECTIONS" "$WORK/data" | tee -a "$RESULTS"
  done
done

echo
echo "| Build | Start-up median (ms) | min-max | vs unwoven | /config req/s | vs unwoven | /site.css req/s | vs unwoven |"
echo "|---|---|---|---|---|---|---|---|"
python3 - "$RESULTS" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
def find(label, measure, path=None):
    return next((r for r in rows if r["label"] == label and r["measure"] == measure and r.get("path") == path), None)
for kind in ("self-contained", "framework-dependent"):
    base_start = find(kind + " unwoven", "startup_ms")
    base = {p: find(kind + " unwoven", "requests_per_s", p) for p in ("/config", "/site.css")}
    for variant in ("unwoven", "woven-r2r", "woven-il"):
        label = kind + " " + variant
        s = find(label, "startup_ms")
        cells = ["%.0f" % s["median"], "%.0f-%.0f" % (s["min"], s["max"]), "%.2fx" % (s["median"] / base_start["median"])]
        for p in ("/config", "/site.css"):
            r = find(label, "requests_per_s", p)
            cells += ["%.0f" % r["value"], "%.2fx" % (r["value"] / base[p]["value"])]
        print("| " + label + " | " + " | ".join(cells) + " |")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
