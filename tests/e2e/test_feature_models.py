"""Model features end to end: for each golden case `feature_<x>` (allOf, oneOf, nullable in 3.0
and 3.1, enums, recursion, maps, formats, defaults and constraints), the committed package's
FastAPI app runs under uvicorn on 127.0.0.1 with a handler that records what it receives, and its
generated client calls it.

Each test proves that models, client and server agree on the wire: the value the handler gets
equals what the client sent (types included), what the client parses equals what the handler
returned, the JSON in between is spelled as the spec says (wire names, base64, decimal numbers,
enum values, no nulls for unset optional fields), and invalid values are refused: by the models
on the client side (pydantic `ValidationError`) and by the server (422, raised by the client as
`UnprocessableEntityError`, with the handler never called). Invalid bodies reach the server as
plain dicts passed as `body=`, which the client sends as they are.
"""

from __future__ import annotations

import asyncio
import base64
import importlib
import inspect
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from types import ModuleType
from typing import Any
from uuid import UUID

import httpx
import pytest
from golden_cases import assemble, golden_package
from lint import ruff_findings
from live_server import live_server
from pydantic import ValidationError

CASES = ("feature_allof", "feature_oneof", "feature_nullable_30", "feature_nullable_31",
         "feature_enums", "feature_recursive", "feature_maps", "feature_formats",
         "feature_defaults_constraints")


# -- plumbing -------------------------------------------------------------------------------


@dataclass
class Wire:
    """The JSON of every request and response that went over the wire, parsed exactly (numbers
    as `Decimal` when they have a fraction, so a decimal's digits can be checked)."""

    sent: list[Any] = field(default_factory=list)
    received: list[Any] = field(default_factory=list)
    queries: list[str] = field(default_factory=list)

    @staticmethod
    def _json(content: bytes) -> Any:
        return json.loads(content, parse_float=Decimal) if content else None

    def on_request(self, request: httpx.Request) -> None:
        self.queries.append(request.url.query.decode())
        self.sent.append(self._json(request.content))

    def on_response(self, response: httpx.Response) -> None:
        response.read()
        self.received.append(self._json(response.content))

    async def aon_request(self, request: httpx.Request) -> None:
        self.on_request(request)

    async def aon_response(self, response: httpx.Response) -> None:
        await response.aread()
        self.received.append(self._json(response.content))


@dataclass
class Recorder:
    """Base of the handlers: `calls` holds (operation, arguments) as the server passed them."""

    models: ModuleType
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    reply: Any = None

    def record(self, operation: str, **arguments: Any) -> None:
        self.calls.append((operation, arguments))

    @property
    def last(self) -> dict[str, Any]:
        assert self.calls, "the handler was never called"
        return self.calls[-1][1]


def _operations(cls: type) -> dict[str, list[str]]:
    return {name: [p for p in inspect.signature(method).parameters if p != "self"]
            for name, method in vars(cls).items()
            if inspect.iscoroutinefunction(method) and not name.startswith("_")}


@contextmanager
def running(case: str, handlers: Recorder) -> Iterator[str]:
    """The case's app serving `handlers` (which must have exactly the Protocol's methods, with
    its keyword arguments) under uvicorn."""
    server = importlib.import_module(f"{case}.server")
    protocol = importlib.import_module(f"{case}.server.handlers").Handlers
    assert _operations(type(handlers)) == _operations(protocol)
    with live_server(server.create_app(handlers)) as url:
        yield url


@contextmanager
def connect(pkg: ModuleType, url: str) -> Iterator[tuple[Any, Wire]]:
    """The generated sync client, with the JSON it exchanges recorded."""
    wire = Wire()
    hooks = {"request": [wire.on_request], "response": [wire.on_response]}
    with httpx.Client(event_hooks=hooks) as http, \
            pkg.Client(base_url=url, max_retries=0, http_client=http) as client:
        yield client, wire


def refused(pkg: ModuleType, handlers: Recorder, call: Any) -> Any:
    """Run `call`; it must fail with the client's 422 error and never reach the handler."""
    before = len(handlers.calls)
    with pytest.raises(pkg.UnprocessableEntityError) as caught:
        call()
    assert caught.value.status_code == 422
    assert len(handlers.calls) == before, "the server passed an invalid value to the handler"
    return caught.value


# -- allOf ----------------------------------------------------------------------------------


class AllOfHandlers(Recorder):
    async def create_dog(self, *, body: Any) -> Any:
        self.record("create_dog", body=body)
        return body

    async def get_service_dog(self, *, id: int) -> Any:
        self.record("get_service_dog", id=id)
        return self.reply

    async def replace_service_dog(self, *, id: int, body: Any) -> Any:
        self.record("replace_service_dog", id=id, body=body)
        return body

    async def create_report(self, *, body: Any) -> Any:
        self.record("create_report", body=body)
        return body


@pytest.fixture
def allof() -> Iterator[tuple[ModuleType, AllOfHandlers, Any, Wire]]:
    pkg = golden_package("feature_allof")
    handlers = AllOfHandlers(pkg.models)
    with running("feature_allof", handlers) as url, connect(pkg, url) as (client, wire):
        yield pkg, handlers, client, wire


def test_allof_inheritance_round_trips(allof: Any) -> None:
    pkg, handlers, client, wire = allof
    m = pkg.models
    assert issubclass(m.ServiceDog, m.Dog) and issubclass(m.Dog, m.Pet)
    dog = m.ServiceDog(id=7, name="Rex", tag="brown", breed="lab", service_id="S-1",
                       tasks=["guide", "alert"])
    back = client.service_dogs.update(id=7, body=dog)
    got = handlers.last
    assert got["id"] == 7
    assert type(got["body"]) is m.ServiceDog
    assert got["body"] == dog
    assert got["body"].good_boy is True  # the inline part's default, applied by the server
    assert wire.sent[-1] == {"id": 7, "name": "Rex", "tag": "brown", "breed": "lab",
                             "serviceId": "S-1", "tasks": ["guide", "alert"]}
    assert type(back) is m.ServiceDog
    assert back == dog


