"""Where the benchmark keeps things, and how it starts the processes of a scale."""

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BENCH_VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "benchmarks" / "results"
COMMAND = ROOT / "benchmarks" / "run.py"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"

WORKER_TIMEOUT = 3600


def db_name(scale: str, quick: bool) -> str:
    return f"{'quick-' if quick else ''}{scale}"


def scale_env(backend: str, name: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in {"DATABASE_URL", "PYTHONPATH"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY="benchmark-only-secret-key-not-used-anywhere-else-0123456789",
        DJANGO_DEBUG="",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        # Plain HTTP on loopback: no redirect to HTTPS.
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_ROOT=str(BENCH_VAR / "static"),
        DJANGO_VAR_DIR=str(BENCH_VAR / name),
        DJANGO_LOG_LEVEL="ERROR",
        PYTHONUNBUFFERED="1",
    )
    if backend == "postgresql":
        env["DATABASE_URL"] = f"{PG_SERVER}/bench_{name.replace('-', '_')}"
    return env


def sqlite_path(name: str) -> Path:
    return BENCH_VAR / name / "registry.sqlite3"


def run(command: list[str], env: dict, timeout: float, label: str) -> None:
    print(f"  $ {' '.join(command[1:] if command[0] == sys.executable else command)}", flush=True)
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, timeout=timeout, check=True)
    print(f"    {label}: {time.perf_counter() - started:.0f} s", flush=True)


def run_worker(kind: str, env: dict, args: list[str] | None = None, timeout: float = WORKER_TIMEOUT) -> dict:
    """Run run.py as ``--worker kind`` in the scale's environment and read back its JSON."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    try:
        command = [sys.executable, str(COMMAND), "--worker", kind, "--out", str(out), *(args or [])]
        subprocess.run(command, cwd=ROOT, env=env, timeout=timeout, check=True)
        return json.loads(out.read_text())
    finally:
        out.unlink(missing_ok=True)


def django_setup() -> None:
    # The commands put ROOT on sys.path before they import this package.
    import django

    django.setup()


def machine() -> dict:
    import psutil

    return {
        "cpus": os.cpu_count(),
        "ram_gb": psutil.virtual_memory().total / 2**30,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor(),
    }
