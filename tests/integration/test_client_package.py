"""The generated packages' surface: exported names, the error tree, namespaces and signatures,
lifecycle (context managers, close) and `with_options`."""

from __future__ import annotations

import asyncio
import importlib
import inspect
from types import ModuleType

import httpx
import pytest
from client_support import (
    MODEL,
    Server,
    clean_env,
    flavour,
    http_client,
    make_client,
    run,
    scope3,
    sgp,
)

__all__ = ["clean_env", "flavour", "scope3", "sgp"]  # fixtures used by name

EXPORTS = {
    "APIConnectionError", "APIError", "APIResponseValidationError", "APIStatusError",
    "APITimeoutError", "AsyncClient", "AsyncPage", "AuthenticationError", "BadRequestError",
    "Client", "ConflictError", "FileInput", "InternalServerError", "NOT_GIVEN", "NotFoundError",
    "NotGiven", "PageInfo", "PermissionDeniedError", "RateLimitError", "RawResponse", "SyncPage",
    "UnprocessableEntityError", "models", "AsyncStream", "AsyncStreamedResponse",
    "ServerSentEvent", "Stream", "StreamedResponse",
}


@pytest.mark.parametrize("package_name", ["scope3_ai", "sgp"])
def test_exported_names(seed_packages: object, package_name: str) -> None:
    package = importlib.import_module(package_name)

    assert set(package.__all__) == EXPORTS
    assert len(package.__all__) == len(EXPORTS)
    for name in EXPORTS:
        assert getattr(package, name) is not None
    assert package.models is importlib.import_module(f"{package_name}.models")
    assert repr(package.NOT_GIVEN) == "NOT_GIVEN"
    assert not package.NOT_GIVEN


def test_not_given_survives_copies(scope3: ModuleType) -> None:
    import copy
    import pickle

    sentinel = scope3.NOT_GIVEN
    assert copy.copy(sentinel) is sentinel
    assert copy.deepcopy({"a": sentinel})["a"] is sentinel
    assert pickle.loads(pickle.dumps(sentinel)) is sentinel


def test_credential_and_default_headers_are_fixed(scope3: ModuleType) -> None:
    client = scope3.Client(api_key="sk", default_headers={"X-A": "1"})

    with pytest.raises(AttributeError):
        client.api_key = "other"
    client.default_headers["X-A"] = "changed"
    assert client.default_headers == {"X-A": "1"}


def test_error_tree(scope3: ModuleType) -> None:
    tree = {
        "APIConnectionError": "APIError",
        "APITimeoutError": "APIConnectionError",
        "APIStatusError": "APIError",
        "APIResponseValidationError": "APIError",
        "BadRequestError": "APIStatusError",
        "AuthenticationError": "APIStatusError",
        "PermissionDeniedError": "APIStatusError",
        "NotFoundError": "APIStatusError",
        "ConflictError": "APIStatusError",
        "UnprocessableEntityError": "APIStatusError",
        "RateLimitError": "APIStatusError",
        "InternalServerError": "APIStatusError",
    }
    for child, parent in tree.items():
        cls = getattr(scope3, child)
        assert cls.__bases__ == (getattr(scope3, parent),), child
        assert cls.__doc__ and "\n" not in cls.__doc__.strip(), child
    assert scope3.APIError.__bases__ == (Exception,)
    assert "APIError" in scope3._exceptions.__doc__


def test_namespaces_and_keyword_only_signatures(scope3: ModuleType, sgp: ModuleType) -> None:
    client = scope3.Client(api_key="sk")
    create = inspect.signature(scope3._client.ModelResource.create)
    parameters = list(create.parameters.values())[1:]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters)
    assert {"id", "name", "aliases", "body", "timeout", "extra_headers", "extra_query"} <= {
        p.name for p in parameters}
    assert create.parameters["name"].default is scope3.NOT_GIVEN
    assert "Create a model" in client.model.create.__doc__
    assert "aliases: Aliases of the model" in client.model.create.__doc__

    sgp_client = sgp.AsyncClient(api_key="k")
    method = sgp_client.model_groups.models.create
    assert inspect.iscoroutinefunction(method)
    assert list(inspect.signature(method).parameters)[:2] == ["model_group_id",
                                                               "model_instance_id"]
    assert "ID of the model group." in method.__doc__
    assert not inspect.iscoroutinefunction(sgp.Client(api_key="k").model_groups.models.create)


def test_with_options_returns_a_configured_copy(scope3: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(500), httpx.Response(201, json=MODEL))
    client = make_client(scope3, flavour, server, api_key="sk")

    copy = client.with_options(timeout=7.0, max_retries=0)

    assert type(copy) is type(client)
    assert copy is not client
    assert (copy.timeout, copy.max_retries) == (7.0, 0)
    assert client.max_retries == 2
    assert client.timeout == httpx.Timeout(60.0, connect=5.0)
    assert copy.http_client is client.http_client
    assert copy.api_key == "sk"
    with pytest.raises(scope3.InternalServerError):  # max_retries=0: no retry
        run(copy.model.create(id="x"))
    assert set(server.last.extensions["timeout"].values()) == {7.0}
    assert len(server.requests) == 1


def test_closing_a_copy_leaves_the_pool_open(scope3: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(201, json=MODEL))
    client = scope3.Client(api_key="sk") if flavour == "sync" else scope3.AsyncClient(
        api_key="sk")
    copy = client.with_options(max_retries=1)

    run(copy.aclose() if flavour == "async" else copy.close())
    assert not client.http_client.is_closed

    run(client.aclose() if flavour == "async" else client.close())
    assert client.http_client.is_closed
    del server


def test_context_manager_closes_its_own_pool(scope3: ModuleType) -> None:
    with scope3.Client(api_key="sk") as client:
        assert isinstance(client, scope3.Client)
        assert not client.http_client.is_closed
    assert client.http_client.is_closed

    async def use() -> httpx.AsyncClient:
        async with scope3.AsyncClient(api_key="sk") as client:
            assert isinstance(client, scope3.AsyncClient)
            assert not client.http_client.is_closed
            return client.http_client

    assert asyncio.run(use()).is_closed


def test_callers_http_client_is_used_and_not_closed(scope3: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(201, json=MODEL))
    own = http_client(flavour, server)
    cls = scope3.Client if flavour == "sync" else scope3.AsyncClient
    client = cls(api_key="sk", http_client=own)

    run(client.model.create(id="x"))
    run(client.aclose() if flavour == "async" else client.close())

    assert client.http_client is own
    assert len(server.requests) == 1
    assert not own.is_closed


def test_negative_max_retries_is_rejected(scope3: ModuleType, flavour: str) -> None:
    with pytest.raises(ValueError, match="max_retries"):
        make_client(scope3, flavour, Server(), api_key="sk", max_retries=-1)