def test_allof_base_level_and_get(allof: Any) -> None:
    pkg, handlers, client, wire = allof
    m = pkg.models
    dog = client.dogs.create(body=m.Dog(id=1, name="Fido", breed="pug", good_boy=False))
    assert type(handlers.last["body"]) is m.Dog
    assert handlers.last["body"].good_boy is False
    assert wire.sent[-1] == {"id": 1, "name": "Fido", "breed": "pug", "goodBoy": False}
    assert dog == m.Dog(id=1, name="Fido", breed="pug", good_boy=False)
    handlers.reply = m.ServiceDog(id=2, name="Ace", breed="collie", service_id="S-2")
    fetched = client.service_dogs.retrieve(id=2)
    assert handlers.last == {"id": 2}
    assert type(fetched) is m.ServiceDog
    assert (fetched.name, fetched.breed, fetched.service_id) == ("Ace", "collie", "S-2")
    assert wire.received[-1] == {"id": 2, "name": "Ace", "breed": "collie", "serviceId": "S-2"}


def test_allof_fields_are_keyword_arguments(allof: Any) -> None:
    pkg, handlers, client, wire = allof
    m = pkg.models
    # Inherited fields (two levels) are arguments too; the body's `id` meets the path's `id`.
    back = client.service_dogs.update(id=8, id_body=9, name="Max", breed="boxer",
                                      service_id="S-9", good_boy=False)
    assert handlers.last["id"] == 8
    assert handlers.last["body"] == m.ServiceDog(id=9, name="Max", breed="boxer",
                                                 service_id="S-9", good_boy=False)
    assert wire.sent[-1] == {"id": 9, "name": "Max", "breed": "boxer", "serviceId": "S-9",
                             "goodBoy": False}
    assert back == handlers.last["body"]
    # A merge's required fields come from every part.
    report = client.reports.create(created_by="ann", version=3, title="T", pages=2)
    assert handlers.last["body"] == m.Report(created_by="ann", version=3, title="T", pages=2)
    assert report.version == 3
    with pytest.raises(TypeError, match="version"):
        client.reports.create(created_by="ann", title="T", pages=2)


def test_allof_merge_requires_every_part(allof: Any) -> None:
    pkg, handlers, client, wire = allof
    m = pkg.models
    required = {n for n, f in m.Report.model_fields.items() if f.is_required()}
    assert required == {"created_by", "version", "title", "pages"}
    report = m.Report(created_by="ann", created_at="2024-05-06T07:08:09Z", version=2,
                      title="Q2", pages=12, owner=m.Pet(id=3, name="Tom"))
    back = client.reports.create(body=report)
    assert handlers.last["body"] == report
    assert isinstance(handlers.last["body"].owner, m.Pet)
    assert handlers.last["body"].created_at == datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
    assert back == report
    assert wire.sent[-1]["createdBy"] == "ann" and wire.sent[-1]["owner"] == {"id": 3,
                                                                              "name": "Tom"}
    complete = {"createdBy": "ann", "version": 1, "title": "t", "pages": 1}
    for missing in complete:
        with pytest.raises(ValidationError):
            m.Report.model_validate({k: v for k, v in complete.items() if k != missing})
        refused(pkg, handlers, lambda missing=missing: client.reports.create(
            body={k: v for k, v in complete.items() if k != missing}))
    # A constraint of one merged part (Versioned.version >= 1) still holds.
    refused(pkg, handlers, lambda: client.reports.create(body={**complete, "version": 0}))


# -- oneOf / anyOf --------------------------------------------------------------------------


class OneOfHandlers(Recorder):
    async def create_shape(self, *, body: Any) -> Any:
        self.record("create_shape", body=body)
        return body

    async def create_pet(self, *, body: Any) -> Any:
        self.record("create_pet", body=body)
        return body

    async def create_drawing(self, *, body: Any) -> Any:
        self.record("create_drawing", body=body)
        return body

    async def create_payment(self, *, body: Any) -> Any:
        self.record("create_payment", body=body)
        return body

    async def create_contact(self, *, body: Any) -> Any:
        self.record("create_contact", body=body)
        return body

    async def create_lookup(self, *, body: Any) -> Any:
        self.record("create_lookup", body=body)
        return body

    async def create_fleet(self, *, body: Any) -> Any:
        self.record("create_fleet", body=body)
        return body


@pytest.fixture
def oneof() -> Iterator[tuple[ModuleType, OneOfHandlers, Any, Wire]]:
    pkg = golden_package("feature_oneof")
    handlers = OneOfHandlers(pkg.models)
    with running("feature_oneof", handlers) as url, connect(pkg, url) as (client, wire):
        yield pkg, handlers, client, wire


def test_discriminator_with_mapping_picks_the_variant(oneof: Any) -> None:
    pkg, handlers, client, wire = oneof
    m = pkg.models
    for variant, wire_value in ((m.Circle(kind="circle", radius=1.5),
                                 {"kind": "circle", "radius": Decimal("1.5")}),
                                (m.Square(kind="square", side=2),
                                 {"kind": "square", "side": 2})):
        back = client.shapes.create(body=m.Shape(variant))
        assert type(handlers.last["body"].root) is type(variant)
        assert handlers.last["body"].root == variant
        assert wire.sent[-1] == wire_value
        assert type(back.root) is type(variant) and back.root == variant


def test_discriminator_without_mapping_uses_schema_names(oneof: Any) -> None:
    pkg, handlers, client, wire = oneof
    m = pkg.models
    back = client.pets.create(body=m.Pet(m.Dog(pet_type="Dog", barks=3)))
    assert type(handlers.last["body"].root) is m.Dog
    assert wire.sent[-1] == {"petType": "Dog", "barks": 3}
    assert back.root == m.Dog(pet_type="Dog", barks=3)
    cat = m.Pet.model_validate({"petType": "Cat", "meows": True})
    assert type(cat.root) is m.Cat
    assert client.pets.create(body=cat).root == m.Cat(pet_type="Cat", meows=True)
    assert type(handlers.last["body"].root) is m.Cat


