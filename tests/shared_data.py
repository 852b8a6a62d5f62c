"""Data that lives beside the checkout, in `../shared/`, not in the repository: the OpenAPI corpus
(`../shared/corpus`, or `$APIGEN_CORPUS`) and the seed API pages (`../shared/seeds`, or
`$APIGEN_SEEDS`). A fresh clone has neither: the tests that read them are skipped, all with one
line per missing folder saying what is missing and how to point at it. CI sets
`APIGEN_REQUIRE_CORPUS=1` (`.ci/run`), which turns that skip into a failure, so there they always
run.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

REQUIRE = "APIGEN_REQUIRE_CORPUS"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def corpus_or_skip() -> Path:
    """The corpus folder (holding MANIFEST.tsv); skips the calling test when it is missing."""
    override = os.environ.get("APIGEN_CORPUS")
    folder = Path(override) if override else SHARED / "corpus"
    if not (folder / "MANIFEST.tsv").is_file():
        _missing(f"the OpenAPI corpus is missing (no {folder / 'MANIFEST.tsv'}): set "
                 "APIGEN_CORPUS to the corpus folder to run the tests that need it")
    return folder


def seeds_dir() -> Path:
    override = os.environ.get("APIGEN_SEEDS")
    return Path(override) if override else SHARED / "seeds"


def seeds_or_skip() -> Path:
    """The seed pages' folder; skips the calling test when it is missing."""
    folder = seeds_dir()
    if not folder.is_dir():
        _missing(f"the seed API pages are missing (no folder {folder}): set APIGEN_SEEDS to "
                 "the seeds folder to run the tests that need them")
    return folder


def _missing(message: str) -> NoReturn:
    if os.environ.get(REQUIRE) == "1":
        pytest.fail(f"{message} [{REQUIRE}=1 makes this a failure]", pytrace=False)
    pytest.skip(message)
