"""Media types end to end: the `feature_media_types` golden package's server under uvicorn on
127.0.0.1, driven by its own sync and async clients. JSON declared under any name a real API
gives it (`*/*`, `application/*`, `+json`, `text/json`, a charset parameter) is parsed into its
schema's type, the server answers a concrete `application/json` for a range, and a body the spec
offers in several media types goes in the one the caller chooses and arrives as such.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
import schemathesis
from golden_cases import golden_package
from hypothesis import HealthCheck, given, settings
from live_server import live_server
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation import GenerationMode

mt = golden_package("feature_media_types")
models = mt.models
server_package = __import__("feature_media_types.server", fromlist=["create_app"])
types_module = __import__("feature_media_types.server.types", fromlist=["ApiError"])

REX = models.Pet(id=7, name="Rex", tag="dog")
FILE = b"\x00\xffraw\r\n"


class Recorder:
    """Implements the generated `Handlers` Protocol; remembers every body it receives."""

    def __init__(self) -> None:
        self.received: list[Any] = []

    async def get_pet(self, *, pet_id: int) -> Any:
        if pet_id == 404:
            raise types_module.ApiError(404, models.Problem(title="No pet", status=404))
        return models.Pet(id=pet_id, name="Rex", tag="dog")

    async def list_pets(self) -> Any:
        return [REX, models.Pet(id=8, name="Tom")]

    async def create_pet(self, *, body: Any) -> Any:
        self.received.append(body)
        if isinstance(body, bytes):
            if body == b"refuse":
                raise types_module.ApiError(400, models.Problem(title="Refused", status=400))
            return models.Pet(id=len(body), name="raw")
        return models.Pet(id=1, name=body.name, tag=body.tag)

    async def get_owner(self, *, owner_id: str) -> Any:
        return models.Owner(name=owner_id, pets=2)

    async def replace_owner(self, *, owner_id: str, body: Any) -> Any:
        self.received.append(body)
        return models.Owner(name=owner_id, pets=body.pets)

    async def get_stats(self) -> Any:
        return {"pets": 2, "owners": 1}

    async def greet(self) -> str:
        return "hello, {\"not\": json}"

    async def download(self) -> bytes:
        return FILE


class Wire:
    """httpx event hooks keeping every request and response as they went (bodies read)."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.responses: list[httpx.Response] = []

    def request(self, request: httpx.Request) -> None:
        request.read()
        self.requests.append(request)

    def response(self, response: httpx.Response) -> None:
        response.read()
        self.responses.append(response)

    async def arequest(self, request: httpx.Request) -> None:
        await request.aread()
        self.requests.append(request)

    async def aresponse(self, response: httpx.Response) -> None:
        await response.aread()
        self.responses.append(response)

    @property
    def sent_type(self) -> str | None:
        return self.requests[-1].headers.get("content-type")

    @property
    def received_type(self) -> str | None:
        return self.responses[-1].headers.get("content-type")


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
    http = httpx.Client(event_hooks={"request": [wire.request], "response": [wire.response]})
    with mt.Client(base_url=url, max_retries=0, http_client=http) as api:
        yield api
    http.close()


# -- responses: JSON under every name ----------------------------------------------------------


def test_any_media_type_with_a_schema_is_json(client: Any, wire: Wire) -> None:
    pet = client.pets.retrieve(pet_id=3)
    assert pet == models.Pet(id=3, name="Rex", tag="dog")
    assert wire.requests[-1].headers["accept"] == "*/*"
    assert wire.received_type == "application/json"
    assert wire.responses[-1].json() == {"id": 3, "name": "Rex", "tag": "dog"}


def test_a_subtype_range_with_a_schema_is_json(client: Any, wire: Wire) -> None:
    assert client.pets.list() == [REX, models.Pet(id=8, name="Tom")]
    assert wire.requests[-1].headers["accept"] == "application/*"
    assert wire.received_type == "application/json"


def test_problem_json_errors_are_parsed(client: Any, wire: Wire) -> None:
    with pytest.raises(mt.NotFoundError) as caught:
        client.pets.retrieve(pet_id=404)
    assert caught.value.body == models.Problem(title="No pet", status=404)
    assert wire.received_type == "application/problem+json"