def test_discriminator_values_are_schema_names_not_class_names(oneof: Any) -> None:
    pkg, handlers, client, wire = oneof
    m = pkg.models
    fleet = m.Fleet.model_validate({
        "vehicles": [{"type": "car_v1", "doors": 3}, {"type": "bike-v1", "gears": 21}],
        "animal": {"class": "bird", "wingspan": 1.5}})
    assert [type(v.root) for v in fleet.vehicles] == [m.CarV1, m.BikeV1]
    back = client.fleets.create(body=fleet)
    got = handlers.last["body"]
    assert [type(v.root) for v in got.vehicles] == [m.CarV1, m.BikeV1]
    assert type(got.animal.root) is m.BirdV1
    assert got == fleet and back == fleet
    assert wire.sent[-1] == {"vehicles": [{"type": "car_v1", "doors": 3},
                                          {"type": "bike-v1", "gears": 21}],
                             "animal": {"class": "bird", "wingspan": Decimal("1.5")}}
    assert client.fleets.create(vehicles=[], animal=m.Animal(m.FishV1(class_="fish"))) \
        .animal.root == m.FishV1(class_="fish")
    assert wire.received[-1] == {"vehicles": [], "animal": {"class": "fish"}}
    for bad in ({"type": "CarV1", "doors": 1}, {"type": "car-v1", "doors": 1}):
        with pytest.raises(ValidationError):
            m.Vehicle.model_validate(bad)
        refused(pkg, handlers, lambda bad=bad: client.fleets.create(body={"vehicles": [bad]}))
    refused(pkg, handlers, lambda: client.fleets.create(
        body={"vehicles": [], "animal": {"class": "bird_v1"}}))


def test_wrong_discriminator_is_refused(oneof: Any) -> None:
    pkg, handlers, client, _ = oneof
    m = pkg.models
    for bad in ({"kind": "triangle", "side": 1}, {"kind": "Circle", "radius": 1},
                {"kind": "circle", "side": 1}, {"radius": 1}):
        with pytest.raises(ValidationError):
            m.Shape.model_validate(bad)
        refused(pkg, handlers, lambda bad=bad: client.shapes.create(body=bad))
    # Without a mapping the values are the schema names, nothing else.
    with pytest.raises(ValidationError):
        m.Pet.model_validate({"petType": "cat", "meows": True})
    refused(pkg, handlers, lambda: client.pets.create(body={"petType": "dog", "barks": 1}))


def test_unions_nested_in_objects_and_arrays(oneof: Any) -> None:
    pkg, handlers, client, wire = oneof
    m = pkg.models
    drawing = m.Drawing(main=m.Shape(m.Square(kind="square", side=1)),
                        shapes=[m.Shape(m.Circle(kind="circle", radius=1)),
                                m.Shape(m.Square(kind="square", side=2))],
                        pet=m.Pet(m.Cat(pet_type="Cat", meows=False)))
    back = client.drawings.create(body=drawing)
    got = handlers.last["body"]
    assert [type(s.root) for s in got.shapes] == [m.Circle, m.Square]
    assert type(got.main.root) is m.Square and type(got.pet.root) is m.Cat
    assert got == drawing and back == drawing
    assert wire.sent[-1]["shapes"] == [{"kind": "circle", "radius": 1},
                                       {"kind": "square", "side": 2}]


def test_oneof_without_discriminator_is_told_apart_by_fields(oneof: Any) -> None:
    pkg, handlers, client, wire = oneof
    m = pkg.models
    card = client.payments.create(body=m.Payment(m.Card(card_number="4111", expires="12/30")))
    assert type(handlers.last["body"].root) is m.Card
    assert type(card.root) is m.Card and card.root.card_number == "4111"
    assert wire.sent[-1] == {"cardNumber": "4111", "expires": "12/30"}
    transfer = client.payments.create(body={"iban": "DE00", "reference": "r"})
    assert type(handlers.last["body"].root) is m.BankTransfer
    assert transfer.root == m.BankTransfer(iban="DE00", reference="r")
    # Both variants' fields at once match neither (additionalProperties: false): oneOf fails.
    with pytest.raises(ValidationError):
        m.Payment.model_validate({"cardNumber": "4111", "iban": "DE00"})
    refused(pkg, handlers, lambda: client.payments.create(
        body={"cardNumber": "4111", "iban": "DE00"}))


def test_anyof_without_discriminator(oneof: Any) -> None:
    pkg, handlers, client, _ = oneof
    m = pkg.models
    email = client.contacts.create(body=m.Contact(m.EmailAddress(email="a@example.com")))
    assert type(handlers.last["body"].root) is m.EmailAddress
    assert email.root == m.EmailAddress(email="a@example.com")
    phone = client.contacts.create(body={"phone": "+49 30 1234"})
    assert type(handlers.last["body"].root) is m.PhoneNumber
    assert type(phone.root) is m.PhoneNumber
    refused(pkg, handlers, lambda: client.contacts.create(body={"fax": "1"}))


def test_union_of_scalars_keeps_each_type(oneof: Any) -> None:
    pkg, handlers, client, wire = oneof
    cases = [("42", [1, True, "1"], 1), (42, [False, 0, "false"], 1.5)]
    for key, keys, weight in cases:
        back = client.lookups.create(key=key, keys=keys, weight=weight)
        for seen in (handlers.last["body"], back):
            assert type(seen.key) is type(key) and seen.key == key
            assert [type(k) for k in seen.keys] == [type(k) for k in keys]
            assert seen.keys == keys
            assert type(seen.weight) is type(weight) and seen.weight == weight
        assert wire.sent[-1] == {"key": key, "keys": keys, "weight": weight}
        assert wire.received[-1] == {"key": key, "keys": keys, "weight": weight}
    refused(pkg, handlers, lambda: client.lookups.create(body={"key": 1.5}))
    refused(pkg, handlers, lambda: client.lookups.create(body={"key": None}))


# -- nullable (OpenAPI 3.0 `nullable: true` and 3.1 type lists / anyOf null) ---------------


class NullableHandlers(Recorder):
    async def create_record(self, *, body: Any) -> Any:
        self.record("create_record", body=body)
        return body

    async def get_record(self, *, id: int) -> Any:
        self.record("get_record", id=id)
        return self.reply


