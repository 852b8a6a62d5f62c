"""SGP end to end over real HTTP: the generated server under uvicorn on 127.0.0.1 with an
in-memory model-group store, driven by the generated sync and async clients. Path parameters
with spaces, slashes, percent signs and unicode must arrive, and come back, exactly."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from live_server import live_server

KEY = "sgp-key"
AWKWARD = [
    ("plain", "instance-1"),
    ("with spaces", "and/slashes/"),
    ("ünïcødé ✓ 模型", "emoji 🚀"),
    ("100% sure", "%2F stays literal"),
    ("q?x=1&y=2#frag", "semi;colon+plus"),
    ("/leading", "trailing\\back"),
]


@dataclass
class ModelGroups:
    """In-memory SGP: adds model instances to groups and remembers exactly what arrived."""

    models: ModuleType
    groups: dict[str, list[str]] = field(default_factory=dict)

    async def authorize(self, credentials: Any, *, operation: str) -> bool:
        return credentials.value == KEY

    async def create_model_group_model(self, *, model_group_id: str, model_instance_id: str,
                                       credentials: Any) -> Any:
        self.groups.setdefault(model_group_id, []).append(model_instance_id)
        return self.models.ModelInstance(
            name=model_instance_id, model_type=self.models.ModelType.CHAT_COMPLETION,
            model_group_id=model_group_id, id=model_instance_id,
            created_at="2024-05-06T07:08:09Z", account_id="acct",
            created_by_user_id=credentials.scheme, request_schema={}, response_schema={},
            deployment_count=len(self.groups[model_group_id]), supports_multi_turn=True,
            base_model_metadata=self.models.BaseModelMetadata(
                model_details=self.models.ModelDetails(languages=3)),
        )


@pytest.fixture(scope="module")
def sgp(seed_packages: Path) -> ModuleType:
    return importlib.import_module("sgp")


@pytest.fixture
def groups(sgp: ModuleType) -> ModelGroups:
    return ModelGroups(sgp.models)


@pytest.fixture
def url(groups: ModelGroups) -> Iterator[str]:
    server = importlib.import_module("sgp.server")
    with live_server(server.create_app(groups)) as base_url:
        yield base_url


@pytest.mark.parametrize(("group", "instance"), AWKWARD)
def test_sync_client_round_trips_path_parameters(sgp: ModuleType, url: str, groups: ModelGroups,
                                                 group: str, instance: str) -> None:
    with sgp.Client(api_key=KEY, base_url=url, max_retries=0) as client:
        added = client.model_groups.models.create(model_group_id=group,
                                                  model_instance_id=instance)
    assert isinstance(added, sgp.models.ModelInstance)
    assert (added.model_group_id, added.id) == (group, instance)
    assert groups.groups == {group: [instance]}
    assert added.base_model_metadata is not None
    assert added.base_model_metadata.model_details is not None
    assert added.base_model_metadata.model_details.languages == 3


def test_async_client_round_trips_path_parameters(sgp: ModuleType, url: str,
                                                  groups: ModelGroups) -> None:
    async def run() -> list[Any]:
        async with sgp.AsyncClient(api_key=KEY, base_url=url, max_retries=0) as client:
            return list(await asyncio.gather(*(
                client.model_groups.models.create(model_group_id=g, model_instance_id=i)
                for g, i in AWKWARD)))

    added = asyncio.run(run())
    assert [(a.model_group_id, a.id) for a in added] == AWKWARD
    assert groups.groups == {g: [i] for g, i in AWKWARD}


def test_instances_accumulate_in_their_group(sgp: ModuleType, url: str) -> None:
    with sgp.Client(api_key=KEY, base_url=url, max_retries=0) as client:
        counts = [client.model_groups.models.create(model_group_id="g", model_instance_id=i)
                  .deployment_count for i in ("a", "b", "c")]
    assert counts == [1, 2, 3]


def test_wrong_or_missing_key(sgp: ModuleType, url: str, groups: ModelGroups) -> None:
    with sgp.Client(api_key="wrong", base_url=url, max_retries=0) as client, \
            pytest.raises(sgp.AuthenticationError) as caught:
        client.model_groups.models.create(model_group_id="g", model_instance_id="i")
    assert caught.value.status_code == 401
    with sgp.Client(api_key=KEY, base_url=url, max_retries=0) as client, \
            pytest.raises(sgp.AuthenticationError):
        client.model_groups.models.create(model_group_id="g", model_instance_id="i",
                                          extra_headers={"x-api-key": ""})
    assert groups.groups == {}


def test_mock_answers_the_client_with_echoed_ids(sgp: ModuleType) -> None:
    server = importlib.import_module("sgp.server")
    with live_server(server.create_app(server.MockHandlers(api_key=KEY))) as base_url, \
            sgp.Client(api_key=KEY, base_url=base_url, max_retries=0) as client:
        added = client.model_groups.models.create(model_group_id="g/1 ✓",
                                                  model_instance_id="i 2")
    assert (added.model_group_id, added.id) == ("g/1 ✓", "i 2")
    assert added.model_type == sgp.models.ModelType.COMPLETION  # from the spec's example
