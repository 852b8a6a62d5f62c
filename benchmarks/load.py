"""A bounded load test of the generated mock server: valid and invalid requests, no 5xx allowed.

    python benchmarks/load.py [TARGET] [--requests 4000] [--concurrency 50] [--max-seconds 120]

Starts `apigen serve TARGET --port 0` (a configured target or a spec file; default `scope3_ai`)
on 127.0.0.1, reads the operations and security schemes from its `/openapi.json`, and sends a
seeded, shuffled mix through httpx's async client: valid calls (path parameters filled in,
credentials, the spec's example body), and invalid ones (missing credentials, wrong-typed query
parameters, malformed JSON, `1e999999`, a lone surrogate escape, bytes that are not UTF-8, a
body over the 10 MiB limit). Prints requests/s, p50/p99 latency, the status counts and the
server's resident memory after a warm-up and after the run. Exits 1 when any response is a 5xx
or any request gets no response at all, else 0. Nothing but 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
API_KEY = "load-test-key"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
OVERSIZED = 10 * 1024 * 1024 + 1


@dataclass(frozen=True)
class Call:
    """One request to send."""

    kind: str
    """What the request exercises (`valid`, `no-credentials`, `bad-json`, ...)."""
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)
    content: bytes | None = None


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    transport_errors: Counter[str] = field(default_factory=Counter)

    @property
    def server_errors(self) -> int:
        return sum(n for (_, status), n in self.statuses.items() if status >= 500)


@contextmanager
def served(target: str) -> Iterator[tuple[str, int]]:
    """`apigen serve TARGET --port 0` on 127.0.0.1: yields (base URL, server pid)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", target, "--host", "127.0.0.1",
         "--port", "0", "--api-key", API_KEY],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        assert process.stdout is not None
        watchdog = threading.Timer(120, process.kill)  # readline must not wait forever
        watchdog.start()
        banner = ""
        try:
            while "Stop with Ctrl+C" not in banner:
                line = process.stdout.readline()
                if not line:
                    break
                banner += line
        finally:
            watchdog.cancel()
        found = re.search(r"mock at (http://\S+)", banner)
        if found is None:
            raise SystemExit(f"load: `apigen serve {target}` did not start:\n{banner}")
        url = found.group(1).rstrip("/")
        # Keep reading the server's output (its access log): a full pipe would stall it.
        threading.Thread(target=process.stdout.read, daemon=True).start()
        if urlsplit(url).hostname != "127.0.0.1":
            raise SystemExit(f"load: refusing to load anything but 127.0.0.1 ({url})")
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(url + "/openapi.json", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit("load: the server never answered /openapi.json") from None
                time.sleep(0.05)
        yield url, process.pid
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def rss_mib(pid: int) -> float:
    """Resident memory of process `pid` (Linux /proc), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def credentials(spec: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """(headers, query) carrying `API_KEY` in every scheme the spec declares."""
    headers: dict[str, str] = {}
    query: dict[str, str] = {}
    schemes = (spec.get("components") or {}).get("securitySchemes") or {}
    for scheme in schemes.values():
        kind = scheme.get("type")
        if kind == "apiKey" and scheme.get("in") == "header":
            headers[scheme["name"]] = API_KEY
        elif kind == "apiKey" and scheme.get("in") == "query":
            query[scheme["name"]] = API_KEY
        elif kind in ("oauth2", "openIdConnect") or (
                kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer"):
            headers["Authorization"] = f"Bearer {API_KEY}"
    return headers, query


def _example_body(operation: dict[str, Any]) -> bytes | None:
    content = (operation.get("requestBody") or {}).get("content") or {}
    media = content.get("application/json")
    if not isinstance(media, dict):
        return None
    if "example" in media:
        return json.dumps(media["example"]).encode()
    for example in (media.get("examples") or {}).values():
        if isinstance(example, dict) and "value" in example:
            return json.dumps(example["value"]).encode()
    return b"{}"


def calls_for(spec: dict[str, Any]) -> tuple[list[Call], list[Call]]:
    """(valid calls, invalid calls) for every operation of `spec`."""
    auth, auth_query = credentials(spec)
    valid: list[Call] = []
    invalid: list[Call] = []
    for template, item in (spec.get("paths") or {}).items():
        for method in METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if not isinstance(operation, dict):
                continue
            parameters = [*item.get("parameters", []), *operation.get("parameters", [])]
            path = re.sub(r"\{[^}]+\}", "1", template.partition("#")[0])
            query = dict(auth_query)
            for parameter in parameters:
                if parameter.get("in") == "query" and parameter.get("required"):
                    schema = parameter.get("schema") or {}
                    query[parameter["name"]] = "1" if schema.get("type") in (
                        "integer", "number") else str((schema.get("enum") or ["x"])[0])
            body = _example_body(operation)
            json_headers = {**auth, "content-type": "application/json"}
            verb = method.upper()
            valid.append(Call("valid", verb, path, json_headers if body else auth, query, body))
            if operation.get("security", spec.get("security")):
                invalid.append(Call("no-credentials", verb, path, {}, query, body))
            for parameter in parameters:
                schema = parameter.get("schema") or {}
                if parameter.get("in") == "query" and schema.get("type") in ("integer", "number"):
                    invalid.append(Call("bad-query", verb, path, auth,
                                        {**query, parameter["name"]: "not-a-number"}, body))
            if body is not None:
                for kind, content in (
                    ("bad-json", b'{"id": '),
                    ("huge-number", b'{"id": "m", "estimated_use_life_days": 1e999999}'),
                    ("lone-surrogate", b'{"id": "\\ud800", "name": "\\udfff"}'),
                    ("not-utf8", b'{"id": "\xff\xfe"}'),
                    ("wrong-types", b'{"id": 5, "name": [1], "aliases": "x"}'),
                ):
                    invalid.append(Call(kind, verb, path, json_headers, query, content))
    return valid, invalid


def plan(valid: list[Call], invalid: list[Call], *, count: int, seed: int,
         oversized: int) -> list[Call]:
    """`count` calls, about half valid, shuffled with `seed`; `oversized` of them over the
    body limit."""
    rng = random.Random(seed)
    calls = [rng.choice(valid) if i % 2 or not invalid else rng.choice(invalid)
             for i in range(count - oversized)]
    bodied = [c for c in valid if c.content is not None] or valid
    for _ in range(oversized):
        base = rng.choice(bodied)
        calls.append(Call("oversized", "POST" if base.content is None else base.method,
                          base.path, {**base.headers, "content-type": "application/json"},
                          base.params, b" " * OVERSIZED))
    rng.shuffle(calls)
    return calls


async def drive(url: str, calls: list[Call], *, concurrency: int, deadline: float,
                tally: Tally) -> float:
    """Send `calls` with `concurrency` workers until done or `deadline`; returns seconds taken."""
    queue: asyncio.Queue[Call] = asyncio.Queue()
    for call in calls:
        queue.put_nowait(call)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def worker(client: httpx.AsyncClient) -> None:
        while time.monotonic() < deadline:
            try:
                call = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            started = time.perf_counter()
            try:
                response = await client.request(call.method, url + call.path,
                                                headers=call.headers, params=call.params,
                                                content=call.content)
            except httpx.HTTPError as exc:
                tally.transport_errors[f"{call.kind}: {type(exc).__name__}"] += 1
                continue
            tally.latencies.append(time.perf_counter() - started)
            tally.statuses[(call.kind, response.status_code)] += 1

    began = time.perf_counter()
    async with httpx.AsyncClient(limits=limits, timeout=30, trust_env=False) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return time.perf_counter() - began


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", nargs="?", default="scope3_ai",
                        help="configured target or spec file (default: scope3_ai)")
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--max-seconds", type=float, default=120.0,
                        help="stop sending after this long (default: 120)")
    parser.add_argument("--oversized", type=int, default=4,
                        help="requests with a body over the 10 MiB limit (default: 4)")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    if not 0 < args.requests <= 100_000 or not 0 < args.concurrency <= 500:
        parser.error("--requests must be in 1..100000 and --concurrency in 1..500")

    with served(args.target) as (url, pid):
        spec = httpx.get(url + "/openapi.json", timeout=10).json()
        valid, invalid = calls_for(spec)
        if not valid:
            raise SystemExit("load: the spec has no operations")
        warm = Tally()
        asyncio.run(drive(url, plan(valid, invalid, count=200, seed=args.seed + 1, oversized=0),
                          concurrency=args.concurrency, deadline=time.monotonic() + 30,
                          tally=warm))
        before = rss_mib(pid)
        tally = Tally()
        calls = plan(valid, invalid, count=args.requests, seed=args.seed,
                     oversized=min(args.oversized, args.requests))
        seconds = asyncio.run(drive(url, calls, concurrency=args.concurrency,
                                    deadline=time.monotonic() + args.max_seconds, tally=tally))
        after = rss_mib(pid)

    answered = len(tally.latencies)
    print(f"target {args.target}: {answered} of {len(calls)} requests answered in {seconds:.1f} s"
          f" ({args.concurrency} concurrent, {len(valid)} valid and {len(invalid)} invalid"
          f" request shapes, seed {args.seed})")
    print(f"throughput: {answered / seconds:.0f} requests/s")
    print(f"latency: p50 {percentile(tally.latencies, 0.50) * 1000:.1f} ms, "
          f"p99 {percentile(tally.latencies, 0.99) * 1000:.1f} ms, "
          f"max {max(tally.latencies, default=float('nan')) * 1000:.1f} ms")
    by_kind: dict[str, Counter[int]] = {}
    for (kind, status), n in sorted(tally.statuses.items()):
        by_kind.setdefault(kind, Counter())[status] += n
    for kind, counts in by_kind.items():
        print(f"  {kind:15} " + ", ".join(f"{s}: {n}" for s, n in sorted(counts.items())))
    for error, n in sorted(tally.transport_errors.items()):
        print(f"  transport error {error}: {n}")
    print(f"5xx responses: {tally.server_errors}")
    print(f"server RSS: {before:.1f} MiB after warm-up, {after:.1f} MiB after the run "
          f"({after - before:+.1f} MiB)")
    median = statistics.median(tally.latencies) if tally.latencies else float("nan")
    dropped = sum(tally.transport_errors.values())
    failed = tally.server_errors > 0 or dropped > 0 or answered == 0
    if failed:
        print(f"load: FAILED (5xx: {tally.server_errors}, transport errors: {dropped}, "
              f"median latency {median * 1000:.1f} ms)", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