@pytest.fixture(params=["feature_nullable_30", "feature_nullable_31"])
def nullable(request: pytest.FixtureRequest
             ) -> Iterator[tuple[ModuleType, NullableHandlers, Any, Wire]]:
    pkg = golden_package(request.param)
    handlers = NullableHandlers(pkg.models)
    with running(request.param, handlers) as url, connect(pkg, url) as (client, wire):
        yield pkg, handlers, client, wire


def test_nulls_travel_for_nullable_fields(nullable: Any) -> None:
    _, handlers, client, wire = nullable
    back = client.records.create(id=1, nickname=None, owner=None, note=None, count=None,
                                 tags=None, extra=None, co_owner=None, slots=[1, None, 3])
    got = handlers.last["body"]
    assert (got.nickname, got.owner, got.note, got.count, got.tags, got.extra, got.co_owner) \
        == (None,) * 7
    assert got.slots == [1, None, 3]
    assert {"nickname", "owner", "note", "co_owner"} <= got.model_fields_set
    assert wire.sent[-1] == {"id": 1, "nickname": None, "owner": None, "note": None,
                             "count": None, "tags": None, "extra": None, "coOwner": None,
                             "slots": [1, None, 3]}
    # Required nullable fields keep their null in the reply; optional ones are left out.
    assert wire.received[-1] == {"id": 1, "nickname": None, "owner": None,
                                 "slots": [1, None, 3]}
    assert (back.nickname, back.owner, back.note, back.co_owner) == (None,) * 4
    assert back.slots == [1, None, 3]


def test_nullable_fields_carry_values_too(nullable: Any) -> None:
    pkg, handlers, client, wire = nullable
    m = pkg.models
    record = m.Record(id=2, nickname="nick", owner=m.Owner(name="O"), note="n", count=0,
                      tags=["a"], extra={"key": "k"}, co_owner=m.Owner(name="C"))
    back = client.records.create(body=record)
    got = handlers.last["body"]
    assert got == record and back == record
    assert type(got.owner) is m.Owner and type(got.co_owner) is m.Owner
    assert got.count == 0 and got.extra.key == "k"
    assert wire.sent[-1]["coOwner"] == {"name": "C"} and wire.sent[-1]["count"] == 0


def test_required_nullable_fields_stay_required(nullable: Any) -> None:
    pkg, handlers, client, _ = nullable
    m = pkg.models
    for missing in ("nickname", "owner"):
        data = {"id": 3, "nickname": None, "owner": None}
        del data[missing]
        with pytest.raises(ValidationError):
            m.Record.model_validate(data)
        refused(pkg, handlers, lambda data=data: client.records.create(body=data))
    # null is no value for a field that is not nullable (`id`).
    refused(pkg, handlers, lambda: client.records.create(
        body={"id": None, "nickname": None, "owner": None}))


def test_no_null_for_optional_fields_that_are_not_nullable(nullable: Any) -> None:
    pkg, handlers, client, wire = nullable
    m = pkg.models
    record = m.Record(id=4, nickname="n", owner=None, plain=None)
    assert "plain" in record.model_fields_set
    client.records.create(body=record)
    assert wire.sent[-1] == {"id": 4, "nickname": "n", "owner": None}
    assert handlers.last["body"].plain is None


def test_get_returns_required_nulls(nullable: Any) -> None:
    pkg, handlers, client, wire = nullable
    m = pkg.models
    handlers.reply = m.Record(id=5, nickname=None, owner=None, note=None)
    fetched = client.records.retrieve(id=5)
    assert handlers.last == {"id": 5}
    assert wire.received[-1] == {"id": 5, "nickname": None, "owner": None}
    assert (fetched.id, fetched.nickname, fetched.owner, fetched.note) == (5, None, None, None)


# -- enums ----------------------------------------------------------------------------------


class EnumHandlers(Recorder):
    async def create_setting(self, *, body: Any) -> Any:
        self.record("create_setting", body=body)
        return body

    async def list_settings(self, *, color: Any, level: Any, states: Any) -> Any:
        self.record("list_settings", color=color, level=level, states=states)
        return self.reply

    async def list_colors(self) -> Any:
        self.record("list_colors")
        return list(self.models.Color)


@pytest.fixture
def enums() -> Iterator[tuple[ModuleType, EnumHandlers, Any, Wire]]:
    pkg = golden_package("feature_enums")
    handlers = EnumHandlers(pkg.models)
    with running("feature_enums", handlers) as url, connect(pkg, url) as (client, wire):
        yield pkg, handlers, client, wire


def test_enum_members_and_wire_values(enums: Any) -> None:
    pkg, _, _, _ = enums
    m = pkg.models
    assert {e.name: e.value for e in m.Level} == {"LOW": 10, "MEDIUM": 20, "HIGH": 30}
    assert [e.value for e in m.Priority] == [1, 2, 3]
    assert [e.value for e in m.State] == ["in progress", "2fa-pending", "dash-ed", "Value",
                                          "value", "VALUE", "class"]
    # Values that differ only in case are distinct members.
    assert len({m.State("Value"), m.State("value"), m.State("VALUE")}) == 3


def test_enums_round_trip_in_bodies(enums: Any) -> None:
    pkg, handlers, client, wire = enums
    m = pkg.models
    states = list(m.State)
    back = client.settings.create(color=m.Color.GREEN, priority=m.Priority(2),
                                  level=m.Level.HIGH, state=m.State("2fa-pending"),
                                  states=states, mode=m.SettingMode.SLOW, kind="setting",
                                  version=2)
    got = handlers.last["body"]
    assert got.color is m.Color.GREEN and got.priority is m.Priority(2)
    assert got.level is m.Level.HIGH and got.state is m.State("2fa-pending")
    assert got.states == states and all(type(s) is m.State for s in got.states)
    assert got.mode is m.SettingMode.SLOW and (got.kind, got.version) == ("setting", 2)
    expected_wire = {"color": "green", "priority": 2, "level": 30, "state": "2fa-pending",
                     "states": [s.value for s in states], "mode": "slow", "kind": "setting",
                     "version": 2}
    assert wire.sent[-1] == expected_wire
    assert wire.received[-1] == expected_wire
    assert back == got and back.level is m.Level.HIGH


