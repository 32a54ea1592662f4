"""gunicorn and Datasette on a free 127.0.0.1 port, each stopped (its process group) when its block ends."""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from benchmarks.environment import BIN, RESULTS, ROOT

HTTP_TIMEOUT = 900


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A subprocess listening on 127.0.0.1, stopped (its process group) when the block ends."""

    def __init__(self, command: list[str], env: dict, port: int, ready_path: str, log: Path):
        self.command, self.env, self.port, self.ready_path, self.log = command, env, port, ready_path, log
        self.process: subprocess.Popen | None = None

    def __enter__(self):
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self._log_file = self.log.open("ab")
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.command[0]} exited; see {self.log}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                status, _body = http_get(self.port, self.ready_path, timeout=30)
                if status == 200:
                    return self
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{self.command[0]} did not answer {self.ready_path} in time; see {self.log}")

    def __exit__(self, *exc):
        self.stop()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if getattr(self, "_log_file", None):
            self._log_file.close()


def http_get(port: int, path: str, timeout: float = 60) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def gunicorn(env: dict, log: Path, options: list[str]) -> Server:
    """The production settings (``config.wsgi``) served by gunicorn with ``options``."""
    port = free_port()
    command = [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", *options, "--log-level", "warning"]
    return Server(command, env, port, "/crafts/", log)


def bench_gunicorn(env: dict, name: str) -> Server:
    # A sync worker reports to the arbiter only between requests: a long download needs room.
    options = ["--workers", "1", "--worker-class", "sync", "--timeout", str(HTTP_TIMEOUT)]
    return gunicorn(env, RESULTS / "logs" / f"gunicorn-{name}.log", options)


def datasette(path: Path, name: str) -> Server:
    port = free_port()
    command = [
        str(BIN / "datasette"),
        "serve",
        str(path),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--setting",
        "sql_time_limit_ms",
        "600000",
        "--setting",
        "max_returned_rows",
        "1000",
    ]
    return Server(command, os.environ.copy(), port, "/-/versions.json", RESULTS / "logs" / f"datasette-{name}.log")


def worker_process(server: Server):
    import psutil

    master = psutil.Process(server.process.pid)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = master.children()
        if children:
            return children[0]
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")
