"""How the generated server reads form-urlencoded and multipart bodies (`_runtime.form_body`):
optional bodies, joined arrays, files with and without filenames, extra keys, in-process."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from generation_support import generate_into
from server_support import call
from test_build_bodies import SPEC

PACKAGE = "apigen_server_forms"


class Recorder:
    def __init__(self) -> None:
        self.received: list[tuple[str, Any]] = []

    async def send_form(self, *, body: Any) -> Any:
        self.received.append(("send_form", body))
        return {"title": "form"}

    async def upload(self, *, body: Any) -> Any:
        self.received.append(("upload", body))
        return {"title": body.title}

    async def raw_multipart(self, *, body: bytes) -> Any:
        self.received.append(("raw_multipart", body))
        return {"title": str(len(body))}

    async def send_json(self, *, body: Any) -> Any:
        self.received.append(("send_json", body))
        return {}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    root = tmp_path_factory.mktemp("server_forms")
    spec = root / "bodies.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    generate_into(spec, root / "out", package=PACKAGE)
    sys.path.insert(0, str(root / "out"))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(root / "out"))


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def app(package: Any, recorder: Recorder) -> Any:
    server = importlib.import_module(f"{PACKAGE}.server")
    return server.create_app(recorder)


def form(app: Any, content: bytes) -> httpx.Response:
    return call(app, "POST", "/form", content=content,
                headers={"content-type": "application/x-www-form-urlencoded"})


def test_optional_form_body_left_out_reaches_the_handler_as_none(
        app: Any, recorder: Recorder) -> None:
    assert call(app, "POST", "/form").status_code == 200
    assert recorder.received == [("send_form", None)]


def test_joined_and_repeated_arrays(app: Any, recorder: Recorder, package: Any) -> None:
    response = form(app, b"name=n&joined=1,2,3&piped=a|b&kept=x&kept=y&level=high"
                         b"&meta[author]=me")
    assert response.status_code == 200, response.text
    (_, body), = recorder.received
    assert body == package.models.Form(
        name="n", joined=[1, 2, 3], piped=["a", "b"], kept=["x", "y"],
        level=package.models.Level.HIGH, meta=package.models.Meta(author="me"))
    # One repeated-key item is still a list; an empty joined value is an empty list.
    recorder.received.clear()
    assert form(app, b"name=n&kept=only&joined=").status_code == 200
    assert recorder.received[0][1].kept == ["only"] and recorder.received[0][1].joined == []


def test_deep_object_fields_are_rebuilt_from_their_keys(app: Any, recorder: Recorder,
                                                       package: Any) -> None:
    # Indexes, not arrival order, place the items.
    response = form(app, b"name=n&deep_list[1][author]=b&deep_list[0][author]=a"
                         b"&deep_list[0][extra]=x")
    assert response.status_code == 200, response.text
    meta = package.models.Meta
    assert recorder.received[0][1].deep_list == [meta(author="a"), meta(author="b")]
    # A level of digits is a list; a model wants an object there: 422, located.
    recorder.received.clear()
    response = form(app, b"name=n&meta[0]=a")
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", "meta"]]


def test_unknown_form_keys_are_ignored_like_unknown_json_keys(app: Any,
                                                             recorder: Recorder) -> None:
    assert form(app, b"name=n&surprise=1").status_code == 200
    assert recorder.received[0][1].model_fields_set == {"name"}


def test_file_fields_accept_parts_with_or_without_a_filename(app: Any,
                                                             recorder: Recorder) -> None:
    response = call(app, "POST", "/upload", files=[
        ("file", ("a.bin", b"\x00\xff", "application/octet-stream")),
        ("files", (None, b"text-part")),  # no filename: Starlette keeps it as text
        ("files", ("b.bin", b"\x01")),
        ("title", (None, b"t")),
        ("metas", (None, b'{"author": "x"}', "application/json")),
        ("metas", (None, b'{"author": "y"}', "application/json")),
    ])
    assert response.status_code == 200, response.text
    (_, body), = recorder.received
    assert (body.file, body.files, body.title) == (b"\x00\xff", [b"text-part", b"\x01"], "t")
    assert [m.author for m in body.metas] == ["x", "y"]


def test_multipart_validation_errors_are_422_without_the_file(app: Any,
                                                             recorder: Recorder) -> None:
    response = call(app, "POST", "/upload", files=[
        ("file", ("a.bin", b"\xff\xfe", "application/octet-stream")),
        ("metas", (None, b"not json", "application/json")),
    ])
    assert response.status_code == 422
    assert {tuple(e["loc"]) for e in response.json()["detail"]} == {
        ("body", "title"), ("body", "metas", 0)}
    assert "input" not in response.text
    assert recorder.received == []


def test_a_multipart_body_that_is_no_object_stays_raw(app: Any, recorder: Recorder) -> None:
    raw = b"--x\r\nanything\r\n--x--\r\n"
    response = call(app, "POST", "/raw-multipart", content=raw,
                    headers={"content-type": "multipart/form-data; boundary=x"})
    assert response.status_code == 200, response.text
    assert recorder.received == [("raw_multipart", raw)]

