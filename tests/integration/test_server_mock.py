"""MockHandlers on a spec with no examples: every answer is synthesized, echoes what it can, and
conforms to the spec; the generated server package type-checks on its own."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from server_support import SPEC, assert_conforms, call, generate_pets

PACKAGE = "pets_mock"
BEARER = {"Authorization": "Bearer t"}


@pytest.fixture(scope="module")
def package_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_pets(tmp_path_factory.mktemp("pets_mock"), PACKAGE)


@pytest.fixture(scope="module")
def app(package_dir: Path) -> Any:
    server = importlib.import_module(f"{PACKAGE}.server")
    return server.create_app(server.MockHandlers())


def test_list_answers_an_empty_valid_list(app: Any) -> None:
    response = call(app, "GET", "/pets")
    assert response.status_code == 200
    assert response.json() == []


def test_create_echoes_the_body_and_answers_the_first_success(app: Any) -> None:
    sent = {"id": 9, "name": "Tom", "kind": "dog", "note": None}
    response = call(app, "POST", "/pets", json=sent, headers=BEARER)
    assert response.status_code == 200
    assert response.json() == {"id": 9, "name": "Tom", "kind": "dog"}
    assert_conforms(SPEC, path="/pets", method="POST", status=200, body=response.json())


@pytest.mark.parametrize(("pet_id", "expected"), [
    (7, {"id": 7, "name": "string", "kind": "cat", "petId": 7}),
    # 0 breaks Pet.id's minimum: that echo is dropped, the other one kept.
    (0, {"id": 1, "name": "string", "kind": "cat", "petId": 0}),
])
def test_get_echoes_what_stays_valid(app: Any, pet_id: int, expected: dict[str, Any]) -> None:
    response = call(app, "GET", f"/pets/{pet_id}?api_key=k")
    assert response.status_code == 200
    assert response.json() == expected
    assert_conforms(SPEC, path="/pets/{petId}", method="GET", status=200, body=response.json())


def test_other_body_kinds(app: Any) -> None:
    assert call(app, "DELETE", "/pets/1", headers={"Cookie": "session=s"}).status_code == 204
    photo = call(app, "PUT", "/pets/1/photo?api_key=k", content=b"img",
                 headers={**BEARER, "Content-Type": "application/octet-stream"})
    assert photo.status_code == 200 and photo.json() == {"size": 0}
    health = call(app, "GET", "/health")
    assert health.status_code == 200 and health.text == ""


def test_mock_with_api_key(package_dir: Path) -> None:
    import base64

    server = importlib.import_module(f"{PACKAGE}.server")
    app = server.create_app(server.MockHandlers(api_key="ann:pw"))
    good = base64.b64encode(b"ann:pw").decode()
    bad = base64.b64encode(b"ann:nope").decode()
    assert call(app, "GET", "/pets/1", headers={"Authorization": f"Basic {good}"}
                ).status_code == 200
    assert call(app, "GET", "/pets/1", headers={"Authorization": f"Basic {bad}"}
                ).status_code == 401
    assert call(app, "GET", "/pets/1?api_key=ann:pw").status_code == 200


def test_handlers_protocol_is_satisfied_by_the_mock(package_dir: Path) -> None:
    server: ModuleType = importlib.import_module(f"{PACKAGE}.server")
    for name in ("list_pets", "create_pet", "get_pet", "delete_pet", "put_photo", "health"):
        assert callable(getattr(server.MockHandlers(), name))
        assert hasattr(server.Handlers, name)


def test_generated_server_is_mypy_strict_clean(package_dir: Path) -> None:
    user = package_dir.parent / "user_handlers.py"
    user.write_text(
        f"from {PACKAGE}.server import Handlers, MockHandlers, create_app\n"
        "handlers: Handlers = MockHandlers()\n"
        "app = create_app(handlers)\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        # Only the server modules and the user module are reported on (the client has tests
        # of its own); what they import is still analysed.
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file",
         os.devnull, "--follow-imports=silent", f"{PACKAGE}/server", user.name],
        cwd=package_dir.parent, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
