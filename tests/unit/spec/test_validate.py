"""A document that validated clean is not validated again after an edit to its texts only."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.spec import validate
from generator.spec.load import load_spec

SPEC = """\
openapi: 3.1.0
info: {title: T, version: "1", description: First words.}
paths:
  /items:
    get:
      summary: List items.
      description: All of them.
      parameters:
        - {name: limit, in: query, schema: {type: integer, default: 5, description: How many.}}
      responses:
        "200":
          description: The items.
          content:
            application/json:
              schema: {type: array, items: {type: string}}
"""


def _load(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    return load_spec(path, display="spec.yaml")


def _count_validations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = validate._validate

    def counting(spec, *, strict):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(spec, strict=strict)

    monkeypatch.setattr(validate, "_validate", counting)
    return calls


def test_text_edits_reuse_a_clean_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_validations(monkeypatch)
    assert validate.validate_spec(_load(tmp_path, SPEC), strict=True) == []
    edited = SPEC.replace("First words.", "Other words.").replace("All of them.", "Every one.")
    assert validate.validate_spec(_load(tmp_path, edited), strict=True) == []
    assert len(calls) == 1


@pytest.mark.parametrize("change", [
    ("default: 5", "default: 6"),           # instance data is never left out
    ("type: integer", "type: string"),      # structure
    ("summary: List items.", "summary: 3"),  # a text that is no longer a string
])
def test_other_edits_validate_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    change: tuple[str, str]) -> None:
    calls = _count_validations(monkeypatch)
    validate.validate_spec(_load(tmp_path, SPEC), strict=True)
    validate.validate_spec(_load(tmp_path, SPEC.replace(*change)), strict=True)
    assert len(calls) == 2


def test_findings_are_never_remembered(tmp_path: Path) -> None:
    broken = SPEC.replace("type: integer", "type: integr")
    first = validate.validate_spec(_load(tmp_path, broken), strict=True)
    again = validate.validate_spec(_load(tmp_path, broken.replace("All of them.", "x")),
                                   strict=True)
    assert first and again
    assert [d.pointer for d in first] == [d.pointer for d in again]
