"""Rewrite `generator/output/preformatted.json` (the runtime modules, formatted, shipped so a
cold run need not format them): `python tests/refresh_preformatted.py`. Run it after changing a
runtime template (`_base.py.jinja`, `_exceptions.py.jinja`, `server/_runtime.py.jinja`, ...),
the prose pass or the pinned formatter versions; `tests/unit/output/test_preformatted.py`
fails until then."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from preformatted_support import fresh_table, rendered_runtime

from generator.output.preformatted import TABLE


def main() -> int:
    sources = rendered_runtime()
    table = fresh_table(sources)
    TABLE.write_text(json.dumps(table, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{TABLE.name}: {len(table)} entries ({', '.join(sources)}), "
          f"{TABLE.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
