"""The mutation fuzzer in the suite: a small seeded batch here (the CI runs a few hundred more as
its own step, `python tests/fuzz/fuzz_run.py --count 300 --corpus`); every mutant must end in
exit 0 with a working package or exit 2 with a located line and an untouched output folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzz_run import judge, mutants, run, summarise
from mutate import ALIAS_BOMB, Mutant, mutate

COUNT = int(os.environ.get("APIGEN_FUZZ_COUNT", "24"))


def test_mutants_are_reproducible() -> None:
    seed = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"parameters": [{"name": "q", "in": "query"}],
                                     "responses": {"200": {"description": "ok"}}}}}}
    first = [mutate("s", seed, i) for i in range(30)]
    again = [mutate("s", seed, i) for i in range(30)]
    assert first == again
    assert len({m.text for m in first}) > 20
    assert seed["paths"]["/a"]["get"]["parameters"][0]["name"] == "q"  # seeds stay intact


def test_judge_flags_a_file_read_from_outside(tmp_path: Path) -> None:
    """The judge itself can fail: a document whose `$ref` leaves its folder must be flagged
    if apigen ever follows it (here it must be refused, so no problem is reported)."""
    text = ("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"
            "components: {schemas: {P: {$ref: '../outside.yaml#/Pet'}}}\n")
    outcome = judge(Mutant("probe", 0, ".yaml", text, ("probe",)), tmp_path / "m0")
    assert outcome.code == 2
    assert outcome.problems == []


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    outcome = judge(Mutant("bomb", 1, ".yaml", ALIAS_BOMB, ("bomb",)), tmp_path / "m1")
    assert outcome.code == 2, outcome.stderr_tail
    assert outcome.problems == []


def test_seeded_batch_has_no_failures() -> None:
    outcomes = run(mutants(COUNT, base_seed=7, corpus=False), jobs=2)
    print(summarise(outcomes))
    failing = [f"#{o.mutant.index} {o.mutant.seed_name} {' '.join(o.mutant.ops)}: "
               f"{'; '.join(o.problems)}" for o in outcomes if o.problems]
    assert failing == []
