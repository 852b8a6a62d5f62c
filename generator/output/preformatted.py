"""Runtime modules shipped already formatted: a cold run need not format them.

`_base.py`, `_enums.py`, `_exceptions.py`, `_pagination.py`, `server/_runtime.py` and
`server/types.py` render to the same text for every API (the header that names the spec goes on
after formatting), and they are most of a small package's code: formatting them was half of a
cold run on the seed specs. `preformatted.json` beside this module maps the format cache key of
each (formatter fingerprint and source, as in `formatting._key`) to its formatted text, for black
and for ruff's formatter. The formatter looks here after the user's cache: a key names its exact
source and formatter version, so an entry is used only when formatting would give that very
text; a template edit or another formatter version only misses. `python
tests/refresh_preformatted.py` rewrites the table (`tests/unit/output/test_preformatted.py` says
when it is out of date).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

TABLE = Path(__file__).with_name("preformatted.json")


@functools.cache
def _table() -> dict[str, str]:
    try:
        data = json.loads(TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def lookup(key: str) -> str | None:
    """The shipped formatted text for this format cache key, if any."""
    value = _table().get(key)
    return value if isinstance(value, str) else None
