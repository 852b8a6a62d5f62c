"""The real-world corpus (`../shared/corpus/`): every valid, production and added document
generates, imports, passes ruff and mypy --strict, answers every operation called four ways
through its generated clients against its own mock server under uvicorn, and schemathesis'
valid requests find nothing wrong in that server; every document of
`opc-documents-with-errors` is refused under `--strict` with a located error (exit 2). Nothing
crashes. No
generated class has a numbered name where a path-derived one was available (a `class names`
subtest of each document's test, on the same generated package).

`python tests/corpus/report.py` runs the same steps and writes the table to `CORPUS.md`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from corpus_contradictions import Contradiction, FragmentTwins, SameVariants
from corpus_manifest import Entry, load_entries
from corpus_run import Record, run_entry, same_document
from shared_data import corpus_or_skip

from generator.spec.load import load_spec

pytestmark = [pytest.mark.slow, pytest.mark.corpus]

try:
    ENTRIES: list[Entry] = load_entries()
except FileNotFoundError:  # a fresh clone: skipped with one line, a failure in CI (shared_data)
    ENTRIES = []
# Stripe's YAML is the same document as its JSON (the manifest says so; the test proves it):
# generating the 4 MB document twice would double the cost of the whole run.
TWINS = {"stripe/spec3.yaml": "stripe/spec3.json"}
# Targets whose models datamodel-code-generator writes in ways mypy --strict rejects although
# pydantic accepts them (see CORPUS.md for the messages): none today. The test fails when a
# listed one is clean, so the list stays true.
MYPY_KNOWN: dict[str, str] = {}
# Targets that do not pass the whole gate yet, by document, and why. A listed document must
# still fail (the test says when it passes, so the list stays true); every other target must
# pass every step. Reported as expected failures (xfail), never as passes.
GATE_KNOWN: dict[str, str] = {}
# Documents that contradict themselves (`corpus_contradictions.py`): each contradiction is proven
# on the document, and every operation it does not reach must pass round trip and schemathesis.
_STACKIT_ROUTES = "/v2/organizations/{organizationId}/network-areas/{areaId}/regions/{region}"
SPEC_CONTRADICTIONS: dict[str, tuple[Contradiction, ...]] = {
    # NexthopInternet and NexthopBlackhole are one schema ({type: string}, required), so no
    # nexthop fits one `oneOf` variant alone and no route (nexthop required) is valid: the GETs
    # and PATCHes must answer one, the POSTs take (and the mock echoes) a list of them.
    'stackit-iaas': (SameVariants(
        "/components/schemas/Route/properties/nexthop", (2, 3),
        tuple(f"{method} {_STACKIT_ROUTES}{path}" for method, path in [
            ("POST", "/routes"), ("GET", "/routes/{routeId}"), ("PATCH", "/routes/{routeId}"),
            ("POST", "/routing-tables/{routingTableId}/routes"),
            ("GET", "/routing-tables/{routingTableId}/routes/{routeId}"),
            ("PATCH", "/routing-tables/{routingTableId}/routes/{routeId}")])),),
    # A fragment never reaches a server: one request (the `boxapi` header) for four answers
    # whose `type` enums are file, folder, web_link and app_item.
    'box': (FragmentTwins("get", ("/shared_items", "/shared_items#folders",
                                  "/shared_items#web_links", "/shared_items#app_items")),),
}
# Numbered class names apigen does not avoid yet, by document, and why (none today). The
# subtest fails when one of them is gone too, so the list stays true.
NUMBERED_KNOWN: dict[str, tuple[frozenset[str], str]] = {}


def test_corpus_is_present() -> None:
    corpus_or_skip()
    assert len(ENTRIES) >= 80
    missing = [e.id for e in ENTRIES if not e.path.is_file()]
    assert missing == []


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One mypy cache per worker: pydantic, httpx and FastAPI are analysed once."""
    return tmp_path_factory.mktemp("mypy-cache")


def _explain(record: Record) -> str:
    lines = [f"{record.id}: {record.status} {record.message}".rstrip(),
             f"imports: {record.imports}; ruff: {record.ruff}; mypy: {record.mypy}; "
             f"round trip: {record.round_trip}"]
    lines += record.failed_calls()
    lines += [f"--- {tool}\n{text}" for tool, text in record.details.items()]
    return "\n".join(lines)


