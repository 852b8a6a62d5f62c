"""`apigen serve`'s pieces, in-process: choosing the target, building the mock app, the banner."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from server_support import ROOT, call

from generator.cli import main
from generator.diagnostics import GenerationError
from generator.serve import banner, mock_app, resolve_target


@pytest.fixture(autouse=True)
def restore_imports() -> Iterator[None]:
    """mock_app imports its package from a temporary folder: undo that for the other tests."""
    path = list(sys.path)
    modules = {name: module for name, module in sys.modules.items()
               if name.split(".")[0] in ("scope3_ai", "sgp")}
    yield
    sys.path[:] = path
    for name in [n for n in sys.modules if n.split(".")[0] in ("scope3_ai", "sgp")]:
        del sys.modules[name]
    sys.modules.update(modules)


def test_resolve_target() -> None:
    assert resolve_target(None, root=ROOT).package == "scope3_ai"
    assert resolve_target("sgp", root=ROOT).package == "sgp"
    by_spec = resolve_target(str(ROOT / "specs" / "sgp.yaml"), root=ROOT)
    assert (by_spec.package, by_spec.api_key_env) == ("sgp", ("SGP_API_KEY",))


def test_resolve_an_unconfigured_spec(tmp_path: Path) -> None:
    spec = tmp_path / "other-api.yaml"
    spec.write_text((ROOT / "specs" / "sgp.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert resolve_target(str(spec), root=ROOT).package == "other_api"


def test_unknown_target_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(GenerationError, match="neither a configured target"):
        resolve_target("nope", root=ROOT)
    assert main(["serve", "nope"]) == 2
    assert "known: scope3_ai, sgp" in capsys.readouterr().err


def test_mock_app_honours_the_api_key(tmp_path: Path) -> None:
    target = resolve_target("sgp", root=ROOT)
    app, api = mock_app(target, root=ROOT, workdir=tmp_path, api_key="only-me")
    assert api.package == "sgp"
    ok = call(app, "POST", "/v4/model-groups/g/models/m", headers={"x-api-key": "only-me"})
    assert ok.status_code == 200 and ok.json()["id"] == "m"
    assert call(app, "POST", "/v4/model-groups/g/models/m",
                headers={"x-api-key": "other"}).status_code == 401


def test_banner_shows_the_url_and_a_client_call(tmp_path: Path) -> None:
    _, api = mock_app(resolve_target("scope3_ai", root=ROOT), root=ROOT, workdir=tmp_path,
                      api_key=None)
    text = banner(api, url="http://127.0.0.1:8123", api_key=None)
    assert "http://127.0.0.1:8123/openapi.json" in text
    assert "any non-empty credential" in text
    assert ("scope3_ai.Client(api_key='any-non-empty-key', base_url='http://127.0.0.1:8123')"
            in text)
    assert 'client.model.create(id="example")' in text


def test_banner_for_sgp_with_a_key(tmp_path: Path) -> None:
    _, api = mock_app(resolve_target("sgp", root=ROOT), root=ROOT, workdir=tmp_path,
                      api_key="k")
    text = banner(api, url="http://[::1]:9", api_key="k")
    assert "only 'k'" in text
    assert ('client.model_groups.models.create(model_group_id="example", '
            'model_instance_id="example")') in text
