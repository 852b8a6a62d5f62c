"""Property: names are settled in the scope they are declared in (`generator/scopes.py`). A
hostile vocabulary (keywords, soft keywords, builtins, typing and library names, pydantic's
`BaseModel` attributes, apigen's own runtime names, dunders, names differing only in case or
punctuation or normalising to one identifier, non-ASCII, digits first, nothing left after
cleaning) is put at every position a name takes: path, query, header and cookie parameter, body
field, path segment, operationId, schema name, tag, enum value. Every package generated imports,
passes `ruff check --select E,F,W,I` and `mypy --strict`, and every operation round-trips: the
client sends the spec's wire names and parses the mock's answer (`hostile_probe.py`)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hostile_names import VOCABULARY, check_documents, hostile_document
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st


def test_the_whole_vocabulary_at_every_position(tmp_path: Path) -> None:
    assert check_documents([hostile_document(VOCABULARY, split=True)], tmp_path) == []


def _respell(name: str, how: int) -> str:
    """`name` differing from itself only in case or punctuation."""
    if how == 0:
        return name.upper()
    if how == 1:
        return name.replace("_", "-")
    if how == 2:
        return name[:1].upper() + name[1:]
    return f"{name}_"


_NAMES = st.one_of(
    st.sampled_from(VOCABULARY),
    st.builds(_respell, st.sampled_from(VOCABULARY), st.integers(0, 3)),
    st.text(alphabet=st.sampled_from("aZ_-.$9 é模🚀"), min_size=1, max_size=6),
)


@settings(max_examples=2, deadline=None, database=None,
          phases=[Phase.explicit, Phase.generate],  # shrinking would regenerate for minutes
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(names=st.lists(_NAMES, min_size=1, max_size=30, unique=True))
def test_random_hostile_names_at_every_position(names: list[str], tmp_path: Path) -> None:
    note(f"names: {names!r}")
    # One mypy cache for the examples: the runtime modules they share are checked once.
    with tempfile.TemporaryDirectory(prefix="apigen-hostile-", dir=tmp_path) as tmp:
        work = Path(tmp)
        assert check_documents([hostile_document(names, chunk=8)], work,
                               mypy_cache=tmp_path / "mypy-cache") == []