def test_text_json_is_json(client: Any, wire: Wire) -> None:
    assert client.owners.retrieve(owner_id="ann") == models.Owner(name="ann", pets=2)
    assert wire.received_type == "text/json; charset=utf-8"


def test_a_text_json_body_is_sent_and_read_as_json(client: Any, handlers: Recorder,
                                                   wire: Wire) -> None:
    owner = client.owners.update(owner_id="ann", name="x", pets=3)
    assert owner == models.Owner(name="ann", pets=3)
    assert handlers.received[-1] == models.Owner(name="x", pets=3)
    assert wire.sent_type == "text/json"
    assert wire.requests[-1].content == b'{"name":"x","pets":3}'
    assert wire.received_type == "application/json"


def test_a_charset_parameter_keeps_json(client: Any, wire: Wire) -> None:
    stats = client.stats.list()
    assert stats == models.GetStatsResponse({"pets": 2, "owners": 1})
    assert wire.received_type == "application/json; charset=utf-8"


def test_a_string_under_any_media_type_is_text(client: Any, wire: Wire) -> None:
    assert client.greeting.list() == 'hello, {"not": json}'
    assert wire.requests[-1].headers["accept"] == "*/*"
    assert wire.received_type == "text/plain; charset=utf-8"


def test_a_range_without_a_schema_stays_bytes(client: Any, wire: Wire) -> None:
    assert client.download.list() == FILE
    assert wire.received_type == "application/octet-stream"


# -- a request body in several media types ------------------------------------------------------


def test_json_is_the_default(client: Any, handlers: Recorder, wire: Wire) -> None:
    pet = client.pets.create(name="Kit", tag="cat")
    assert pet == models.Pet(id=1, name="Kit", tag="cat")
    assert pet.__class__ is models.Pet
    assert handlers.received[-1] == models.NewPet(name="Kit", tag="cat")
    assert wire.sent_type == "application/json"
    assert wire.requests[-1].content == b'{"name":"Kit","tag":"cat"}'
    assert wire.received_type == "application/vnd.api+json"


def test_a_form_when_asked(client: Any, handlers: Recorder, wire: Wire) -> None:
    pet = client.pets.create(name="Kit", content_type="application/x-www-form-urlencoded")
    assert pet == models.Pet(id=1, name="Kit")
    assert handlers.received[-1] == models.NewPet(name="Kit")
    assert wire.sent_type == "application/x-www-form-urlencoded"
    assert wire.requests[-1].content == b"name=Kit"
    body = client.pets.create(body=models.NewPet(name="Bo", tag="x"),
                              content_type="application/x-www-form-urlencoded")
    assert body == models.Pet(id=1, name="Bo", tag="x")
    assert wire.requests[-1].content == b"name=Bo&tag=x"


def test_raw_bytes_and_xml_when_asked(client: Any, handlers: Recorder, wire: Wire) -> None:
    assert client.pets.create(body=FILE, content_type="application/octet-stream") \
        == models.Pet(id=len(FILE), name="raw")
    assert handlers.received[-1] == FILE
    assert wire.sent_type == "application/octet-stream"
    assert wire.requests[-1].content == FILE
    xml = b"<pet><name>Kit</name></pet>"
    assert client.pets.create(body=xml, content_type="application/xml") \
        == models.Pet(id=len(xml), name="raw")
    assert handlers.received[-1] == xml
    assert wire.sent_type == "application/xml"


def test_the_default_problem_answers_a_refused_body(client: Any, wire: Wire) -> None:
    with pytest.raises(mt.BadRequestError) as caught:
        client.pets.create(body=b"refuse", content_type="application/octet-stream")
    assert caught.value.body == models.Problem(title="Refused", status=400)
    assert wire.received_type == "application/problem+json"


def test_an_unknown_media_type_is_refused(client: Any, url: str) -> None:
    with pytest.raises(ValueError, match="application/json"):
        client.pets.create(body=FILE, content_type="image/png")
    answer = httpx.post(f"{url}/pets", content=b"x", headers={"content-type": "image/png"})
    assert answer.status_code == 415