def test_enum_and_const_values_outside_the_spec_are_refused(enums: Any) -> None:
    pkg, handlers, client, _ = enums
    m = pkg.models
    good = {"color": "red", "priority": 1, "kind": "setting", "version": 2}
    for key, bad in (("color", "purple"), ("color", "RED"), ("priority", 4),
                     ("level", 15), ("level", "HIGH"), ("state", "in_progress"),
                     ("state", "VALUE "), ("kind", "other"), ("version", 3),
                     ("version", "2")):
        with pytest.raises(ValidationError):
            m.Setting.model_validate({**good, key: bad})
        refused(pkg, handlers, lambda key=key, bad=bad: client.settings.create(
            body={**good, key: bad}))
    assert m.Setting.model_validate(good).color is m.Color.RED


def test_enums_in_query_parameters(enums: Any) -> None:
    pkg, handlers, client, wire = enums
    m = pkg.models
    handlers.reply = [m.Setting(color=m.Color.BLUE, priority=m.Priority(3), kind="setting",
                                version=2)]
    found = client.settings.list(color=m.Color.BLUE, level=m.Level.LOW,
                                 states=[m.State("in progress"), m.State("VALUE")])
    assert handlers.last == {"color": m.Color.BLUE, "level": m.Level.LOW,
                             "states": [m.State("in progress"), m.State("VALUE")]}
    assert type(handlers.last["color"]) is m.Color
    assert wire.queries[-1] == "color=blue&level=10&states=in+progress&states=VALUE"
    assert found == handlers.reply
    refused(pkg, handlers, lambda: client.settings.list(color="purple"))
    refused(pkg, handlers, lambda: client.settings.list(color=m.Color.RED, level=11))


def test_enums_as_a_whole_response(enums: Any) -> None:
    pkg, _, client, wire = enums
    colors = client.colors.list()
    assert colors == list(pkg.models.Color) and all(c in list(pkg.models.Color) for c in colors)
    assert wire.received[-1] == ["red", "green", "blue"]


# -- recursion ------------------------------------------------------------------------------


class RecursiveHandlers(Recorder):
    async def create_tree(self, *, body: Any) -> Any:
        self.record("create_tree", body=body)
        return body

    async def create_pair(self, *, body: Any) -> Any:
        self.record("create_pair", body=body)
        return body

    async def create_folder(self, *, body: Any) -> Any:
        self.record("create_folder", body=body)
        return body


@pytest.fixture
def recursive() -> Iterator[tuple[ModuleType, RecursiveHandlers, str]]:
    pkg = golden_package("feature_recursive")
    handlers = RecursiveHandlers(pkg.models)
    with running("feature_recursive", handlers) as url:
        yield pkg, handlers, url


def test_recursive_models_round_trip_with_the_async_client(recursive: Any) -> None:
    pkg, handlers, url = recursive
    m = pkg.models
    tree = m.TreeNode(value="root", parent=m.TreeNode(value="up"), children=[
        m.TreeNode(value="a", children=[m.TreeNode(value="a1"), m.TreeNode(value="a2")]),
        m.TreeNode(value="b", children=[])])
    deep = m.TreeNode(value="0")
    for level in range(1, 60):
        deep = m.TreeNode(value=str(level), children=[deep])
    pair = m.A(name="a", b=m.B(label="b", a=m.A(name="a2"),
                               as_=[m.A(name="x", b=m.B(label="y"))]))
    folder = m.Folder(name="/", entries={
        "docs": m.Folder(name="docs", entries={"old": m.Folder(name="old", entries={})}),
        "tmp": m.Folder(name="tmp")})
    wire = Wire()

    async def run() -> list[Any]:
        hooks = {"request": [wire.aon_request], "response": [wire.aon_response]}
        async with httpx.AsyncClient(event_hooks=hooks) as http, \
                pkg.AsyncClient(base_url=url, max_retries=0, http_client=http) as client:
            return [await client.trees.create(body=tree),
                    await client.trees.create(body=deep),
                    await client.pairs.create(body=pair),
                    await client.folders.create(body=folder)]

    backs = asyncio.run(run())
    sent = [tree, deep, pair, folder]
    assert [call[1]["body"] for call in handlers.calls] == sent
    assert backs == sent
    got_pair = handlers.calls[2][1]["body"]
    assert type(got_pair.b) is m.B and type(got_pair.b.a) is m.A
    assert type(got_pair.b.as_[0].b) is m.B
    got_folder = handlers.calls[3][1]["body"]
    assert type(got_folder.entries["docs"].entries["old"]) is m.Folder
    assert wire.sent[2] == {"name": "a", "b": {"label": "b", "a": {"name": "a2"},
                                              "as": [{"name": "x", "b": {"label": "y"}}]}}
    assert wire.received[3] == {"name": "/", "entries": {
        "docs": {"name": "docs", "entries": {"old": {"name": "old", "entries": {}}}},
        "tmp": {"name": "tmp"}}}
    depth, node = 0, backs[1]
    while node.children:
        depth, node = depth + 1, node.children[0]
    assert (depth, node.value) == (59, "0")


def test_recursive_models_refuse_an_invalid_node_deep_down(recursive: Any) -> None:
    pkg, handlers, url = recursive
    m = pkg.models
    bad_tree = {"value": "r", "children": [{"value": "a", "children": [{"children": []}]}]}
    bad_pair = {"name": "a", "b": {"label": "b", "a": {"b": {"label": "c"}}}}
    bad_folder = {"name": "/", "entries": {"x": {"name": "x", "entries": {"y": {}}}}}
    with pytest.raises(ValidationError):
        m.TreeNode.model_validate(bad_tree)
    with pytest.raises(ValidationError):
        m.A.model_validate(bad_pair)
    with pytest.raises(ValidationError):
        m.Folder.model_validate(bad_folder)
    with pkg.Client(base_url=url, max_retries=0) as client:
        error = refused(pkg, handlers, lambda: client.trees.create(body=bad_tree))
        locations = [tuple(e["loc"]) for e in error.body["detail"]]
        assert ("body", "children", 0, "children", 0, "value") in locations
        refused(pkg, handlers, lambda: client.pairs.create(body=bad_pair))
        refused(pkg, handlers, lambda: client.folders.create(body=bad_folder))


