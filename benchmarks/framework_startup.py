#!/usr/bin/env python3
"""Start-up and steady-state throughput of one build of Fixtures/WebApp (issue 13's framework weaving).

Usage: framework_startup.py <label> <apphost> <runs> <seconds> <connections> <data folder>

Start-up is the time from starting the apphost to the first successful response to GET /config, over <runs> fresh
processes (each with an empty data folder, so SQLite and the log start from nothing). Throughput is measured with wrk
against one server kept running: <seconds> seconds of GET /config (a minimal API reading configuration) and of
GET /site.css (a static file: the file.open the woven framework announces), after a warm-up of the same length;
<seconds> 0 measures start-up only.
Prints one JSON object per line."""
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

label, apphost, runs, seconds, connections, data = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]


def start(folder):
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    env = dict(os.environ, WebApp__Port="0", WebApp__DataFolder=folder)
    began = time.perf_counter()
    process = subprocess.Popen([apphost], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
    for line in process.stdout:
        match = re.search(r"listening on (http://\S+)", line)
        if match:
            return process, match.group(1), began
    raise SystemExit(label + ": the app exited without listening (exit code " + str(process.wait()) + ")")


def first_response(url, began):
    while True:
        try:
            with urllib.request.urlopen(url + "/config", timeout=10) as response:
                response.read()
                return time.perf_counter() - began
        except (ConnectionError, socket.timeout, urllib.error.URLError):
            time.sleep(0.001)


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


startups = []
for run in range(runs):
    process, url, began = start(os.path.join(data, "startup"))
    try:
        startups.append(first_response(url, began) * 1000)
    finally:
        stop(process)

print(json.dumps({"label": label, "measure": "startup_ms", "runs": runs, "median": statistics.median(startups),
                  "mean": statistics.mean(startups), "min": min(startups), "max": max(startups)}))
sys.stdout.flush()

if seconds == 0:
    sys.exit(0)  # start-up only

process, url, _ = start(os.path.join(data, "throughput"))
try:
    for path in ("/config", "/site.css"):
        command = ["wrk", "-t", "1", "-c", str(connections), "-d", str(seconds) + "s", url + path]
        subprocess.run(command, check=True, capture_output=True)  # warm-up: tiered JIT, connection pools
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        print(json.dumps({"label": label, "measure": "requests_per_s", "path": path, "value": rate,
                          "non_2xx": int(errors.group(1)) if errors else 0}))
        sys.stdout.flush()
finally:
    stop(process)