def test_a_bad_json_body_is_a_validation_failure(url: str) -> None:
    answer = httpx.post(f"{url}/pets", content=b'{"tag": 1}',
                        headers={"content-type": "application/json"})
    assert answer.status_code == 422
    answer = httpx.post(f"{url}/pets", content=b'{"name": 1e999999}',
                        headers={"content-type": "application/json"})
    assert answer.status_code in (400, 422)
    for body in (b'{"name": 1e999999}', b'{"name": 1', b"\xff", b'{"pets": 1}'):
        answer = httpx.put(f"{url}/owners/x", content=body,
                           headers={"content-type": "text/json"})
        assert answer.status_code in (400, 422), body


# -- the async client -----------------------------------------------------------------------


def test_async_client(url: str, handlers: Recorder, wire: Wire) -> None:
    async def run() -> None:
        http = httpx.AsyncClient(event_hooks={"request": [wire.arequest],
                                              "response": [wire.aresponse]})
        async with mt.AsyncClient(base_url=url, max_retries=0, http_client=http) as api:
            assert await api.pets.retrieve(pet_id=5) == models.Pet(id=5, name="Rex", tag="dog")
            assert wire.received_type == "application/json"
            assert await api.pets.list() == [REX, models.Pet(id=8, name="Tom")]
            assert await api.owners.retrieve(owner_id="bo") == models.Owner(name="bo", pets=2)
            assert wire.received_type == "text/json; charset=utf-8"
            stats = await api.stats.list()
            assert stats.root == {"pets": 2, "owners": 1}
            assert await api.pets.create(name="Kit") == models.Pet(id=1, name="Kit")
            assert wire.sent_type == "application/json"
            assert await api.pets.create(name="Kit",
                                         content_type="application/x-www-form-urlencoded") \
                == models.Pet(id=1, name="Kit")
            assert wire.sent_type == "application/x-www-form-urlencoded"
            assert await api.pets.create(body=FILE, content_type="application/octet-stream") \
                == models.Pet(id=len(FILE), name="raw")
            assert wire.sent_type == "application/octet-stream"
            assert await api.download.list() == FILE
        await http.aclose()

    asyncio.run(run())
    assert handlers.received[-1] == FILE


# -- the mock ----------------------------------------------------------------------------------


def test_the_mock_answers_json_for_a_range() -> None:
    with live_server(server_package.create_app(server_package.MockHandlers())) as url:
        wire = Wire()
        http = httpx.Client(event_hooks={"request": [wire.request],
                                         "response": [wire.response]})
        with mt.Client(base_url=url, max_retries=0, http_client=http) as api:
            assert api.pets.retrieve(pet_id=9) == models.Pet(id=9, name="Rex", tag="dog")
            assert wire.received_type == "application/json"
            assert wire.responses[-1].content != b""
            assert isinstance(api.pets.list(), list)
            assert wire.received_type == "application/json"
            assert isinstance(api.owners.retrieve(owner_id="x"), models.Owner)
            assert wire.received_type == "text/json; charset=utf-8"
            assert api.owners.update(owner_id="x", name="n") == models.Owner(name="n")
            assert wire.received_type == "application/json"
            assert isinstance(api.pets.create(name="Kit"), models.Pet)
            assert isinstance(api.pets.create(body=b"x", content_type="application/xml"),
                              models.Pet)
            # Bytes no text decoding survives: nothing to echo, still an answer.
            assert isinstance(api.pets.create(body=b"\xff\xf7\x00",
                                              content_type="application/octet-stream"),
                              models.Pet)
        http.close()


BOUNDED = settings(max_examples=40, deadline=timedelta(seconds=2), database=None,
                   derandomize=True, suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_schemathesis_finds_nothing_on_the_mock(mode: GenerationMode) -> None:
    """Every media type the spec declares, generated by schemathesis (XML, raw bytes, forms):
    answered in a declared status, content type and schema, never a 5xx."""
    schema = schemathesis.openapi.from_asgi(
        "/openapi.json", server_package.create_app(server_package.MockHandlers()))
    checks = [not_a_server_error, content_type_conformance, response_schema_conformance]
    if mode is GenerationMode.POSITIVE:
        checks.append(status_code_conformance)

    @BOUNDED
    @given(case=schema.as_strategy(mode))
    def run(case: Any) -> None:
        response = case.call()
        case.validate_response(response, checks=checks)
        if mode is GenerationMode.POSITIVE:
            assert response.status_code < 300, response.text

    run()
