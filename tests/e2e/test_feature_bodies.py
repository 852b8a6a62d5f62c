"""Request bodies end to end: the `feature_bodies` golden package's server under uvicorn on
127.0.0.1, driven by its own sync and async clients. The handler must receive exactly what the
client sent (file bytes, list fields, enum members, dates, nested models), the client must parse
exactly what the handler returned, and the requests on the wire must carry the right media types.
"""

from __future__ import annotations

import asyncio
import datetime
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from golden_cases import GOLDEN, golden_package
from live_server import live_server

fb = golden_package("feature_bodies")
models = fb.models
server_package = __import__("feature_bodies.server", fromlist=["create_app"])

# Bytes no text decoding survives: NUL, invalid UTF-8, CR LF and a fake boundary.
PDF = b"%PDF-1.7\x00\xff\xfe\r\n--boundary\r\n\x80end"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
PREFERENCES = models.Preferences(theme="dark", channels=["mail", "sms"],
                                 quiet_hours=models.QuietHours(start=22, end=7))


class Recorder:
    """Implements the generated `Handlers` Protocol; remembers every body it receives."""

    def __init__(self) -> None:
        self.received: dict[str, Any] = {}

    async def create_item(self, *, body: Any) -> Any:
        self.received["create_item"] = body
        return models.Item(id=41, name=body.name, price=body.price, tags=body.tags)

    async def sign_up(self, *, body: Any) -> Any:
        self.received["sign_up"] = body
        return models.Account(username=body.username, plan=body.plan, interests=body.interests)

    async def upload_document(self, *, body: Any) -> Any:
        self.received["upload_document"] = body
        files = [body.file, *(body.attachments or [])]
        return models.Receipt(title=body.title, size=sum(len(f) for f in files),
                              files=len(files))

    async def put_blob(self, *, name: str, body: bytes) -> bytes:
        self.received["put_blob"] = (name, body)
        return body[::-1]

    async def shout_note(self, *, body: str) -> str:
        self.received["shout_note"] = body
        return body.upper()


