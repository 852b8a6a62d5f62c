"""Per-call overhead of the generated sync client against a bare httpx call.

Both sides go through the same `httpx.MockTransport` answering the same JSON, so the difference
is the client itself: argument handling, body validation and encoding, auth, retries
bookkeeping and typed response parsing (the bare call does `response.json()`).

    python benchmarks/client_overhead.py [--calls 5000] [--runs 5]

Generates the seed packages into a temporary folder first (from the current templates), so the
numbers describe today's generator. Prints the median per-call time of each side and the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]

MODEL = {
    "id": "gpt-4-turbo",
    "aliases": ["claude-latest"],
    "name": "GPT-4 Turbo",
    "customer_id": 123,
    "created_at": "2023-11-07T05:31:56Z",
    "updated_at": "2023-11-07T05:31:56Z",
    "created_by": "someone",
}
REQUEST = {"id": "gpt-4-turbo", "name": "GPT-4 Turbo", "aliases": ["claude-latest"]}
INSTANCE = {
    "name": "m",
    "model_type": "COMPLETION",
    "id": "mi-1",
    "created_at": "2023-11-07T05:31:56Z",
    "account_id": "acc",
    "created_by_user_id": "u",
    "request_schema": {},
    "response_schema": {},
    "deployment_count": 1,
    "supports_multi_turn": True,
}


def generate_seeds(out: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from generator.config import load_targets
    from generator.output.emit import write_package
    from generator.pipeline import generate_target

    for target in load_targets(ROOT):
        write_package(generate_target(target, root=ROOT).package, out / target.package)
    sys.path.insert(0, str(out))


def transport(status: int, payload: dict[str, object]) -> httpx.MockTransport:
    response_body = httpx.Response(status, json=payload).content
    headers = {"content-type": "application/json"}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=response_body, headers=headers)

    return httpx.MockTransport(handler)


def per_call(fn: Callable[[], object], calls: int, runs: int) -> float:
    """Median over `runs` of the mean seconds per call."""
    for _ in range(min(calls, 200)):
        fn()
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        timings.append((time.perf_counter() - start) / calls)
    return statistics.median(timings)


def cases() -> list[tuple[str, Callable[[], object], Callable[[], object]]]:
    import scope3_ai
    import sgp

    scope3_http = httpx.Client(transport=transport(201, MODEL))
    scope3 = scope3_ai.Client(api_key="sk-bench", http_client=httpx.Client(
        transport=transport(201, MODEL)))
    sgp_http = httpx.Client(transport=transport(200, INSTANCE))
    sgp_client = sgp.Client(api_key="k-bench", http_client=httpx.Client(
        transport=transport(200, INSTANCE)))

    def bare_scope3() -> object:
        response = scope3_http.post(
            "https://aiapi.scope3.com/model", json=REQUEST,
            headers={"Authorization": "Bearer sk-bench", "Accept": "application/json"},
        )
        response.raise_for_status()
        return response.json()

    def client_scope3() -> object:
        return scope3.model.create(id="gpt-4-turbo", name="GPT-4 Turbo", aliases=["claude-latest"])

    def bare_sgp() -> object:
        response = sgp_http.post(
            "https://api.egp.scale.com/v4/model-groups/g1/models/m1", content=b"",
            headers={"x-api-key": "k-bench", "Content-Type": "application/json",
                     "Accept": "application/json"},
        )
        response.raise_for_status()
        return response.json()

    def client_sgp() -> object:
        return sgp_client.model_groups.models.create(model_group_id="g1", model_instance_id="m1")

    return [
        ("scope3 model.create (fields)", bare_scope3, client_scope3),
        ("sgp model_groups.models.create", bare_sgp, client_sgp),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="apigen-bench-") as tmp:
        generate_seeds(Path(tmp))
        rows = []
        for label, bare, client in cases():
            bare_s = per_call(bare, args.calls, args.runs)
            client_s = per_call(client, args.calls, args.runs)
            rows.append((label, bare_s, client_s))
    print(f"{args.calls} calls x {args.runs} runs, median of the per-call mean")
    print(f"{'operation':34} {'bare httpx':>12} {'client':>12} {'ratio':>7}")
    for label, bare_s, client_s in rows:
        print(f"{label:34} {bare_s * 1e6:10.1f}us {client_s * 1e6:10.1f}us "
              f"{client_s / bare_s:6.2f}x")


if __name__ == "__main__":
    main()
