"""How pages and downloads are timed: budgeted request loops, percentiles, downloads with their memory growth."""

import contextlib
import http.client
import statistics
import threading
import time
from pathlib import Path

from benchmarks.servers import HTTP_TIMEOUT, http_get

MIN_REQUESTS = 5
# A CSV download (ours or the driver's) is repeated while its runs took under this many seconds.
REPEAT_BUDGET = 2.0
REPEAT_MOST = 5


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def timed(call, requests: int, budget: float) -> tuple[list[float], object]:
    """The seconds each of ``requests`` calls took, and what the last one returned."""
    timings = []
    answer = None
    budget_end = time.perf_counter() + budget
    for _i in range(requests):
        started = time.perf_counter()
        answer = call()
        timings.append(time.perf_counter() - started)
        # A page that takes seconds gets fewer requests rather than an unbounded run.
        if len(timings) >= MIN_REQUESTS and time.perf_counter() > budget_end:
            break
    return timings, answer


def latencies(port: int, path: str, requests: int, warmup: int, budget: float) -> dict:
    for _i in range(warmup):
        status, _body = http_get(port, path, timeout=120)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
    timings, _answer = timed(lambda: http_get(port, path, timeout=120), requests, budget)
    return {"url": path, "requests": len(timings), "p50": statistics.median(timings), "p95": percentile(timings, 0.95)}


def vm_hwm(pid: int) -> int | None:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return None


def download(port: int, path: str, *, process=None, time_cap: float = HTTP_TIMEOUT) -> dict:
    """GET ``path`` to the end (or for ``time_cap`` seconds): bytes, lines, TTFB, and the peak RSS growth."""
    peak = {"rss": 0}
    stop = threading.Event()
    baseline = process.memory_info().rss if process else 0
    hwm_before = vm_hwm(process.pid) if process else None

    def sample():
        while not stop.is_set():
            with contextlib.suppress(Exception):
                peak["rss"] = max(peak["rss"], process.memory_info().rss)
            stop.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    if process:
        sampler.start()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=min(HTTP_TIMEOUT, time_cap + 60))
    started = time.perf_counter()
    ttfb = None
    size = lines = 0
    capped = False
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}: {response.read(500)!r}")
        while chunk := response.read1(1 << 16):
            if ttfb is None:
                ttfb = time.perf_counter() - started
            size += len(chunk)
            lines += chunk.count(b"\n")
            if time.perf_counter() - started > time_cap:
                capped = True
                break
    finally:
        seconds = time.perf_counter() - started
        connection.close()
        stop.set()
        if process:
            sampler.join()
    rows = max(lines - 1, 0)  # the header line
    result = {
        "rows": rows,
        "bytes": size,
        "seconds": seconds,
        "rows_per_s": rows / seconds if seconds else 0,
        "ttfb": ttfb,
        "capped": capped,
    }
    if process:
        hwm_after = vm_hwm(process.pid)
        result["rss_before_mb"] = baseline / 2**20
        result["memory_growth_mb"] = max(peak["rss"] - baseline, 0) / 2**20
        if hwm_before is not None and hwm_after is not None:
            result["hwm_growth_mb"] = (hwm_after - hwm_before) / 2**20
    return result


def repeated(measure, *, budget: float = REPEAT_BUDGET, most: int = REPEAT_MOST) -> dict:
    """``measure()`` again while the runs so far took under ``budget`` seconds (at most ``most`` runs).

    A download of a thousand rows takes a few hundredths of a second, so one run is at the mercy
    of a single pause of the machine; the run with the median rate is kept, with the largest
    memory growth of all runs.
    """
    runs = [measure()]
    while len(runs) < most and sum(run["seconds"] for run in runs) < budget:
        runs.append(measure())
    result = dict(sorted(runs, key=lambda run: run["rows_per_s"])[len(runs) // 2])
    result["runs"] = len(runs)
    result["rows_per_s_runs"] = [run["rows_per_s"] for run in runs]
    for key in ("memory_growth_mb", "hwm_growth_mb"):
        if key in result:
            result[key] = max(run.get(key, 0) for run in runs)
    return result


def rate_line(result: dict) -> str:
    return f"{result['rows']:>9} rows {result['rows_per_s']:>9.0f} rows/s"
