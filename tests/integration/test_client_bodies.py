"""How the generated clients encode request bodies (form-urlencoded, multipart, JSON, bytes,
text), checked byte by byte over `httpx.MockTransport`. The client is generated fresh from the
`feature_bodies` golden spec, so these tests follow today's generator."""

from __future__ import annotations

import datetime
import importlib
import io
import sys
from collections.abc import Iterator
from email import policy
from email.parser import BytesParser
from pathlib import Path
from types import ModuleType
from urllib.parse import parse_qsl

import httpx
import pytest
from client_support import Server, clean_env, flavour, make_client, record_sleeps, run
from generation_support import generate_into

__all__ = ["clean_env", "flavour"]  # fixtures used by name

SPEC = Path(__file__).resolve().parents[1] / "golden" / "feature_bodies" / "spec.yaml"
PACKAGE = "apigen_bodies_unit"
ACCOUNT = {"username": "ann", "plan": "pro"}
RECEIPT = {"title": "t", "size": 1}
PNG = b"\x89PNG\r\n\x1a\n\x00\xff--boundary-like\r\n"

Part = tuple[str, "str | None", "str | None", bytes]


@pytest.fixture(scope="module")
def bodies(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("bodies_client") / "out"
    generate_into(SPEC, out, package=PACKAGE)
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out))


def form_pairs(request: httpx.Request) -> list[tuple[str, str]]:
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    return parse_qsl(request.content.decode("ascii"), keep_blank_values=True, strict_parsing=True)


def parts(request: httpx.Request) -> list[Part]:
    """(name, filename, content type, bytes) of each part of a multipart request, in order."""
    content_type = request.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    message = BytesParser(policy=policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("ascii") + b"\r\n\r\n" + request.content)
    assert message.is_multipart()
    found: list[Part] = []
    for part in message.iter_parts():
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        found.append((str(part.get_param("name", header="content-disposition")),
                      part.get_filename(), part.get("content-type"), payload))
    return found


# -- application/x-www-form-urlencoded ----------------------------------------------------------


def test_form_fields_are_encoded_by_wire_name(bodies: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(200, json={**ACCOUNT, "interests": ["a b", "c&d"]}))
    client = make_client(bodies, flavour, server)
    account = run(client.signups.create(
        username="ann", display_name="Ann ✓", age=30, score=1.5, plan=bodies.models.Plan.PRO,
        newsletter=False, birthday=datetime.date(2000, 1, 2), interests=["a b", "c&d"],
        referral_codes=[7, 8, 9], address=bodies.models.Address(city="Oslo"),
        preferences=bodies.models.Preferences(
            channels=["a"], quiet_hours=bodies.models.QuietHours(start=1, end=2))))
    assert account == bodies.models.Account(username="ann", plan=bodies.models.Plan.PRO,
                                            interests=["a b", "c&d"])
    assert form_pairs(server.last) == [
        ("username", "ann"),
        ("display-name", "Ann ✓"),  # the alias, not the attribute
        ("age", "30"),
        ("score", "1.5"),
        ("plan", "pro"),  # the enum's value
        ("newsletter", "false"),
        ("birthday", "2000-01-02"),
        ("interests", "a b"),  # exploded: the key repeats
        ("interests", "c&d"),
        ("referral_codes", "7,8,9"),  # the spec's encoding says explode: false
        ("address", '{"city":"Oslo"}'),  # nested objects travel as JSON text
        # ... unless the spec's encoding says deepObject; fields not set are left out.
        ("preferences[channels][0]", "a"),
        ("preferences[quiet_hours][start]", "1"),
        ("preferences[quiet_hours][end]", "2"),
    ]
    # Percent-encoding of the reserved characters, spaces as `+`.
    assert b"interests=c%26d" in server.last.content
    assert b"interests=a+b" in server.last.content


def test_form_leaves_out_optional_fields_not_given(bodies: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(200, json=ACCOUNT))
    client = make_client(bodies, flavour, server)
    run(client.signups.create(username="ann", plan=bodies.models.Plan.FREE, newsletter=True,
                              interests=[]))
    assert form_pairs(server.last) == [("username", "ann"), ("plan", "free"),
                                       ("newsletter", "true")]


def test_form_from_a_body_model_or_mapping(bodies: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(200, json=ACCOUNT))
    client = make_client(bodies, flavour, server)
    run(client.signups.create(body=bodies.models.SignupForm(
        username="bo", plan=bodies.models.Plan.TEAM, display_name="B")))
    assert form_pairs(server.last) == [("username", "bo"), ("display-name", "B"),
                                       ("plan", "team")]
    # A mapping is validated into the model first (by wire name), so it encodes the same way.
    run(client.signups.create(body={"username": "bo", "plan": "team", "display-name": "B",
                                    "referral_codes": ["1", 2]}))
    assert form_pairs(server.last) == [("username", "bo"), ("display-name", "B"),
                                       ("plan", "team"), ("referral_codes", "1,2")]


