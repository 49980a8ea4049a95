"""Pages fetched by wrk (Debian's `wrk` package) when it is installed, else by the Python client.

The Python client (test_throughput.fetch_many: one thread per connection) spends about as much CPU per
request as nginx serving a cached page, so on a 2-core machine it caps what it can measure near 7,000
requests/s. wrk is written in C on an event loop: the same 16 connections then measure the server,
not the client. Both report the same Result (requests/s, p50/p99), so the tables read the same either way.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile

from tests.bench.test_throughput import Result, fetch_many
from tests.support.server import HOST_A

# Printed by wrk when the run is done: what Result needs, as one JSON line (latencies in microseconds).
REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format('WRK={"requests": %d, "seconds": %f, "p50": %f, "p95": %f, "p99": %f, "bytes": %d, '
    .. '"errors_4xx_5xx": %d, "socket_errors": %d}\\n', summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.bytes, errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
"""


def client_name() -> str:
    return "wrk" if shutil.which("wrk") else "Python threads"


def load(port: int, path: str, total: int, concurrency: int, max_seconds: float, label: str = "") -> Result:
    """GET `path` on 127.0.0.1:`port` for about `total` requests (wrk: for a duration that fits them)."""
    if not shutil.which("wrk"):
        return fetch_many(port, path, total, concurrency, max_seconds, label)
    # wrk runs for a duration, not a count: a short probe gives the rate, the run then lasts for `total`
    probe = _wrk(port, path, concurrency, 1, label)
    seconds = max(2, min(int(max_seconds), round(total / max(probe.rps, 1))))
    return _wrk(port, path, concurrency, seconds, label)


def _wrk(port: int, path: str, concurrency: int, seconds: int, label: str) -> Result:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(REPORT)
    try:
        done = subprocess.run(
            ["wrk", "-t", str(min(2, os.cpu_count() or 1)), "-c", str(concurrency), "-d", f"{seconds}s", "--timeout", "10s",
             "-s", script.name, "-H", f"Host: {HOST_A}:{port}", "-H", "User-Agent: jamaa-bench",
             f"http://{HOST_A}:{port}{path}"],
            capture_output=True, text=True, timeout=seconds + 60, check=True)
    finally:
        os.unlink(script.name)
    line = next(line for line in done.stdout.splitlines() if line.startswith("WRK="))
    figures = json.loads(line[len("WRK="):])
    statuses = {200: figures["requests"] - figures["errors_4xx_5xx"]}
    if figures["errors_4xx_5xx"]:
        statuses["4xx/5xx"] = figures["errors_4xx_5xx"]
    if figures["socket_errors"]:
        statuses["socket errors"] = figures["socket_errors"]
    return Result(label=label or path, path=path, requests=figures["requests"], seconds=figures["seconds"],
                  statuses=statuses, response_bytes=figures["bytes"] // max(figures["requests"], 1),
                  fixed_percentiles={50: figures["p50"], 95: figures["p95"], 99: figures["p99"]})
