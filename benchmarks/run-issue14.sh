#!/usr/bin/env bash
# Re-runs exactly the measurements behind issue 14's figures in docs/performance.md ("Events and sinks"), in one
# session: the per-event cost of each consumer side by side (SinkBenchmarks), the hook path with 0/1/10/100 hooks
# (HookBenchmarks), and CPython 3.11's audit hooks including one that writes each event to a file.
# Results: BenchmarkDotNet.Artifacts/results/*-report-github.md, and CPython's table on standard output.
# About 20 minutes on a quiet 2-core machine; the log cases write about 1.5 GB to the temp folder (deleted after).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet run -c Release --project benchmarks/AuditWeaver.Benchmarks -- --filter '*SinkBenchmarks*' '*HookBenchmarks*'
python3.11 benchmarks/cpython_audit.py
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
