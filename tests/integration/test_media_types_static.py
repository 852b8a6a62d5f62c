"""The `feature_media_types` golden package under `mypy --strict`: clean on its own, and its
signatures type what the media-type rule decides (`*/*`, `application/*` and `text/json`
responses as their schemas' types) and let a caller choose a body's media type only among the
declared ones."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

from golden_shared import assemble

CASE = "feature_media_types"
USAGE = textwrap.dedent("""\
    from __future__ import annotations

    from typing import Final

    from feature_media_types import AsyncClient, Client, models

    FORM: Final = "application/x-www-form-urlencoded"
    OCTETS: Final = "application/octet-stream"


    def use(client: Client) -> None:
        pet: models.Pet = client.pets.retrieve(pet_id=1)
        pets: list[models.Pet] = client.pets.list()
        owner: models.Owner = client.owners.retrieve(owner_id="a")
        data: bytes = client.download.list()
        a: models.Pet = client.pets.create(name="a")
        b: models.Pet = client.pets.create(name="a", content_type=FORM)
        c: models.Pet = client.pets.create(body=b"<pet/>", content_type="application/xml")
        new = models.NewPet(name="a")
        d: models.Pet = client.pets.create(body=new, content_type="application/json")
        client.pets.create(name="a", content_type="image/png")  # error: not declared
        wrong: bytes = client.pets.retrieve(pet_id=1)  # error: a Pet
        print(pet, pets, owner, data, a, b, c, d, wrong)


    async def use_async(client: AsyncClient) -> None:
        pet: models.Pet = await client.pets.create(body=b"x", content_type=OCTETS)
        print(pet)
    """)


def test_media_types_package_types_under_mypy_strict(tmp_path: Path) -> None:
    root = assemble(CASE)
    usage = tmp_path / "usage.py"
    usage.write_text(USAGE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file",
         os.devnull, "--cache-dir", str(tmp_path / ".mypy_cache"), CASE, str(usage)],
        cwd=root, capture_output=True, text=True, check=False,
    )
    assert result.returncode in (0, 1) and "source file" in result.stdout, (
        result.stdout + result.stderr)
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert [line for line in errors if not line.startswith(str(usage))] == [], result.stdout
    flagged = sorted({int(m.group(1)) for line in errors
                      if (m := re.match(re.escape(str(usage)) + r":(\d+):", line))})
    expected = [n for n, line in enumerate(USAGE.splitlines(), 1) if "# error" in line]
    assert flagged == expected, result.stdout