def _check_class_names(entry: Entry, record: Record) -> None:
    """No class name ends in a counter where the spec's names gave a path-derived one."""
    if record.numbered is None or entry.added:
        # The added documents are gate targets; readable class names are checked on the
        # original corpus (CORPUS.md lists every document's numbered names).
        return
    avoidable = set(record.numbered_avoidable)
    known, why = NUMBERED_KNOWN.get(entry.id, (frozenset(), ""))
    assert avoidable - known == set(), (
        f"{entry.id}: numbered class names where a path-derived name exists: "
        f"{sorted(avoidable - known)}")
    assert known <= avoidable, (
        f"{entry.id}: {sorted(known - avoidable)} no longer numbered: update NUMBERED_KNOWN "
        f"({why})")


def _check(entry: Entry, record: Record) -> None:
    assert record.status != "crashed", _explain(record)
    if entry.negative:
        assert record.refused_located, _explain(record)
        return
    if not entry.must_work:
        # Outside the targets a document may be refused, but only with a located error, and
        # what is generated must at least import.
        assert record.generated or record.refused_located, _explain(record)
        assert not record.generated or record.imports == "ok", _explain(record)
        return
    if entry.id in GATE_KNOWN:
        if _passes_gate(entry, record):
            pytest.fail(f"{entry.id} passes the whole gate now: drop it from GATE_KNOWN")
        pytest.xfail(f"{GATE_KNOWN[entry.id]}\n{_explain(record)}")
    assert record.generated, _explain(record)
    assert record.imports == "ok", _explain(record)
    assert record.round_trips, _explain(record)
    assert record.ruff == "clean", _explain(record)
    if entry.id in MYPY_KNOWN:
        assert record.mypy != "clean", f"{entry.id} is mypy-clean now: drop it from MYPY_KNOWN"
    else:
        assert record.mypy == "clean" or record.mypy.startswith("skipped"), _explain(record)
    if entry.id in SPEC_CONTRADICTIONS:
        assert _proven(entry) == [], _explain(record)
        assert record.fuzz_clean_beyond(_contradicted(entry)), _explain(record)
    else:
        assert record.fuzz_clean, _explain(record)


def _passes_gate(entry: Entry, record: Record) -> bool:
    fuzzed = (record.fuzz_clean_beyond(_contradicted(entry)) and _proven(entry) == []
              if entry.id in SPEC_CONTRADICTIONS else record.fuzz_clean)
    return (record.generated and record.imports == "ok" and record.round_trips
            and record.ruff == "clean" and fuzzed
            and (record.mypy == "clean" or record.mypy.startswith("skipped")))


def _proven(entry: Entry) -> list[str]:
    """What does not hold of `entry`'s listed contradictions (empty: all proven)."""
    data = load_spec(entry.path).data
    return [problem for c in SPEC_CONTRADICTIONS[entry.id] for problem in c.prove(data)]


def _contradicted(entry: Entry) -> set[str]:
    return {label for c in SPEC_CONTRADICTIONS.get(entry.id, ()) for label in c.operations}


def _params(entries: list[Entry]) -> list[Any]:
    """One parameter per entry; a placeholder when the corpus is missing, which skips with the
    reason (or fails in CI) rather than leaving an empty parameter set."""
    if not ENTRIES:
        return [pytest.param(None, id="corpus-missing")]
    return [pytest.param(e, id=e.id) for e in entries]


@pytest.mark.parametrize("entry", _params([e for e in ENTRIES if e.id not in TWINS]))
def test_corpus_document(entry: Entry | None, tmp_path: Path, mypy_cache: Path,
                         subtests: pytest.Subtests) -> None:
    if entry is None:
        corpus_or_skip()
        pytest.fail("the corpus is there but its manifest lists no document")
    record = run_entry(entry, tmp_path, mypy_cache=mypy_cache)
    with subtests.test("class names"):  # its own verdict, on the package generated once
        _check_class_names(entry, record)
    _check(entry, record)


@pytest.mark.parametrize("entry", _params([e for e in ENTRIES if e.id in TWINS]))
def test_corpus_twin_is_the_same_document(entry: Entry | None) -> None:
    if entry is None:
        corpus_or_skip()
        pytest.fail("the corpus is there but its manifest lists no document")
    twin = next(e for e in ENTRIES if e.id == TWINS[entry.id])
    assert same_document(entry, twin), f"{entry.id} no longer loads to {twin.id}'s document"
