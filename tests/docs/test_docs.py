"""docs/templates.md's generated parts (the template-context reference and the blocks table) match
the code: the IR's docstrings and the built-in templates."""

from __future__ import annotations

from .refresh import DOC, render_document


def test_template_reference_in_docs_matches_the_ir() -> None:
    current = DOC.read_text(encoding="utf-8")
    assert render_document(current) == current, "run `python tests/docs/refresh.py`"
