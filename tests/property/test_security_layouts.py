"""Property: for random security layouts (schemes of every kind, random requirement lists per
operation and for the document), the generated package imports, passes ruff and mypy --strict,
its client sends exactly the credentials of one requirement it can meet (the first, in spec
order) or raises before sending, and its server (and mock) admit exactly the requests that meet
one requirement, never answering 500.

The model below is the rule README states, written independently of the templates: a
requirement object is AND, the list OR, `{}` anonymous (tried last), `security: []` none; a
scheme apigen cannot enforce (mutualTLS, here) is left to the caller's http_client by the
client and met on the server only when the authorize hook vouches for it (the mock's does)."""

from __future__ import annotations

import asyncio
import base64
import importlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lint import ruff_findings

from generator.config import Target
from generator.output.emit import write_package
from generator.pipeline import generate_target

# kind -> the scheme object (apiKey gets its location and a wire name below).
KINDS: dict[str, dict[str, Any]] = {
    "header": {"type": "apiKey", "in": "header"},
    "query": {"type": "apiKey", "in": "query"},
    "cookie": {"type": "apiKey", "in": "cookie"},
    "basic": {"type": "http", "scheme": "basic"},
    "bearer": {"type": "http", "scheme": "bearer"},
    "oauth2": {"type": "oauth2", "flows": {"implicit": {
        "authorizationUrl": "https://example.com/auth", "scopes": {}}}},
    "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://example.com/.well-known"},
    "mtls": {"type": "mutualTLS"},
}
AUTHORIZATION = {"basic", "bearer", "oauth2", "oidc"}
TOKEN = {"bearer", "oauth2", "oidc"}
# Scheme names, some of which collide with the client's own arguments or with Python.
NAMES = ["key", "ApiKey", "api_key", "base_url", "class", "X-Token", "session.id", "oauth",
         "partnerSecret", "9lives", "timeout", "mtls", "httpx", "time"]

# A scheme: (name, kind); requirements: tuples of scheme names; None: use the document's.
Layout = dict[str, Any]


@st.composite
def layouts(draw: st.DrawFn) -> Layout:
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=5, unique=True))
    kinds = {name: draw(st.sampled_from(sorted(KINDS))) for name in names}

    def requirement_lists() -> st.SearchStrategy[list[tuple[str, ...]]]:
        # Mostly one to three requirements of one to three schemes; sometimes `{}` among them
        # or `security: []`. At most one scheme per requirement uses the Authorization header
        # (two could never both travel in one request).
        scheme_sets = st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True)
        requirement = st.one_of(scheme_sets, scheme_sets, scheme_sets, st.just([])).filter(
            lambda r: sum(kinds[n] in AUTHORIZATION for n in r) <= 1).map(tuple)
        return st.one_of(st.lists(requirement, min_size=1, max_size=3),
                         st.lists(requirement, min_size=1, max_size=3), st.just([]))

    document = draw(requirement_lists())
    operations = draw(st.lists(st.one_of(st.none(), requirement_lists()), min_size=1,
                               max_size=4))
    return {"kinds": kinds, "document": document, "operations": operations}


def spec_of(layout: Layout) -> dict[str, Any]:
    schemes = {}
    for index, (name, kind) in enumerate(layout["kinds"].items()):
        scheme = dict(KINDS[kind])
        if scheme["type"] == "apiKey":
            scheme["name"] = f"k{index}"  # unique wire names
        schemes[name] = scheme
    paths = {}
    for index, requirements in enumerate(layout["operations"]):
        operation: dict[str, Any] = {"operationId": f"op{index}", "responses": {"200": {
            "description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Who"}}}}}}
        if requirements is not None:
            operation["security"] = [{name: [] for name in r} for r in requirements]
        paths[f"/p{index}"] = {"get": operation}
    return {
        "openapi": "3.1.0", "info": {"title": "Layout", "version": "1"}, "paths": paths,
        "security": [{name: [] for name in r} for r in layout["document"]],
        "components": {"securitySchemes": schemes, "schemas": {"Who": {
            "type": "object", "required": ["schemes"],
            "properties": {"schemes": {"type": "array", "items": {"type": "string"}}}}}},
    }


# -- the model ---------------------------------------------------------------------------------