def test_form_argument_errors(bodies: ModuleType, flavour: str) -> None:
    client = make_client(bodies, flavour, Server())
    with pytest.raises(TypeError, match="missing required argument"):
        run(client.signups.create(username="ann"))
    with pytest.raises(TypeError, match="not both"):
        run(client.signups.create(username="ann", body=bodies.models.SignupForm(
            username="ann", plan=bodies.models.Plan.FREE)))


# -- multipart/form-data ------------------------------------------------------------------------


def test_multipart_parts_files_and_json(bodies: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(201, json=RECEIPT))
    client = make_client(bodies, flavour, server)
    models = bodies.models
    receipt = run(client.documents.create(
        file=("report.pdf", PNG),
        attachments=[b"\x00first", ("second.txt", io.BytesIO(b"second\xff"), "text/plain")],
        thumbnail=b"\xff\xd8jpeg",
        title="Q3 ✓",
        tags=["a", "b"],
        pages=12,
        draft=False,
        plan=models.Plan.PRO,
        metadata=models.Metadata(author="me", revision=2),
        sections=[models.Section(heading="One"), models.Section(heading="Two", level=2)],
    ))
    assert receipt == models.Receipt(title="t", size=1)
    assert parts(server.last) == [
        # The spec's encoding gives `file` application/pdf; bytes alone are named after the
        # field; contentMediaType gives `thumbnail` image/jpeg.
        ("file", "report.pdf", "application/pdf", PNG),
        ("attachments", "attachments", "application/octet-stream", b"\x00first"),
        ("attachments", "second.txt", "text/plain", b"second\xff"),
        ("thumbnail", "thumbnail", "image/jpeg", b"\xff\xd8jpeg"),
        ("title", None, None, "Q3 ✓".encode()),
        ("tags", None, None, b"a"),
        ("tags", None, None, b"b"),
        ("pages", None, None, b"12"),
        ("draft", None, None, b"false"),
        ("plan", None, None, b"pro"),
        ("metadata", None, "application/json", b'{"author":"me","revision":2}'),
        ("sections", None, "application/json", b'{"heading":"One"}'),
        ("sections", None, "application/json", b'{"heading":"Two","level":2}'),
    ]


def test_multipart_from_a_body_model(bodies: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(201, json=RECEIPT))
    client = make_client(bodies, flavour, server)
    body = bodies.models.UploadDocumentRequest(file=PNG, title="t", attachments=[b"1", b"2"])
    run(client.documents.create(body=body))
    assert parts(server.last) == [
        ("file", "file", "application/pdf", PNG),
        ("attachments", "attachments", "application/octet-stream", b"1"),
        ("attachments", "attachments", "application/octet-stream", b"2"),
        ("title", None, None, b"t"),
    ]


def test_multipart_file_objects_are_read_once_and_resent_on_retry(
        bodies: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(503), httpx.Response(201, json=RECEIPT))
    client = make_client(bodies, flavour, server, max_retries=1)
    record_sleeps(client, flavour)
    run(client.documents.create(file=("big.bin", io.BytesIO(PNG)), title="t"))
    assert len(server.requests) == 2
    assert parts(server.requests[0]) == parts(server.requests[1]) == [
        ("file", "big.bin", "application/pdf", PNG), ("title", None, None, b"t")]


def test_multipart_file_must_be_bytes(bodies: ModuleType, flavour: str) -> None:
    client = make_client(bodies, flavour, Server())
    with pytest.raises(ValueError, match="file"):  # pydantic's ValidationError
        run(client.documents.create(file=["not", "bytes"], title="t"))


def test_multipart_with_no_part_is_still_multipart(bodies: ModuleType) -> None:
    payload = bodies._base.BodySpec("multipart/form-data", "multipart").serialize({})
    assert payload.files is None and payload.data is None
    assert payload.content_type is not None
    boundary = payload.content_type.removeprefix("multipart/form-data; boundary=")
    assert boundary and boundary != payload.content_type
    assert payload.content == f"--{boundary}--\r\n".encode("ascii")


# -- JSON, octet-stream, text --------------------------------------------------------------------


def test_json_body(bodies: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(201, json={"id": 1, "name": "n", "tags": ["x"]}))
    client = make_client(bodies, flavour, server)
    item = run(client.items.create(name="n", tags=["x"]))
    assert item == bodies.models.Item(id=1, name="n", tags=["x"])
    assert server.last.headers["content-type"] == "application/json"
    assert server.last.content == b'{"name":"n","tags":["x"]}'


def test_octet_stream_and_text_bodies(bodies: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(200, content=b"\x00\xff",
                                   headers={"content-type": "application/octet-stream"}))
    client = make_client(bodies, flavour, server)
    assert run(client.blobs.update(name="b", body=b"\xff\x00")) == b"\x00\xff"
    assert server.last.headers["content-type"] == "application/octet-stream"
    assert server.last.content == b"\xff\x00"

    server = Server(httpx.Response(200, text="HÉ", headers={"content-type": "text/plain"}))
    client = make_client(bodies, flavour, server)
    assert run(client.notes.create(body="hé")) == "HÉ"
    assert server.last.headers["content-type"] == "text/plain"
    assert server.last.content == "hé".encode()
