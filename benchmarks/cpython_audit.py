#!/usr/bin/env python3.11
"""CPython's own audit-hook costs, for docs/performance.md: sys.audit with 0, 1 and 10 no-op hooks, and with one hook
that writes each event to a file as a JSON line (the like-for-like peer of AUDITWEAVER_LOG).

Hooks cannot be removed, so every case runs in a fresh interpreter. Each figure is the median over repeats of
timeit's per-call time, in nanoseconds. Usage: python3.11 benchmarks/cpython_audit.py [--number N] [--repeat R]
"""

import argparse
import statistics
import subprocess
import sys

# Runs in the child interpreter: add the hooks, then time sys.audit with one argument, as Audit.Raise is timed.
CHILD = """
import statistics, sys, timeit
hooks, number, repeat = {hooks}, {number}, {repeat}
for _ in range(hooks):
    sys.addaudithook(lambda event, args: None)
times = timeit.repeat('audit("bench.event", "arg")', globals={{"audit": sys.audit}}, number=number, repeat=repeat)
print(statistics.median(times) / number * 1e9, min(times) / number * 1e9)
"""


# The file hook: one JSON object per line with the fields AUDITWEAVER_LOG writes, through a buffered file object (the
# interpreter writes it out as its buffer fills, as the log's writer thread does).
FILE_CHILD = """
import datetime, json, os, statistics, sys, tempfile, threading, timeit
number, repeat = {number}, {repeat}
log = open(os.path.join(tempfile.gettempdir(), "cpython-audit-%d.jsonl" % os.getpid()), "a", encoding="utf-8")
pid = os.getpid()
def hook(event, args):
    if event == "bench.event":
        log.write(json.dumps({{"time": datetime.datetime.now(datetime.timezone.utc).isoformat(), "event": event,
            "category": event.partition(".")[0], "args": list(args), "api": None, "caller": None, "pid": pid,
            "tid": threading.get_ident()}}) + "\\n")
sys.addaudithook(hook)
times = timeit.repeat('audit("bench.event", "arg")', globals={{"audit": sys.audit}}, number=number, repeat=repeat)
log.close()
os.remove(log.name)
print(statistics.median(times) / number * 1e9, min(times) / number * 1e9)
"""


def measure(hooks: int, number: int, repeat: int) -> tuple[float, float]:
    template = FILE_CHILD if hooks < 0 else CHILD
    code = template.format(hooks=hooks, number=number, repeat=repeat)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=200_000, help="calls per timing")
    parser.add_argument("--repeat", type=int, default=15, help="timings per hook count")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, sys.audit('bench.event', 'arg'), {args.repeat} x {args.number} calls")
    print("| hooks | median ns/event | min ns/event |")
    print("|---:|---:|---:|")
    for hooks in (0, 1, 10, -1):
        median, minimum = measure(hooks, args.number, args.repeat)
        label = "1 (writes a JSON line to a file)" if hooks < 0 else str(hooks)
        print(f"| {label} | {median:.1f} | {minimum:.1f} |")


if __name__ == "__main__":
    main()