class Wire:
    """An httpx event hook keeping every request as it went out (body read)."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> None:
        request.read()
        self.requests.append(request)

    async def hook(self, request: httpx.Request) -> None:
        await request.aread()
        self.requests.append(request)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


@pytest.fixture
def handlers() -> Recorder:
    return Recorder()


@pytest.fixture
def url(handlers: Recorder) -> Iterator[str]:
    with live_server(server_package.create_app(handlers)) as base_url:
        yield base_url


@pytest.fixture
def wire() -> Wire:
    return Wire()


@pytest.fixture
def client(url: str, wire: Wire) -> Iterator[Any]:
    http = httpx.Client(event_hooks={"request": [wire]})
    with fb.Client(base_url=url, max_retries=0, http_client=http) as api:
        yield api
    http.close()


def upload_arguments() -> dict[str, Any]:
    return {
        "file": ("report.pdf", PDF),
        "attachments": [b"\x00one", ("two.bin", io.BytesIO(b"\xfftwo"), "application/x-two")],
        "thumbnail": JPEG,
        "title": "Q3 report ✓",
        "tags": ["finance", "q3"],
        "pages": 12,
        "draft": True,
        "plan": models.Plan.TEAM,
        "metadata": models.Metadata(author="Zoë", revision=3),
        "sections": [models.Section(heading="Intro"), models.Section(heading="Sums", level=2)],
    }


def assert_upload_received(body: Any) -> None:
    assert isinstance(body, models.UploadDocumentRequest)
    assert body.file == PDF
    assert body.attachments == [b"\x00one", b"\xfftwo"]
    assert body.thumbnail == JPEG
    assert body.title == "Q3 report ✓"
    assert body.tags == ["finance", "q3"]
    assert body.pages == 12 and body.draft is True
    assert body.plan is models.Plan.TEAM
    assert body.metadata == models.Metadata(author="Zoë", revision=3)
    assert body.sections == [models.Section(heading="Intro"),
                             models.Section(heading="Sums", level=2)]


# -- each body kind, sync ----------------------------------------------------------------------


def test_json_body(client: Any, handlers: Recorder, wire: Wire) -> None:
    item = client.items.create(name="lamp", price=9.5, tags=["home"])
    assert item == models.Item(id=41, name="lamp", price=9.5, tags=["home"])
    assert handlers.received["create_item"] == models.ItemCreate(name="lamp", price=9.5,
                                                                 tags=["home"])
    assert wire.last.headers["content-type"] == "application/json"
    assert wire.last.content == b'{"name":"lamp","price":9.5,"tags":["home"]}'


def test_form_body(client: Any, handlers: Recorder, wire: Wire) -> None:
    account = client.signups.create(
        username="ann", display_name="Ann & co ✓", age=30, score=0.25, plan=models.Plan.PRO,
        newsletter=False, birthday=datetime.date(1990, 12, 31), interests=["a b", "c&d=e"],
        referral_codes=[3, 1, 2], address=models.Address(street="1 Main St", city="Oslo"),
        preferences=PREFERENCES)
    assert account == models.Account(username="ann", plan=models.Plan.PRO,
                                      interests=["a b", "c&d=e"])
    got = handlers.received["sign_up"]
    assert got == models.SignupForm(
        username="ann", display_name="Ann & co ✓", age=30, score=0.25, plan=models.Plan.PRO,
        newsletter=False, birthday=datetime.date(1990, 12, 31), interests=["a b", "c&d=e"],
        referral_codes=[3, 1, 2], address=models.Address(street="1 Main St", city="Oslo"),
        preferences=PREFERENCES)
    assert got.preferences.quiet_hours == models.QuietHours(start=22, end=7)
    assert got.plan is models.Plan.PRO and isinstance(got.birthday, datetime.date)
    assert got.newsletter is False and got.referral_codes == [3, 1, 2]
    assert wire.last.headers["content-type"] == "application/x-www-form-urlencoded"
    assert wire.last.content == (
        b"username=ann&display-name=Ann+%26+co+%E2%9C%93&age=30&score=0.25&plan=pro"
        b"&newsletter=false&birthday=1990-12-31&interests=a+b&interests=c%26d%3De"
        b"&referral_codes=3%2C1%2C2"
        b"&address=%7B%22street%22%3A%221+Main+St%22%2C%22city%22%3A%22Oslo%22%7D"
        # deepObject, as the spec's encoding asks: brackets per level, array items indexed.
        b"&preferences%5Btheme%5D=dark&preferences%5Bchannels%5D%5B0%5D=mail"
        b"&preferences%5Bchannels%5D%5B1%5D=sms&preferences%5Bquiet_hours%5D%5Bstart%5D=22"
        b"&preferences%5Bquiet_hours%5D%5Bend%5D=7")


def test_form_body_with_only_the_required_fields(client: Any, handlers: Recorder,
                                                 wire: Wire) -> None:
    account = client.signups.create(username="bo", plan=models.Plan.FREE)
    assert account == models.Account(username="bo", plan=models.Plan.FREE)
    got = handlers.received["sign_up"]
    assert got.model_fields_set == {"username", "plan"}
    assert wire.last.content == b"username=bo&plan=free"


def test_multipart_body(client: Any, handlers: Recorder, wire: Wire) -> None:
    receipt = client.documents.create(**upload_arguments())
    assert receipt == models.Receipt(title="Q3 report ✓",
                                     size=len(PDF) + len(b"\x00one") + len(b"\xfftwo"), files=3)
    assert_upload_received(handlers.received["upload_document"])
    content_type = wire.last.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    boundary = content_type.split("boundary=", 1)[1].encode("ascii")
    assert wire.last.content.startswith(b"--" + boundary + b"\r\n")
    assert wire.last.content.endswith(b"--" + boundary + b"--\r\n")
    # The file parts as the spec's encoding and the caller's tuples name them.
    assert (b'name="file"; filename="report.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
            + PDF + b"\r\n") in wire.last.content
    assert b'name="attachments"; filename="two.bin"\r\nContent-Type: application/x-two' \
        in wire.last.content
    assert b'name="thumbnail"; filename="thumbnail"\r\nContent-Type: image/jpeg' \
        in wire.last.content
    assert b'name="metadata"\r\nContent-Type: application/json\r\n\r\n' \
        b'{"author":"Zo\xc3\xab","revision":3}\r\n' in wire.last.content
    assert b'name="pages"\r\n\r\n12\r\n' in wire.last.content


def test_multipart_with_only_the_required_fields(client: Any, handlers: Recorder) -> None:
    receipt = client.documents.create(file=b"", title="empty")
    assert receipt == models.Receipt(title="empty", size=0, files=1)
    got = handlers.received["upload_document"]
    assert (got.file, got.title, got.model_fields_set) == (b"", "empty", {"file", "title"})


# -- secrets and base64 text in every body kind ------------------------------------------------
# `format: password` is a SecretStr: hidden in repr, its value on the wire (pydantic would send
# `**********`). `format: byte` is base64 text in a form field or part as in JSON (raw bytes
# would be refused by the server as "not valid base64").

AVATAR = b"\x89PNG\x00\xff\xfe"
AVATAR_B64 = b"iVBORwD//g=="


def test_password_in_a_json_body_sends_its_value(client: Any, handlers: Recorder,
                                                 wire: Wire) -> None:
    client.items.create(name="lamp", api_token="s3cret pass")
    assert wire.last.content == b'{"name":"lamp","api_token":"s3cret pass"}'
    got = handlers.received["create_item"]
    assert got.api_token.get_secret_value() == "s3cret pass"
    assert "s3cret" not in repr(got) and "s3cret" not in str(got)
    client.items.create(body=models.ItemCreate(name="lamp", api_token="t0ken"))
    assert wire.last.content == b'{"name":"lamp","api_token":"t0ken"}'


def test_password_and_byte_in_a_form_body(client: Any, handlers: Recorder, wire: Wire) -> None:
    client.signups.create(username="ann", plan=models.Plan.PRO, password="p@ss w&rd",
                          avatar=AVATAR)
    assert wire.last.content == (b"username=ann&plan=pro&password=p%40ss+w%26rd&avatar="
                                 + AVATAR_B64.replace(b"/", b"%2F").replace(b"=", b"%3D"))
    got = handlers.received["sign_up"]
    assert got.password.get_secret_value() == "p@ss w&rd" and got.avatar == AVATAR
    assert "p@ss" not in repr(got)
    client.signups.create(body={"username": "bo", "plan": "free", "password": "pw",
                                "avatar": AVATAR_B64.decode()})
    assert wire.last.content == (b"username=bo&plan=free&password=pw&avatar="
                                 + AVATAR_B64.replace(b"/", b"%2F").replace(b"=", b"%3D"))
    got = handlers.received["sign_up"]
    assert got.password.get_secret_value() == "pw" and got.avatar == AVATAR


def test_password_and_byte_in_a_multipart_body(client: Any, handlers: Recorder,
                                               wire: Wire) -> None:
    client.documents.create(file=PDF, title="t", passcode="open sesame", checksum=AVATAR)
    assert b'name="passcode"\r\n\r\nopen sesame\r\n' in wire.last.content
    assert b'name="checksum"\r\n\r\n' + AVATAR_B64 + b"\r\n" in wire.last.content
    got = handlers.received["upload_document"]
    assert got.passcode.get_secret_value() == "open sesame" and got.checksum == AVATAR
    assert got.file == PDF


def test_octet_stream_body(client: Any, handlers: Recorder, wire: Wire) -> None:
    reversed_ = client.blobs.update(name="raw blob", body=PDF)
    assert reversed_ == PDF[::-1]
    assert handlers.received["put_blob"] == ("raw blob", PDF)
    assert wire.last.headers["content-type"] == "application/octet-stream"
    assert wire.last.content == PDF


def test_text_body(client: Any, handlers: Recorder, wire: Wire) -> None:
    assert client.notes.create(body="grüße, ünïcode ✓") == "GRÜSSE, ÜNÏCODE ✓"
    assert handlers.received["shout_note"] == "grüße, ünïcode ✓"
    assert wire.last.headers["content-type"] == "text/plain"
    assert wire.last.content == "grüße, ünïcode ✓".encode()


# -- async -------------------------------------------------------------------------------------


def test_async_client_sends_every_kind(url: str, handlers: Recorder) -> None:
    wire = Wire()

    async def run() -> list[Any]:
        http = httpx.AsyncClient(event_hooks={"request": [wire.hook]})
        async with fb.AsyncClient(base_url=url, max_retries=0, http_client=http) as api:
            results = [
                await api.documents.create(**upload_arguments()),
                await api.signups.create(username="cy", plan=models.Plan.TEAM,
                                         interests=["x"], referral_codes=[5]),
                await api.items.create(body=models.ItemCreate(name="n")),
                await api.blobs.update(name="b", body=b"\x01\x02"),
                await api.notes.create(body="hi"),
            ]
        await http.aclose()
        return results

    receipt, account, item, blob, note = asyncio.run(run())
    assert receipt.files == 3 and receipt.title == "Q3 report ✓"
    assert_upload_received(handlers.received["upload_document"])
    assert wire.requests[0].headers["content-type"].startswith("multipart/form-data; boundary=")
    assert account == models.Account(username="cy", plan=models.Plan.TEAM, interests=["x"])
    assert handlers.received["sign_up"].referral_codes == [5]
    assert wire.requests[1].content == b"username=cy&plan=team&interests=x&referral_codes=5"
    assert item == models.Item(id=41, name="n")
    assert (blob, note) == (b"\x02\x01", "HI")


# -- what the server refuses -------------------------------------------------------------------


def _errors(response: httpx.Response) -> set[tuple[str, ...]]:
    assert response.status_code == 422, response.text
    return {tuple(str(part) for part in error["loc"]) for error in response.json()["detail"]}


def test_invalid_form_input_gets_422(url: str, handlers: Recorder) -> None:
    with httpx.Client(base_url=url) as http:
        bad = http.post("/signups", data={"username": "ann", "plan": "gold", "age": "old",
                                          "birthday": "31/12/1990", "referral_codes": "1,x"})
        assert _errors(bad) == {("body", "plan"), ("body", "age"), ("body", "birthday"),
                                ("body", "referral_codes", "1")}
        assert _errors(http.post("/signups", data={"plan": "pro"})) == {("body", "username")}
        # A scalar sent twice is not silently narrowed to one of the values.
        assert _errors(http.post("/signups", content=b"username=a&username=b&plan=pro",
                                 headers={"content-type": "application/x-www-form-urlencoded"}
                                 )) == {("body", "username")}
        # Not JSON where the nested object is expected.
        assert _errors(http.post("/signups", data={"username": "a", "plan": "pro",
                                                   "address": "Oslo"})) == {("body", "address")}
        # deepObject keys are rebuilt and validated level by level.
        assert _errors(http.post("/signups", data={
            "username": "a", "plan": "pro", "preferences[quiet_hours][start]": "late",
            "preferences[channels][]": "mail"})) == {
            ("body", "preferences", "quiet_hours", "start"),
            ("body", "preferences", "quiet_hours", "end")}
        # JSON instead of the form the operation declares.
        assert _errors(http.post("/signups", json={"username": "a", "plan": "pro"})) == {
            ("body", "username"), ("body", "plan")}
    assert "sign_up" not in handlers.received


def test_invalid_multipart_input_gets_422(url: str, handlers: Recorder) -> None:
    with httpx.Client(base_url=url) as http:
        missing = http.post("/documents", files={"title": (None, b"t")})
        assert _errors(missing) == {("body", "file")}
        bad_json = http.post("/documents", files=[
            ("file", ("f.pdf", PDF, "application/pdf")), ("title", (None, b"t")),
            ("metadata", (None, b'{"revision": 1}', "application/json")),
            ("pages", (None, b"many")),
        ])
        # Nothing in the 422 tries to echo the file's (non-UTF-8) bytes.
        assert _errors(bad_json) == {("body", "metadata", "author"), ("body", "pages")}
        broken = http.post("/documents", content=b"--x\r\nnot a part",
                           headers={"content-type": "multipart/form-data; boundary=x"})
        assert _errors(broken) == {("body",)}  # Starlette's 400, made a 422 like the others
    assert "upload_document" not in handlers.received


# -- the mock ----------------------------------------------------------------------------------


def test_mock_answers_every_body_kind() -> None:
    mock = server_package.MockHandlers()
    with live_server(server_package.create_app(mock)) as base_url, \
            fb.Client(base_url=base_url, max_retries=0) as api:
        receipt = api.documents.create(**upload_arguments())
        assert receipt.title == "Q3 report ✓"  # echoed from the text part
        account = api.signups.create(username="dee", plan=models.Plan.PRO,
                                     interests=["i"])
        assert account == models.Account(username="dee", plan=models.Plan.PRO,
                                         interests=["i"])
        assert api.items.create(name="n", tags=["t"]).name == "n"
        assert api.blobs.update(name="b", body=PDF) == b""
        assert api.notes.create(body="x") == ""


# -- typing ------------------------------------------------------------------------------------

USAGE = '''\
from __future__ import annotations

import io

import feature_bodies
from feature_bodies import models


def upload(client: feature_bodies.Client, data: bytes) -> models.Receipt:
    return client.documents.create(
        file=("a.pdf", io.BytesIO(data), "application/pdf"),
        attachments=[data, ("b.txt", data), (None, io.BytesIO(data))],
        thumbnail=data,
        title="t",
        metadata=models.Metadata(author="a"),
    )


async def sign_up(client: feature_bodies.AsyncClient) -> models.Account:
    return await client.signups.create(username="u", plan="pro", interests=["x"])
'''
MISTAKES = '''

def mistakes(client: feature_bodies.Client, text: str) -> None:
    client.documents.create(file=text, title="t")  # error
    client.documents.create(file=b"", attachments=b"", title="t")  # error
    client.documents.create(file=("a", b"", "b", "c"), title="t")  # error
    client.signups.create(username="u", plan="gold")  # error: not one of its values
    client.signups.create(username="u", plan=models.Plan.PRO, referral_codes=["1"])  # error
    client.blobs.update(name="n", body="text")  # error
'''


def _mypy(source: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    (tmp_path / "usage.py").write_text(source, encoding="utf-8")
    env = {**os.environ, "MYPYPATH": str(GOLDEN / "feature_bodies" / "expected")}
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file",
         os.devnull, "--cache-dir", os.devnull, "usage.py"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False)


def test_file_arguments_type_check_under_mypy_strict(tmp_path: Path) -> None:
    """The good calls are clean; each bad call is one error on its own line."""
    result = _mypy(USAGE + MISTAKES, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = sorted({int(line.split(":")[1]) for line in result.stdout.splitlines()
                    if line.startswith("usage.py:") and ": error:" in line})
    first_mistake = USAGE.count("\n") + 1
    expected = [first_mistake + index for index, line in enumerate(MISTAKES.splitlines())
                if "# error" in line]
    assert lines == expected, result.stdout
