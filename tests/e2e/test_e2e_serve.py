"""`apigen serve` as a user runs it: a real process on 127.0.0.1, called by the generated
client, stopped with Ctrl+C (SIGINT)."""

from __future__ import annotations

import importlib
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def served() -> Iterator[tuple[str, str]]:
    """`apigen serve sgp --port 0 --api-key k`: yields (base URL, banner)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "sgp", "--port", "0", "--api-key", "k"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert process.stdout is not None
    banner = ""
    deadline = time.monotonic() + 60
    try:
        watchdog = threading.Timer(60, process.kill)  # readline below must not hang forever
        watchdog.start()
        try:
            while "Stop with Ctrl+C" not in banner:
                line = process.stdout.readline()
                if not line:
                    break
                banner += line
        finally:
            watchdog.cancel()
        found = re.search(r"mock at (http://\S+)", banner)
        url = found.group(1) if found else None
        assert url is not None, banner + (process.stderr.read() if process.poll() else "")
        while time.monotonic() < deadline:  # the banner comes before uvicorn starts
            try:
                httpx.get(url + "/openapi.json", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        yield url, banner
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl+C
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    errors = process.stderr.read() if process.stderr else ""
    assert process.returncode == 0, errors
    assert "Traceback" not in errors


def test_serve_runs_the_mock_for_the_generated_client(served: tuple[str, str],
                                                      seed_packages: Path) -> None:
    url, banner = served
    assert url.startswith("http://127.0.0.1:")
    assert f"sgp.Client(api_key='k', base_url='{url}')" in banner
    sgp: ModuleType = importlib.import_module("sgp")
    with sgp.Client(api_key="k", base_url=url, max_retries=0) as client:
        added = client.model_groups.models.create(model_group_id="a b/c",
                                                  model_instance_id="ü")
        assert (added.model_group_id, added.id) == ("a b/c", "ü")
    with sgp.Client(api_key="not-k", base_url=url, max_retries=0) as client, \
            pytest.raises(sgp.AuthenticationError):
        client.model_groups.models.create(model_group_id="a", model_instance_id="b")
    spec = httpx.get(url + "/openapi.json").json()
    assert spec["info"]["title"] == "Scale GenAI Platform API"


def test_serve_refuses_a_busy_port(tmp_path: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "generator.cli", "serve", "sgp", "--port", str(port)],
            cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
        )
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
