"""Run one command as a whole process: wall time, peak memory, exit status, output tail.

Two memory figures, both from the standard library and /proc (Linux):
- `rss_mib`: peak resident set of the largest single process of the run (the child or any
  descendant it waited for), exact, from `os.wait4`'s rusage;
- `tree_mib`: peak of the summed proportional set size (PSS, shared pages split between the
  processes sharing them) of the child and all its live descendants, sampled every 0.1 s, so
  a process pool counts as the memory it really holds.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SAMPLE_SECONDS = 0.1
NOISE = ("If you believe this was a mistake", "####", "Skipping Integration")


@dataclass(frozen=True)
class Run:
    """One finished process."""

    seconds: float
    rss_mib: float
    tree_mib: float
    returncode: int
    timed_out: bool
    output_tail: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    def failure(self) -> str:
        """`fails after 19 s: <reason>` for a failed run."""
        if self.timed_out:
            return f"timed out after {self.seconds:.0f} s"
        return f"fails after {self.seconds:.0f} s: {failure_reason(self.output_tail)}"


def failure_reason(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    lines = [line for line in lines if not any(noise in line for noise in NOISE)]
    errors = [line for line in lines if "error" in line.lower() or "exception" in line.lower()]
    reason = (errors or lines or ["no output"])[-1]
    return reason if len(reason) <= 160 else reason[:157] + "..."


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found.extend(int(c) for c in (task / "children").read_text().split())
    except OSError:
        pass
    return found


def _tree(pid: int) -> list[int]:
    pids = [pid]
    for current in pids:  # grows while iterating: breadth-first over the process tree
        pids.extend(_children(current))
    return pids


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeSampler(threading.Thread):
    """Polls the summed PSS of a process tree until `stop()`."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kib = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak_kib = max(self.peak_kib, sum(_pss_kib(p) for p in _tree(self.pid)))
            self._done.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def _tail(path: Path, limit: int = 2000) -> str:
    data = path.read_bytes()
    return data[-limit:].decode("utf-8", errors="replace")


def _wait(pid: int, timeout: float) -> tuple[int, Any, bool]:
    """os.wait4 with a deadline: (exit code, rusage, whether the deadline killed the group).
    An interrupt of the benchmark itself (Ctrl-C, SIGTERM) takes the child's group with it."""
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        _kill_group(pid)

    killer = threading.Timer(timeout, expire)
    killer.start()
    try:
        _, status, usage = os.wait4(pid, 0)
    except BaseException:
        _kill_group(pid)
        raise
    finally:
        killer.cancel()
    return os.waitstatus_to_exitcode(status), usage, expired.is_set()


def run(
    command: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    log: Path,
    timeout: float,
) -> Run:
    """Run `command` to completion (killing its process group after `timeout` seconds)."""
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(list(command), cwd=cwd, env=dict(env), stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        try:
            proc.returncode, usage, timed_out = _wait(proc.pid, timeout)
            seconds = time.perf_counter() - start
        finally:
            sampler.stop()
    return Run(
        seconds=seconds,
        rss_mib=usage.ru_maxrss / 1024,
        tree_mib=sampler.peak_kib / 1024,
        returncode=proc.returncode,
        timed_out=timed_out,
        output_tail=_tail(log),
    )
