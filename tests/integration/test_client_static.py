"""The demo API's generated client under ruff and `mypy --strict`: clean on its own, and its
signatures accept the right calls and reject the wrong ones (overloads of field arguments vs
`body=`, a method named `list` next to `list[...]` hints)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

from client_support import DEMO_PACKAGE, demo
from lint import ruff_findings

__all__ = ["demo"]  # fixture used by name

USAGE = textwrap.dedent("""\
    from __future__ import annotations

    from apigen_client_demo import AsyncClient, Client, RawResponse, models


    def use(client: Client) -> None:
        created: models.Item = client.items.create(name="a", note=None)
        client.items.create(body=models.ItemCreate(name="a"))
        items: list[models.Item] = client.items.list(tag=["x"], ids=[1], limit=2)
        label: str = client.items.label.list(item_id=1)
        blob: bytes = client.items.blob.list(item_id=1)
        client.items.delete(item_id=1, timeout=3.0)
        raw: RawResponse[models.Item] = client.with_raw_response.items.retrieve(item_id=1)
        parsed: models.Item = raw.parse()
        copy: Client = client.with_options(max_retries=0)
        client.items.create(count=1)  # error: no `name`
        client.items.create(name="a", body=models.ItemCreate(name="b"))  # error: both
        client.items.create(name="a", count=None)  # error: count is not nullable
        client.items.retrieve(item_id="1")  # error: item_id is an int
        client.items.retrieve(1)  # error: keyword-only
        print(created, items, label, blob, parsed, copy)


    async def use_async(client: AsyncClient) -> None:
        item: models.Item = await client.items.create(name="a")
        async with client.with_options(timeout=1.0) as configured:
            raw = await configured.with_raw_response.items.list()
            listed: list[models.Item] = raw.parse()
        print(item, listed)
    """)


def test_generated_client_passes_ruff(demo: ModuleType) -> None:
    package = Path(demo.__file__).parent
    files = [package / name for name in ("__init__.py", "_base.py", "_client.py",
                                         "_enums.py", "_exceptions.py",
                                         "_pagination.py")]
    assert ruff_findings(files) == []


def test_generated_client_types_under_mypy_strict(demo: ModuleType, tmp_path: Path) -> None:
    package_root = Path(demo.__file__).parent.parent
    usage = tmp_path / "usage.py"
    usage.write_text(USAGE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file",
         os.devnull, "--cache-dir", str(tmp_path / ".mypy_cache"), DEMO_PACKAGE, str(usage)],
        cwd=package_root, capture_output=True, text=True, check=False,
    )
    assert result.returncode in (0, 1) and "source file" in result.stdout, (
        result.stdout + result.stderr)
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    in_package = [line for line in errors if not line.startswith(str(usage))]
    assert in_package == [], result.stdout
    flagged = sorted({int(m.group(1)) for line in errors
                      if (m := re.match(re.escape(str(usage)) + r":(\d+):", line))})
    expected = [n for n, line in enumerate(USAGE.splitlines(), 1) if "# error" in line]
    assert flagged == expected, result.stdout
