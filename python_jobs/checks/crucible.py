"""Start and stop the local BigQuery emulator (crucible-emulator, in its own venv .venv-crucible).

    with running_crucible(port=19150, log=Path("build/emulator/crucible.log")) as endpoint:
        ...  # endpoint == "http://127.0.0.1:19150"

Bound to 127.0.0.1 only, in memory (every start is empty), always stopped on exit (also on errors
and Ctrl-C). Used by the emulator stage (emulator_stage.py) and by the loader's emulator test.
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from python_jobs.paths import PROJECT_DIR

CRUCIBLE_VENV = PROJECT_DIR / ".venv-crucible"
CRUCIBLE_BIN = CRUCIBLE_VENV / "bin" / "crucible"
HOST = "127.0.0.1"
DEFAULT_PORT = 19150


def available() -> bool:
    return CRUCIBLE_BIN.is_file()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _healthy(endpoint: str) -> bool:
    try:
        with urllib.request.urlopen(f"{endpoint}/_crucible/health", timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def running_crucible(port: int = DEFAULT_PORT, log: Path | None = None, timeout_s: float = 30.0) -> Iterator[str]:
    """Run `crucible serve --dialect bigquery` on 127.0.0.1:port; yields its endpoint URL."""
    if not available():
        raise FileNotFoundError(f"{CRUCIBLE_BIN} not found: create .venv-crucible first (make emulator-venvs)")
    endpoint = f"http://{HOST}:{port}"
    if _healthy(endpoint):
        raise RuntimeError(f"something already answers on {endpoint}: stop it or pick another port")
    sink = log.open("w") if log is not None else subprocess.DEVNULL
    process = subprocess.Popen(
        [str(CRUCIBLE_BIN), "serve", "--dialect", "bigquery", "--host", HOST, "--port", str(port)],
        stdout=sink,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + timeout_s
        while not _healthy(endpoint):
            if process.poll() is not None:
                raise RuntimeError(f"crucible exited with code {process.returncode} before it was healthy (log: {log})")
            if time.monotonic() > deadline:
                raise RuntimeError(f"crucible not healthy on {endpoint} after {timeout_s:.0f} s (log: {log})")
            time.sleep(0.2)
        yield endpoint
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log is not None and hasattr(sink, "close"):
            sink.close()