def requirements_of(layout: Layout, index: int) -> tuple[list[tuple[str, ...]], bool]:
    """(non-empty requirements in spec order, anonymous allowed) of operation `index`."""
    declared = layout["operations"][index]
    if declared is None:
        declared = layout["document"]
    alternatives = list(dict.fromkeys(r for r in declared if r))
    return alternatives, not alternatives or any(not r for r in declared)


def client_choice(layout: Layout, index: int, values: dict[str, str]) -> set[str] | None:
    """The schemes the client sends for operation `index` (None: it raises)."""
    kinds = layout["kinds"]
    alternatives, anonymous = requirements_of(layout, index)
    partial: set[str] | None = None
    for requirement in alternatives:
        missing = [n for n in requirement if n not in values]
        if all(kinds[n] == "mtls" for n in missing):
            if not missing:
                return set(requirement)
            if partial is None:
                partial = {n for n in requirement if n in values}
    if partial is not None:
        return partial
    return set() if anonymous else None


def server_choice(layout: Layout, index: int, present: set[str], *, mock: bool
                  ) -> list[str] | None:
    """The schemes the server admits a request carrying `present` with ([] anonymous, None:
    401)."""
    kinds = layout["kinds"]
    alternatives, anonymous = requirements_of(layout, index)
    for requirement in alternatives:
        if all(n in present or (mock and kinds[n] == "mtls") for n in requirement):
            return list(requirement)
    return [] if anonymous else None


def wire_slot(kind: str, wire: str) -> tuple[str, str]:
    if kind in AUTHORIZATION:
        return ("header", "authorization")
    return (kind, wire.lower() if kind == "header" else wire)


def wire_value(kind: str, value: str) -> str:
    if kind == "basic":
        return "Basic " + base64.b64encode(value.encode()).decode()
    return f"Bearer {value}" if kind in TOKEN else value


def on_the_wire(request: httpx.Request) -> dict[tuple[str, str], str]:
    found = {("header", name): value for name, value in request.headers.items()
             if name == "authorization" or name.startswith("k")}
    found.update({("query", name): value for name, value in request.url.params.multi_items()})
    cookie: SimpleCookie = SimpleCookie(request.headers.get("cookie", ""))
    found.update({("cookie", name): morsel.value for name, morsel in cookie.items()})
    return found


# -- the package -------------------------------------------------------------------------------


class Built:
    def __init__(self, layout: Layout, package: ModuleType, schemes: dict[str, Any]) -> None:
        self.layout = layout
        self.package = package
        self.server = importlib.import_module(f"{package.__name__}.server")
        self.schemes = schemes  # name -> SecurityScheme of the IR (argument, wire name)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("security_layouts")
    sys.path.insert(0, str(folder))
    yield folder
    sys.path.remove(str(folder))


BUILT: list[str] = []


def build(layout: Layout, workdir: Path) -> Built:
    package = f"layout_{len(BUILT)}"
    path = workdir / f"{package}.json"
    path.write_text(json.dumps(spec_of(layout)), encoding="utf-8")
    target = Target(spec=path, package=package, output=workdir, formatter="ruff")
    result = generate_target(target, root=workdir)
    unexpected = [d.format() for d in result.diagnostics if "mutualTLS" not in d.message]
    assert unexpected == []
    write_package(result.package, target.directory)
    BUILT.append(package)
    importlib.invalidate_caches()
    module = importlib.import_module(package)
    return Built(layout, module, {s.key: s for s in result.api.security_schemes})


class Who:
    """Handlers for every operation: the schemes the request was admitted with."""

    def __init__(self, models: ModuleType) -> None:
        self.models = models

    def __getattr__(self, name: str) -> Any:
        if not name.startswith("op"):
            raise AttributeError(name)

        async def handler(*, credentials: Any = None) -> Any:
            schemes = [] if credentials is None else [
                c.scheme for c in (credentials, *credentials.together)]
            return self.models.Who(schemes=schemes)
        return handler