# -- maps -----------------------------------------------------------------------------------


class MapHandlers(Recorder):
    async def create_maps(self, *, body: Any) -> Any:
        self.record("create_maps", body=body)
        return body

    async def replace_counts(self, *, body: Any) -> Any:
        self.record("replace_counts", body=body)
        return self.models.ReplaceCountsResponse({k: v * 2 for k, v in body.root.items()})

    async def create_open(self, *, body: Any) -> Any:
        self.record("create_open", body=body)
        return body

    async def create_closed(self, *, body: Any) -> Any:
        self.record("create_closed", body=body)
        return body


@pytest.fixture
def maps() -> Iterator[tuple[ModuleType, MapHandlers, Any, Wire]]:
    pkg = golden_package("feature_maps")
    handlers = MapHandlers(pkg.models)
    with running("feature_maps", handlers) as url, connect(pkg, url) as (client, wire):
        yield pkg, handlers, client, wire


def test_typed_and_free_form_maps_round_trip(maps: Any) -> None:
    pkg, handlers, client, wire = maps
    m = pkg.models
    back = client.maps.create(
        counts={"a": 1, "b": 0}, owners={"x": m.Owner(name="X"), "y y": m.Owner(name="Y")},
        anything={"k": [1, {"n": None}], "s": "t"}, free_form={"nested": {"deep": [True]}},
        any_value=[1, "two", {"three": 3.5}, None], nested={"k": ["a", "b"], "e": []})
    got = handlers.last["body"]
    assert got.counts == {"a": 1, "b": 0}
    assert all(type(o) is m.Owner for o in got.owners.values())
    assert got.owners == {"x": m.Owner(name="X"), "y y": m.Owner(name="Y")}
    assert got.anything == {"k": [1, {"n": None}], "s": "t"}
    assert got.free_form == {"nested": {"deep": [True]}}
    assert got.any_value == [1, "two", {"three": 3.5}, None]
    assert got.nested == {"k": ["a", "b"], "e": []}
    assert back == got
    assert wire.sent[-1]["freeForm"] == {"nested": {"deep": [True]}}
    assert wire.sent[-1]["anyValue"] == [1, "two", {"three": Decimal("3.5")}, None]
    assert wire.received[-1] == wire.sent[-1]
    for any_value in ("text", 0, False, {"a": {}}):
        assert client.maps.create(any_value=any_value).any_value == any_value
        assert handlers.last["body"].any_value == any_value
    for bad in ({"counts": {"a": "one"}}, {"owners": {"x": {"nick": "X"}}},
                {"freeForm": [1]}, {"anything": "not an object"}, {"nested": {"k": "a"}}):
        with pytest.raises(ValidationError):
            m.Maps.model_validate(bad)
        refused(pkg, handlers, lambda bad=bad: client.maps.create(body=bad))


def test_a_map_as_the_whole_body(maps: Any) -> None:
    pkg, handlers, client, wire = maps
    m = pkg.models
    back = client.counts.update(body=m.ReplaceCountsRequest({"a": 1, "b b": 20}))
    assert handlers.last["body"].root == {"a": 1, "b b": 20}
    assert wire.sent[-1] == {"a": 1, "b b": 20}
    assert back.root == {"a": 2, "b b": 40}
    assert wire.received[-1] == {"a": 2, "b b": 40}
    refused(pkg, handlers, lambda: client.counts.update(body={"a": 1.5}))
    refused(pkg, handlers, lambda: client.counts.update(body=[1]))


def test_additional_properties_true_keeps_extra_keys(maps: Any) -> None:
    pkg, handlers, client, wire = maps
    m = pkg.models
    open_ = m.Open.model_validate({"id": "1", "colour": "red", "size": {"w": 2}})
    back = client.open.create(body=open_)
    got = handlers.last["body"]
    assert got.id == "1" and got.model_extra == {"colour": "red", "size": {"w": 2}}
    assert wire.sent[-1] == {"id": "1", "colour": "red", "size": {"w": 2}}
    assert wire.received[-1] == {"id": "1", "colour": "red", "size": {"w": 2}}
    assert back.model_extra == {"colour": "red", "size": {"w": 2}}


def test_additional_properties_false_refuses_extra_keys(maps: Any) -> None:
    pkg, handlers, client, _ = maps
    m = pkg.models
    back = client.closed.create(id="1", note="n")
    assert handlers.last["body"] == m.Closed(id="1", note="n")
    assert back == m.Closed(id="1", note="n")
    with pytest.raises(ValidationError):
        m.Closed.model_validate({"id": "1", "bogus": 1})
    refused(pkg, handlers, lambda: client.closed.create(body={"id": "1", "bogus": 1}))


# -- formats --------------------------------------------------------------------------------


class FormatHandlers(Recorder):
    async def create_formats(self, *, body: Any) -> Any:
        self.record("create_formats", body=body)
        return body

    async def get_formats(self, *, id: str) -> Any:
        self.record("get_formats", id=id)
        return self.reply


@pytest.fixture
def formats() -> Iterator[tuple[ModuleType, FormatHandlers, Any, Wire]]:
    pkg = golden_package("feature_formats")
    handlers = FormatHandlers(pkg.models)
    with running("feature_formats", handlers) as url, connect(pkg, url) as (client, wire):
        yield pkg, handlers, client, wire


