"""Forward-compatible enums end to end (golden case `feature_enums`): a newer server, serving
under uvicorn on 127.0.0.1, answers enum values this package does not list, in a field, in
array items, in map values and as a top-level array. The generated client, sync and async,
parses them (typed as the enum, `.value` the value sent) instead of raising
`APIResponseValidationError`; the generated server, sharing the same models, still refuses an
unknown value in a request with its validation status (422); and code using such a value
passes `mypy --strict`."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from golden_cases import assemble, golden_package
from live_server import live_server

NEWER = {"color": "ultraviolet", "priority": 7, "level": 40, "states": ["archived", "dash-ed"],
         "by_name": {"sky": "blue", "laser": "infrared"}, "kind": "setting", "version": 2}


def _newer_server() -> FastAPI:
    """The API as a later version serves it: values the package's enums do not list."""
    app = FastAPI()

    @app.get("/settings")
    async def settings() -> list[dict[str, Any]]:
        return [NEWER]

    @app.post("/settings", status_code=201)
    async def create() -> dict[str, Any]:
        return {**NEWER, "color": "red"}

    @app.get("/colors")
    async def colors() -> list[str]:
        return ["red", "ultraviolet"]

    return app


def _check(m: Any, settings: list[Any], colors: list[Any]) -> None:
    (setting,) = settings
    assert type(setting.color) is m.Color and setting.color.value == "ultraviolet"
    assert setting.color not in list(m.Color)
    assert type(setting.priority) is m.Priority and setting.priority == 7
    assert type(setting.level) is m.Level and setting.level.value == 40
    assert [s.value for s in setting.states] == ["archived", "dash-ed"]
    assert setting.states[1] is m.State("dash-ed")  # a listed value is still the member
    assert setting.by_name["sky"] is m.Color.BLUE
    assert setting.by_name["laser"].value == "infrared"
    assert colors[0] is m.Color.RED and colors[1].value == "ultraviolet"
    # Sent back as it came: the unknown values serialize to their wire values.
    assert setting.model_dump(mode="json", exclude_none=True) == NEWER


def test_a_newer_servers_enum_values_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = golden_package("feature_enums")
    m = pkg.models
    with live_server(_newer_server()) as url:
        with pkg.Client(base_url=url, max_retries=0) as client:
            _check(m, client.settings.list(color="red"), client.colors.list())
            created = client.settings.create(color="red", priority=1, kind="setting",
                                             version=2)
            assert created.color is m.Color.RED and created.priority.value == 7
            raw = client.with_raw_response.colors.list()
            assert raw.parse()[1].value == "ultraviolet"

        async def run() -> tuple[list[Any], list[Any]]:
            async with pkg.AsyncClient(base_url=url, max_retries=0) as client:
                return await client.settings.list(color="red"), await client.colors.list()

        _check(m, *asyncio.run(run()))
    # Outside a response the enums are as strict as ever.
    with pytest.raises(ValueError):
        m.Color("ultraviolet")
    with pytest.raises(ValueError):
        m.Setting.model_validate(NEWER)


def test_an_unknown_value_is_equal_to_its_like_and_hashable() -> None:
    pkg = golden_package("feature_enums")
    m = pkg.models
    with live_server(_newer_server()) as url, pkg.Client(base_url=url) as client:
        first, second = client.colors.list()[1], client.colors.list()[1]
    assert first == second and hash(first) == hash(second) and len({first, second}) == 1
    assert first != m.Color.RED and m.Color("red") == m.Color.RED


class StrictHandlers:
    def __init__(self) -> None:
        self.calls = 0

    async def create_setting(self, *, body: Any) -> Any:
        self.calls += 1
        return body

    async def list_settings(self, *, color: Any, level: Any, states: Any) -> Any:
        self.calls += 1
        return []


def test_the_generated_server_refuses_an_unknown_value_in_a_request() -> None:
    pkg = golden_package("feature_enums")
    server = __import__("feature_enums.server", fromlist=["create_app"])
    handlers = StrictHandlers()
    good = {"color": "red", "priority": 1, "kind": "setting", "version": 2}
    with live_server(server.create_app(handlers)) as url, \
            pkg.Client(base_url=url, max_retries=0) as client:
        for key, bad in (("color", "ultraviolet"), ("priority", 7), ("states", ["archived"]),
                         ("by_name", {"laser": "infrared"})):
            with pytest.raises(pkg.UnprocessableEntityError) as caught:
                client.settings.create(body={**good, key: bad})
            assert caught.value.status_code == 422
        with pytest.raises(pkg.UnprocessableEntityError):
            client.settings.list(color="ultraviolet")
        assert handlers.calls == 0
        assert client.settings.create(body=good).color is pkg.models.Color.RED
        assert handlers.calls == 1


def test_code_using_an_unknown_value_passes_mypy_strict(tmp_path: Path) -> None:
    folder = assemble("feature_enums")
    usage = tmp_path / "usage.py"
    usage.write_text(
        "import feature_enums\n"
        "from feature_enums.models import Color\n\n\n"
        "def describe(client: feature_enums.Client) -> str:\n"
        "    colors: list[Color] = client.colors.list()\n"
        "    setting = client.settings.list(color=\"red\")[0]\n"
        "    names = [c.name if c in list(Color) else f\"new: {c.value}\" for c in colors]\n"
        "    laser: Color | None = (setting.by_name or {}).get(\"laser\")\n"
        "    value: str = setting.color.value\n"
        "    return \", \".join(names) + value + (laser.value if laser else \"\")\n",
        encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file",
         os.devnull, "--cache-dir", os.devnull, str(usage)],
        env={**os.environ, "MYPYPATH": str(folder)}, capture_output=True, text=True,
        check=False, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