def check_client(built: Built, values: dict[str, str], needs_one: bool) -> None:
    kinds = built.layout["kinds"]
    arguments: dict[str, Any] = {}
    for name, value in values.items():
        arguments[built.schemes[name].argument] = value
    # A client holding no credential at all is refused at construction when some operation
    # needs one.
    sent: list[httpx.Request] = []
    transport = httpx.MockTransport(
        lambda request: sent.append(request) or httpx.Response(200, json={"schemes": []}))
    try:
        client = built.package.Client(base_url="http://api.test", max_retries=0,
                                      http_client=httpx.Client(transport=transport),
                                      **arguments)
    except built.package.APIError:
        assert not values and needs_one
        return
    assert values or not needs_one
    for index in range(len(built.layout["operations"])):
        chosen = client_choice(built.layout, index, values)
        before = len(sent)
        resource = getattr(client, f"p{index}")
        if chosen is None:
            with pytest.raises(built.package.APIError, match="missing credentials"):
                resource.list()
            assert len(sent) == before
            continue
        resource.list()
        expected = {wire_slot(kinds[n], built.schemes[n].param_name):
                    wire_value(kinds[n], values[n]) for n in chosen}
        assert on_the_wire(sent[-1]) == expected, (index, values)


def check_server(built: Built, present: set[str], authorization: str | None) -> None:
    kinds = built.layout["kinds"]
    headers: dict[str, str] = {}
    params: dict[str, str] = {}
    cookies: dict[str, str] = {}
    carried = set()
    for name in present:
        kind = kinds[name]
        wire = built.schemes[name].param_name
        if kind == "header":
            headers[wire] = f"v-{name}"
        elif kind == "query":
            params[wire] = f"v-{name}"
        elif kind == "cookie":
            cookies[wire] = f"v-{name}"
        else:
            continue
        carried.add(name)
    if authorization == "bearer":
        headers["Authorization"] = "Bearer t"
        carried |= {n for n, k in kinds.items() if k in TOKEN}
    elif authorization == "basic":
        headers["Authorization"] = "Basic " + base64.b64encode(b"u:p").decode()
        carried |= {n for n, k in kinds.items() if k == "basic"}

    async def run(handlers: object, mock: bool) -> None:
        app = built.server.create_app(handlers)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url="http://api.test", cookies=cookies) as http:
            for index in range(len(built.layout["operations"])):
                response = await http.get(f"/p{index}", headers=headers, params=params)
                expected = server_choice(built.layout, index, carried, mock=mock)
                if expected is None:
                    assert response.status_code == 401, (index, response.text)
                else:
                    assert response.status_code == 200, (index, response.text)
                    if not mock:
                        assert response.json() == {"schemes": expected}

    asyncio.run(run(Who(built.package.models), mock=False))
    asyncio.run(run(built.server.MockHandlers(), mock=True))


def client_needs_a_credential(layout: Layout, used: set[str]) -> bool:
    """Some operation can be called neither anonymously nor by leaving every scheme to the
    http_client."""
    kinds = layout["kinds"]
    for index in range(len(layout["operations"])):
        alternatives, anonymous = requirements_of(layout, index)
        if not anonymous and all(any(kinds[n] != "mtls" for n in r) for r in alternatives):
            return True
    return False


def test_client_and_server_honour_and_or_anonymous(workdir: Path) -> None:
    built_here: list[str] = []

    # No shrinking: each example generates a package, and a failing one is small already.
    @settings(max_examples=8, deadline=None, database=None,
              phases=[Phase.explicit, Phase.reuse, Phase.generate],
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(layout=layouts(), data=st.data())
    def examples(layout: Layout, data: st.DataObject) -> None:
        built = build(layout, workdir)
        built_here.append(built.package.__name__)
        used = sorted(built.schemes)
        sendable = [n for n in used if layout["kinds"][n] != "mtls"]
        for _ in range(8):
            # Each scheme held with probability one half: most draws meet some requirement.
            chosen = [n for n in sendable if data.draw(st.booleans())]
            values = {n: ("u:" if layout["kinds"][n] == "basic" else "") + f"v{i}"
                      for i, n in enumerate(chosen)}
            check_client(built, values, client_needs_a_credential(layout, set(used)))
            present = {n for n in used if data.draw(st.booleans())}
            authorization = data.draw(st.sampled_from([None, "bearer", "basic"]))
            check_server(built, present, authorization)

    examples()
    # ruff and mypy --strict over the first packages (mypy is the slow part: a few suffice).
    packages = built_here[:3]
    assert ruff_findings(packages, cwd=workdir) == []
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           "--config-file", os.devnull, *(f"-p{p}" for p in packages)],
                          cwd=workdir, capture_output=True, text=True, check=False)
    assert mypy.returncode == 0, mypy.stdout