BLOB = bytes(range(256)) + b"\x00\xff"
FORMAT_VALUES: dict[str, Any] = {
    "day": date(2024, 2, 29),
    "moment": datetime(2024, 2, 29, 23, 59, 58, 123000, tzinfo=timezone(timedelta(hours=-5))),
    "id": UUID("12345678-1234-4678-9abc-123456789abc"),
    "email": "ann@example.com",
    "homepage": "https://example.com/a/b?c=1",
    "blob": BLOB,
    "price": Decimal("19.90"),
    "amount": Decimal("1234.5678"),
    "small": -(2**31),
    "big": 2**62 + 1,
    "ratio": 0.1,
    "precise": 1 / 3,
}
FORMAT_WIRE: dict[str, Any] = {
    "day": "2024-02-29",
    "moment": "2024-02-29T23:59:58.123000-05:00",
    "id": "12345678-1234-4678-9abc-123456789abc",
    "email": "ann@example.com",
    "homepage": "https://example.com/a/b?c=1",
    "blob": base64.b64encode(BLOB).decode(),
    "price": "19.90",
    "amount": Decimal("1234.5678"),
    "small": -(2**31),
    "big": 2**62 + 1,
    "ratio": Decimal("0.1"),
    "precise": Decimal(repr(1 / 3)),
}


def _check_format_values(value: Any) -> None:
    for name, expected in FORMAT_VALUES.items():
        got = getattr(value, name)
        if name == "homepage":
            got = str(got)
        assert got == expected, name
        assert type(got) is type(expected), name
    # Exact decimals: the digits (and the trailing zero) survive, not a float's approximation.
    assert str(value.price) == "19.90" and str(value.amount) == "1234.5678"
    assert value.moment.utcoffset() == timedelta(hours=-5)


def test_formats_travel_as_the_spec_spells_them(formats: Any) -> None:
    _, handlers, client, wire = formats
    back = client.formats.create(**FORMAT_VALUES)
    _check_format_values(handlers.last["body"])
    _check_format_values(back)
    assert wire.sent[-1] == FORMAT_WIRE
    assert wire.received[-1] == FORMAT_WIRE


def test_formats_in_a_returned_model(formats: Any) -> None:
    pkg, handlers, client, wire = formats
    m = pkg.models
    handlers.reply = m.Formats(**FORMAT_VALUES)
    fetched = client.formats.retrieve(id="x/1")
    assert handlers.last == {"id": "x/1"}
    assert wire.received[-1] == FORMAT_WIRE
    _check_format_values(fetched)


def test_decimals_stay_exact(formats: Any) -> None:
    _, handlers, client, wire = formats
    base = {"day": date(2024, 1, 1), "moment": datetime(2024, 1, 1, tzinfo=timezone.utc),
            "id": UUID(int=1)}
    for price, amount in (("0.10", "0.1"), ("123456789012345678901234567890.123", "7"),
                          ("-0.000001", "-2.5"), ("1E+3", "1E+3")):
        back = client.formats.create(**base, price=Decimal(price), amount=Decimal(amount))
        got = handlers.last["body"]
        assert str(got.price) == price and got.amount == Decimal(amount)
        assert str(back.price) == price and back.amount == Decimal(amount)
        assert wire.sent[-1]["price"] == price  # a string: every digit kept
        assert isinstance(wire.sent[-1]["amount"], (int, Decimal))  # a JSON number
        assert Decimal(wire.sent[-1]["amount"]) == Decimal(amount)


def test_base64_accepts_url_safe_and_unpadded_text(formats: Any) -> None:
    pkg, handlers, client, _ = formats
    base = {"day": "2024-01-01", "moment": "2024-01-01T00:00:00Z",
            "id": "00000000-0000-4000-8000-000000000000"}
    raw = b"\xfb\xff\xfe"
    for text, expected in (("+//+", raw), ("-__-", raw), ("aGk", b"hi"), ("aGk=", b"hi")):
        back = client.formats.create(body={**base, "blob": text})
        assert handlers.last["body"].blob == expected
        assert back.blob == expected
    assert pkg.models.Formats(**base, blob=raw).blob == raw  # Python bytes are taken as is


def test_invalid_formats_are_refused(formats: Any) -> None:
    pkg, handlers, client, _ = formats
    m = pkg.models
    good = {"day": "2024-01-01", "moment": "2024-01-01T00:00:00Z",
            "id": "00000000-0000-4000-8000-000000000000"}
    assert m.Formats.model_validate(good).id == UUID("00000000-0000-4000-8000-000000000000")
    for key, bad in (("day", "2024-02-30"), ("moment", "2024-01-01T00:00:00"),
                     ("moment", "yesterday"), ("id", "not-a-uuid"), ("email", "nobody"),
                     ("homepage", "not a url"), ("blob", "not base64!"), ("blob", "abcde"),
                     ("price", "12.3.4"), ("amount", "many"), ("small", 1.5),
                     ("big", "nine")):
        with pytest.raises(ValidationError):
            m.Formats.model_validate({**good, key: bad})
        refused(pkg, handlers, lambda key=key, bad=bad: client.formats.create(
            body={**good, key: bad}))


# -- defaults and constraints ---------------------------------------------------------------


class DefaultHandlers(Recorder):
    async def create_defaults(self, *, body: Any) -> Any:
        self.record("create_defaults", body=body)
        return body if self.reply is None else self.reply

    async def create_constrained(self, *, body: Any) -> Any:
        self.record("create_constrained", body=body)
        return body


@pytest.fixture
def defaults() -> Iterator[tuple[ModuleType, DefaultHandlers, Any, Wire]]:
    pkg = golden_package("feature_defaults_constraints")
    handlers = DefaultHandlers(pkg.models)
    with running("feature_defaults_constraints", handlers) as url, \
            connect(pkg, url) as (client, wire):
        yield pkg, handlers, client, wire


DEFAULTS = {"name": "anonymous", "count": 3, "ratio": 0.25, "enabled": True,
            "tags": ["a", "b"], "order": "desc", "mode": "slow", "level": 2}


def _values(model: Any) -> dict[str, Any]:
    return {name: getattr(model, name).value if hasattr(getattr(model, name), "value")
            else getattr(model, name) for name in DEFAULTS}


