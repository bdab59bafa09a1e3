"""How fast this machine's core is right now: one fixed pure-Python loop (30 million additions at module level), timed.

On the shared 2-vCPU machine the benchmarks ran on, it takes either about 1.8 s or about 3.6 s, switching between runs
with nothing else running (docs/performance.md, section 8). Run it a few times before and after a benchmark to know
which speed the figures were measured at.
Usage: python3 benchmarks/cpu_speed.py
"""
import time

start = time.time()
total = 0
for i in range(30_000_000):
    total += i
print(round(time.time() - start, 2))
