"""generator/output/preformatted.py: the shipped table of formatted runtime modules is current
(today's templates, prose pass and formatter versions) and true (what formatting gives now), and
an entry is used only for its exact source and formatter."""

from __future__ import annotations

import pytest
from preformatted_support import fresh_table, rendered_runtime

from generator.output import formatting, preformatted

STALE = "out of date: run `python tests/refresh_preformatted.py` and commit the table"


def test_the_table_holds_todays_runtime_modules_formatted_as_today() -> None:
    sources = rendered_runtime()
    assert {"_base.py", "_enums.py", "_exceptions.py", "_pagination.py",
            "server/_runtime.py"} <= set(sources)
    shipped = preformatted._table()
    fresh = fresh_table(sources)
    assert set(fresh) <= set(shipped), STALE
    assert {key: shipped[key] for key in fresh} == fresh, STALE


def test_an_entry_is_used_only_for_its_exact_source(monkeypatch: pytest.MonkeyPatch) -> None:
    source = "x = [1,2]\n"
    key = formatting._key(formatting.formatter_fingerprint("ruff"), source)
    monkeypatch.setattr(preformatted, "_table", lambda: {key: "SHIPPED\n"})
    assert formatting.format_files({"a.py": source}, formatter="ruff", cache=None) == {
        "a.py": "SHIPPED\n"}
    assert formatting.format_files({"a.py": "x = [1,3]\n"}, formatter="ruff", cache=None) == {
        "a.py": "x = [1, 3]\n"}
    assert formatting.format_files({"a.py": source}, formatter="black", cache=None) == {
        "a.py": "x = [1, 2]\n"}
