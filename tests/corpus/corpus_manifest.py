"""The corpus of real-world OpenAPI documents beside the checkout: where it is, what it holds.

`../shared/corpus/` (override with `APIGEN_CORPUS`) has `MANIFEST.tsv`, one row per entry
document, and `specs/<short-name>/` holding each document with the files it refers to.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PRODUCTION = frozenset({
    "openai", "discord", "box", "spotify", "petstore3", "adyen-checkout-v71", "scale-agentex",
    "svix", "stripe",
})
NEGATIVE_GROUP = "opc-documents-with-errors"


def corpus_dir() -> Path:
    """The corpus folder; a missing one is an error, never a reason to skip."""
    override = os.environ.get("APIGEN_CORPUS")
    default = Path(__file__).resolve().parents[3] / "shared" / "corpus"
    folder = Path(override) if override else default
    if not (folder / "MANIFEST.tsv").is_file():
        raise FileNotFoundError(
            f"the OpenAPI corpus is missing: no {folder / 'MANIFEST.tsv'} (CI keeps ../shared "
            "beside the checkout; set APIGEN_CORPUS to point elsewhere)"
        )
    return folder


@dataclass(frozen=True)
class Entry:
    """One entry document of the manifest."""

    name: str
    """Short name (`openai`), unique together with `file`."""
    file: str
    """The entry document's file name inside `specs/<name>/`."""
    path: Path
    openapi: str
    size: int
    operations: int
    validation: str
    """What openapi-spec-validator 0.9.0 says, as the manifest records it."""
    added: bool = False
    """Listed in `MANIFEST-added.tsv`: a real API's document, a target whatever the validator
    says of it (real documents are rarely valid to the letter)."""

    @property
    def id(self) -> str:
        """Test id: the short name, plus the file when the name holds several entries."""
        if self.name in (NEGATIVE_GROUP, "stripe"):
            return f"{self.name}/{self.file}"
        return self.name

    @property
    def negative(self) -> bool:
        """A document the generator must refuse with a located error."""
        return self.name == NEGATIVE_GROUP

    @property
    def production(self) -> bool:
        return self.name in PRODUCTION

    @property
    def valid(self) -> bool:
        return self.validation == "valid"

    @property
    def must_work(self) -> bool:
        """Targets of the corpus test: valid and production documents generate, import and
        round-trip."""
        return not self.negative and (self.valid or self.production or self.added)

    @property
    def folder(self) -> Path:
        """`specs/<short-name>/`: the folder the document and every file it refers to are in
        (an entry may sit in a subfolder and refer to `../schemas/`), passed as the ref root
        the way a user passes `--ref-root`."""
        return self.path.parents[len(Path(self.file).parts) - 1]

    @property
    def package(self) -> str:
        """A package name unique across the corpus (so packages can share one sys.path)."""
        stem = re.sub(r"\W+", "_", f"{self.name}_{Path(self.file).stem}").strip("_").lower()
        return f"corpus_{stem}"


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


MANIFESTS = ("MANIFEST.tsv", "MANIFEST-added.tsv")


def load_entries(folder: Path | None = None) -> list[Entry]:
    folder = folder or corpus_dir()
    entries: list[Entry] = []
    for manifest in MANIFESTS:
        path = folder / manifest
        if manifest != MANIFESTS[0] and not path.is_file():
            continue
        entries += _read_manifest(folder, path, added=manifest != MANIFESTS[0])
    return entries


def _read_manifest(folder: Path, path: Path, *, added: bool) -> list[Entry]:
    entries: list[Entry] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            # Multi-file documents: "openapi.yaml (+2 ref'd files, 348 B)".
            file = row["file"].split(" (")[0].strip()
            entries.append(Entry(
                name=row["short-name"],
                file=file,
                path=folder / "specs" / row["short-name"] / file,
                openapi=row["openapi"],
                size=_int(row["bytes"]),
                operations=_int(row["operations"]),
                validation=row["validation (openapi-spec-validator 0.9.0)"],
                added=added,
            ))
    return entries