def test_defaults_are_applied_on_both_sides(defaults: Any) -> None:
    pkg, handlers, client, wire = defaults
    m = pkg.models
    back = client.defaults.create()
    got = handlers.last["body"]
    assert _values(got) == DEFAULTS
    assert type(got.mode) is m.DefaultsMode and type(got.level) is m.DefaultsLevel
    assert type(got.order) is m.Order
    assert wire.sent[-1] == {}  # defaults are the server's to apply, not sent
    assert _values(back) == DEFAULTS
    # Defaults are not nullable: the fields admit no null.
    for name in ("name", "count", "ratio", "enabled", "tags", "mode", "level"):
        with pytest.raises(ValidationError):
            m.Defaults.model_validate({name: None})
    # A value given replaces the default, and defaults fill what the handler leaves out.
    handlers.reply = m.Defaults(count=0, tags=[], enabled=False)
    back = client.defaults.create(name="x", mode=m.DefaultsMode.FAST)
    assert (handlers.last["body"].name, handlers.last["body"].mode) == ("x", m.DefaultsMode.FAST)
    assert wire.sent[-1] == {"name": "x", "mode": "fast"}
    assert wire.received[-1] == {"count": 0, "tags": [], "enabled": False}
    assert _values(back) == {**DEFAULTS, "count": 0, "tags": [], "enabled": False}


def test_default_lists_are_not_shared(defaults: Any) -> None:
    pkg, _, _, _ = defaults
    first = pkg.models.Defaults()
    first.tags.append("mutated")
    assert pkg.models.Defaults().tags == ["a", "b"]


VALID = {"age": 0, "score": 0.5, "step": 10, "price": 19.99, "code": "AB", "items": ["x"]}


def test_values_on_the_bounds_are_accepted(defaults: Any) -> None:
    _, handlers, client, wire = defaults
    for changes in ({}, {"age": 150, "score": 0.999, "step": -5, "price": 0, "code": "ABCD",
                         "items": ["a", "b", "c"]}, {"step": 0, "items": ["1", "01"]}):
        data = {**VALID, **changes}
        back = client.constrained.create(**data)
        got = handlers.last["body"]
        assert {k: getattr(got, k) for k in data} == data
        assert {k: getattr(back, k) for k in data} == data
        assert wire.sent[-1] == {k: Decimal(str(v)) if isinstance(v, float) else v
                                 for k, v in data.items()}


@pytest.mark.parametrize(("key", "bad"), [
    ("age", -1), ("age", 151), ("age", 1.5),
    ("score", 0), ("score", 1), ("score", -0.1),
    ("step", 7), ("step", 1),
    ("price", -0.01), ("price", 0.015),
    ("code", "A"), ("code", "ABCDE"), ("code", "ab"), ("code", "A1"),
    ("items", []), ("items", ["a", "b", "c", "d"]), ("items", ["a", "a"]),
    ("items", ["a", "b", "a"]), ("items", "abc"),
])
def test_constraint_violations_are_refused(defaults: Any, key: str, bad: Any) -> None:
    pkg, handlers, client, _ = defaults
    m = pkg.models
    with pytest.raises(ValidationError):
        m.Constrained.model_validate({**VALID, key: bad})
    error = refused(pkg, handlers, lambda: client.constrained.create(body={**VALID, key: bad}))
    assert [e["loc"] for e in error.body["detail"]] == [["body", key]]


# -- the generated mock ---------------------------------------------------------------------


@contextmanager
def mocked(case: str) -> Iterator[tuple[ModuleType, Any]]:
    """The case's client talking to its generated `MockHandlers`."""
    pkg = golden_package(case)
    server = importlib.import_module(f"{case}.server")
    with live_server(server.create_app(server.MockHandlers())) as url, \
            pkg.Client(base_url=url, max_retries=0) as client:
        yield pkg, client


def test_mock_echoes_every_format_exactly() -> None:
    with mocked("feature_formats") as (_, client):
        back = client.formats.create(**FORMAT_VALUES)
        _check_format_values(back)
        fetched = client.formats.retrieve(id="x")
        assert (fetched.day, fetched.id) == (date(1970, 1, 1), UUID(int=0x4000_8000 << 48))


def test_mock_echoes_model_features() -> None:
    with mocked("feature_oneof") as (_, client):
        assert client.lookups.create(key="7", keys=[True, 1]).keys == [True, 1]
    with mocked("feature_allof") as (pkg, client):
        m = pkg.models
        dog = m.ServiceDog(id=1, name="n", breed="b", service_id="s", tasks=["t"])
        assert client.service_dogs.update(id=1, body=dog) == dog
    with mocked("feature_enums") as (pkg, client):
        m = pkg.models
        back = client.settings.create(color=m.Color.BLUE, priority=m.Priority(3),
                                      level=m.Level.MEDIUM, states=[m.State("value")],
                                      kind="setting", version=2)
        assert (back.color, back.level, back.states) == (m.Color.BLUE, m.Level.MEDIUM,
                                                         [m.State("value")])
    with mocked("feature_recursive") as (pkg, client):
        m = pkg.models
        tree = m.TreeNode(value="r", children=[m.TreeNode(value="c", children=[])])
        assert client.trees.create(body=tree) == tree
    with mocked("feature_maps") as (pkg, client):
        m = pkg.models
        back = client.maps.create(owners={"k": m.Owner(name="v")}, any_value=[1])
        assert (back.owners, back.any_value) == ({"k": m.Owner(name="v")}, [1])
    with mocked("feature_defaults_constraints") as (pkg, client):
        back = client.constrained.create(**VALID)
        assert {k: getattr(back, k) for k in VALID} == VALID
        assert _values(client.defaults.create()) == DEFAULTS
    for case in ("feature_nullable_30", "feature_nullable_31"):
        with mocked(case) as (pkg, client):
            back = client.records.create(id=9, nickname="n", owner={"name": "o"})
            assert (back.id, back.nickname, back.owner) == (9, "n", pkg.models.Owner(name="o"))


# -- the packages themselves ------------------------------------------------------------------


def test_feature_packages_pass_ruff_and_mypy_strict() -> None:
    folders = [assemble(case) for case in CASES]
    assert ruff_findings(folders) == []
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file",
         os.devnull, "--cache-dir", os.devnull, *(f"-p{case}" for case in CASES)],
        env={**os.environ, "MYPYPATH": os.pathsep.join(map(str, folders))},
        capture_output=True, text=True, check=False,
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
