"""Scope3 end to end over real HTTP: the generated server (with an in-memory implementation of
the documented rules) under uvicorn on 127.0.0.1, driven by the generated sync and async clients.

The page's permission notes: custom models are visible only to their owners, global models to
all users, admins see and manage all models. The spec has only `POST /model`, so visibility is
checked through the implementation's store after models are created over HTTP.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from live_server import live_server


@dataclass(frozen=True)
class User:
    name: str
    customer_id: int
    admin: bool = False


USERS = {
    "alice-token": User("alice", 1),
    "bob-token": User("bob", 2),
    "root-token": User("root", 0, admin=True),
}


@dataclass
class Stored:
    model: Any
    owner: int
    is_global: bool


@dataclass
class Scope3Service:
    """In-memory Scope3: models created by admins are global, the others custom to their owner."""

    server: ModuleType
    models: ModuleType
    store: dict[str, Stored] = field(default_factory=dict)

    async def authorize(self, credentials: Any, *, operation: str) -> bool:
        return credentials.value in USERS

    async def create_model(self, *, body: Any, credentials: Any) -> Any:
        user = USERS[credentials.value]
        if body.id in self.store:
            raise self.server.ApiError(409, self.models.Error(
                message="Model ID already exists", code="conflict",
                details=self.models.ErrorDetails(reason="duplicate", field="id")))
        now = datetime.now(timezone.utc)
        fields = body.model_dump(exclude_unset=True)
        fields.setdefault("aliases", [])
        model = self.models.Model(**fields, customer_id=user.customer_id, created_at=now,
                                  updated_at=now, created_by=user.name)
        self.store[body.id] = Stored(model, owner=user.customer_id, is_global=user.admin)
        return model

    def visible_to(self, token: str) -> set[str]:
        user = USERS[token]
        return {model_id for model_id, stored in self.store.items()
                if user.admin or stored.is_global or stored.owner == user.customer_id}


@pytest.fixture(scope="module")
def scope3(seed_packages: Path) -> ModuleType:
    return importlib.import_module("scope3_ai")


@pytest.fixture
def service(scope3: ModuleType) -> Scope3Service:
    return Scope3Service(importlib.import_module("scope3_ai.server"), scope3.models)


@pytest.fixture
def url(service: Scope3Service) -> Iterator[str]:
    with live_server(service.server.create_app(service)) as base_url:
        yield base_url


def client(scope3: ModuleType, url: str, token: str = "alice-token") -> Any:
    return scope3.Client(api_key=token, base_url=url, max_retries=0)


def test_create_returns_the_stored_model(scope3: ModuleType, url: str,
                                         service: Scope3Service) -> None:
    with client(scope3, url) as api:
        created = api.model.create(id="gpt-mine", name="Mine", aliases=["m1", "m2"],
                                   number_of_experts=4, training_usage_energy_kwh=10.5)
    assert isinstance(created, scope3.models.Model)
    assert (created.id, created.name, created.aliases) == ("gpt-mine", "Mine", ["m1", "m2"])
    assert (created.number_of_experts, created.training_usage_energy_kwh) == (4, 10.5)
    assert (created.customer_id, created.created_by) == (1, "alice")
    assert created.family is None  # never sent, never stored, never invented
    assert created.model_dump(exclude_unset=True) == service.store["gpt-mine"].model.model_dump(
        exclude_unset=True)


def test_async_client_creates_too(scope3: ModuleType, url: str) -> None:
    async def run() -> Any:
        async with scope3.AsyncClient(api_key="bob-token", base_url=url, max_retries=0) as api:
            return await api.model.create(id="bob-model")

    created = asyncio.run(run())
    assert (created.id, created.aliases, created.customer_id) == ("bob-model", [], 2)


def test_duplicate_id_is_a_conflict_with_the_error_body(scope3: ModuleType, url: str) -> None:
    with client(scope3, url) as api:
        api.model.create(id="dup")
        with pytest.raises(scope3.ConflictError) as caught:
            api.model.create(id="dup", name="again")
    error = caught.value
    assert error.status_code == 409
    assert isinstance(error.body, scope3.models.Error)
    assert error.body.message == "Model ID already exists"
    assert error.body.details is not None and error.body.details.field == "id"


def test_duplicate_from_the_async_client(scope3: ModuleType, url: str) -> None:
    async def run() -> Any:
        async with scope3.AsyncClient(api_key="root-token", base_url=url, max_retries=0) as api:
            await api.model.create(id="dup-async")
            with pytest.raises(scope3.ConflictError) as caught:
                await api.model.create(id="dup-async")
            return caught.value

    assert asyncio.run(run()).body.message == "Model ID already exists"


def test_missing_credentials(scope3: ModuleType, url: str, service: Scope3Service) -> None:
    with client(scope3, url) as api, pytest.raises(scope3.AuthenticationError) as caught:
        api.model.create(id="x", extra_headers={"Authorization": ""})
    assert caught.value.status_code == 401
    assert isinstance(caught.value.body, scope3.models.Error)
    assert caught.value.body.message == "Unauthorized"
    assert service.store == {}


def test_unknown_token_is_rejected(scope3: ModuleType, url: str, service: Scope3Service) -> None:
    async def run() -> None:
        async with scope3.AsyncClient(api_key="mallory", base_url=url, max_retries=0) as api:
            await api.model.create(id="x")

    with pytest.raises(scope3.AuthenticationError):
        asyncio.run(run())
    assert service.store == {}


@pytest.mark.parametrize("fields", [
    {"id": "too-many-aliases", "aliases": [f"a{i}" for i in range(101)]},
    {"name": "no id"},
])
def test_invalid_body_is_the_declared_bad_request(scope3: ModuleType, url: str,
                                                  service: Scope3Service,
                                                  fields: dict[str, Any]) -> None:
    # The client validates field arguments itself; a constructed model skips that check, so
    # the request reaches the server as it is. POST /model declares `400: Error`, so the
    # validation failure comes back as that (not FastAPI's 422).
    body = scope3.models.ModelCreateRequest.model_construct(**fields)
    with client(scope3, url) as api, pytest.raises(scope3.BadRequestError) as caught:
        api.model.create(body=body)
    assert caught.value.status_code == 400
    error = scope3.models.Error.model_validate(caught.value.body)
    assert error.message.startswith("Request validation failed: body.")
    assert service.store == {}


def test_visibility_rules(scope3: ModuleType, url: str, service: Scope3Service) -> None:
    for token, model_id in (("alice-token", "alice-custom"), ("bob-token", "bob-custom"),
                            ("root-token", "global-model")):
        with client(scope3, url, token) as api:
            api.model.create(id=model_id)
    assert service.visible_to("alice-token") == {"alice-custom", "global-model"}
    assert service.visible_to("bob-token") == {"bob-custom", "global-model"}
    assert service.visible_to("root-token") == {"alice-custom", "bob-custom", "global-model"}
    # An id is unique across owners, even one the caller cannot see.
    with client(scope3, url, "bob-token") as api, pytest.raises(scope3.ConflictError):
        api.model.create(id="alice-custom")
