"""Multi-file documents: every external `$ref` is followed relative to the file holding it and
filed under the component kind of the position that refers to it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cli import main
from generator.diagnostics import GenerationError
from generator.spec.load import load_spec

HEAD = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n"
OK = "responses: {'200': {description: ok}}"


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return folder / next(iter(files))


@pytest.fixture()
def elsewhere(tmp_path: Path) -> Iterator[Path]:
    """Run from a folder that is not the spec's: refs must not depend on the working folder."""
    other = tmp_path / "cwd"
    other.mkdir()
    previous = Path.cwd()
    os.chdir(other)
    try:
        yield tmp_path / "spec"
    finally:
        os.chdir(previous)


def test_whole_sections_in_other_files_with_refs_back_and_onwards(elsewhere: Path) -> None:
    spec = load_spec(_write(elsewhere, {
        "api.yaml": HEAD + (
            "paths:\n  /pets:\n    get:\n"
            "      parameters: [{$ref: '#/components/parameters/Limit'}]\n"
            "      responses:\n        '200':\n          description: ok\n          content:\n"
            "            application/json: {schema: {$ref: '#/components/schemas/Pet'}}\n"
            "components:\n  schemas: {$ref: ./components/schemas.yaml}\n"
            "  parameters: {$ref: ./components/parameters.yaml}\n"
            "  x-shared:\n    Name: {type: string}\n"),
        "components/schemas.yaml": (
            "Pet:\n  type: object\n  properties:\n"
            "    name: {$ref: '../api.yaml#/components/x-shared/Name'}\n"
            "    owner: {$ref: '#/Owner'}\n    tag: {$ref: './more/tag.yaml'}\n"
            "Owner: {$ref: './owner.yaml'}\n"),
        "components/owner.yaml": "type: object\nproperties:\n  id: {type: integer}\n",
        "components/more/tag.yaml": "type: string\n",
        "components/parameters.yaml": (
            "Limit: {name: limit, in: query, schema: {$ref: './schemas.yaml#/Owner'}}\n"),
    }))
    components = spec.data["components"]
    assert list(components["schemas"]) == ["Pet", "Owner", "tag"]
    pet = components["schemas"]["Pet"]["properties"]
    assert pet["name"] == {"$ref": "#/components/x-shared/Name"}
    assert pet["owner"] == {"$ref": "#/components/schemas/Owner"}
    assert pet["tag"] == {"$ref": "#/components/schemas/tag"}
    assert components["schemas"]["Owner"]["properties"]["id"] == {"type": "integer"}
    assert components["parameters"]["Limit"]["schema"] == {"$ref": "#/components/schemas/Owner"}
    assert spec.locate("/components/schemas/Owner/properties/id")[:2] == (
        "components/owner.yaml", 3)


@pytest.mark.parametrize(("position", "section"), [
    ("parameters: [{$ref: 'common.yaml#/Limit'}]\n      " + OK, "parameters"),
    ("responses: {'200': {$ref: 'common.yaml#/Limit'}}", "responses"),
    ("requestBody: {$ref: 'common.yaml#/Limit'}\n      " + OK, "requestBodies"),
    ("responses:\n        '200':\n          description: ok\n"
     "          headers: {X-Limit: {$ref: 'common.yaml#/Limit'}}", "headers"),
    ("responses:\n        '200':\n          description: ok\n          content:\n"
     "            application/json: {examples: {one: {$ref: 'common.yaml#/Limit'}}}", "examples"),
    ("responses:\n        '200':\n          description: ok\n"
     "          links: {next: {$ref: 'common.yaml#/Limit'}}", "links"),
    ("callbacks: {onEvent: {$ref: 'common.yaml#/Limit'}}\n      " + OK, "callbacks"),
])
def test_a_target_is_filed_by_the_kind_of_the_position_referring_to_it(
        tmp_path: Path, position: str, section: str) -> None:
    spec = load_spec(_write(tmp_path, {
        "api.yaml": HEAD + f"paths:\n  /x:\n    get:\n      {position}\n",
        "common.yaml": "Limit: {description: d, x-any: {$ref: '#/Int'}}\nInt: {type: integer}\n",
    }))
    # What an extension refers to has no component kind: it is put in place.
    assert spec.data["components"] == {
        section: {"Limit": {"description": "d", "x-any": {"type": "integer"}}}}


def test_security_schemes_and_parameters_of_another_file_are_not_schemas(tmp_path: Path) -> None:
    spec = load_spec(_write(tmp_path, {
        "api.yaml": HEAD + (
            "paths:\n  /x:\n    get:\n      parameters: [{$ref: 'common.yaml#/components/"
            "parameters/Limit'}]\n      " + OK + "\n"
            "components:\n  securitySchemes:\n    bearer: {$ref: 'common.yaml#/components/"
            "securitySchemes/bearer'}\n"),
        "common.yaml": "components:\n  parameters:\n    Limit: {name: limit, in: query}\n"
                       "  securitySchemes:\n    bearer: {type: http, scheme: bearer}\n",
    }))
    components = spec.data["components"]
    assert components["securitySchemes"] == {"bearer": {"type": "http", "scheme": "bearer"}}
    assert components["parameters"] == {"Limit": {"name": "limit", "in": "query"}}
    assert "schemas" not in components
    assert spec.data["paths"]["/x"]["get"]["parameters"] == [
        {"$ref": "#/components/parameters/Limit"}]


def test_discriminator_mapping_values_are_relative_to_the_referring_file(
        elsewhere: Path) -> None:
    spec = load_spec(_write(elsewhere, {
        "api.yaml": HEAD + "paths: {}\ncomponents:\n  schemas:\n"
                           "    Pet: {$ref: 'models/pet.yaml'}\n",
        "models/pet.yaml": (
            "oneOf: [{$ref: 'cat.yaml'}, {$ref: 'dog/dog.yaml'}]\n"
            "discriminator:\n  propertyName: kind\n"
            "  mapping: {cat: 'cat.yaml', dog: './dog/dog.yaml', other: Cat}\n"),
        "models/cat.yaml": "type: object\nproperties: {kind: {type: string}}\n",
        "models/dog/dog.yaml": "type: object\nproperties:\n  kind: {type: string}\n"
                               "  friend: {$ref: '../cat.yaml'}\n",
    }))
    schemas = spec.data["components"]["schemas"]
    assert schemas["Pet"]["discriminator"]["mapping"] == {
        "cat": "#/components/schemas/cat", "dog": "#/components/schemas/dog", "other": "Cat"}
    assert schemas["Pet"]["oneOf"] == [{"$ref": "#/components/schemas/cat"},
                                       {"$ref": "#/components/schemas/dog"}]
    assert schemas["dog"]["properties"]["friend"] == {"$ref": "#/components/schemas/cat"}


def test_path_items_operations_and_parameter_items_in_other_files(elsewhere: Path) -> None:
    spec = load_spec(_write(elsewhere, {
        "api.yaml": HEAD + (
            "paths:\n  /pets: {$ref: 'paths/pets.yaml'}\n"
            "  /pets/{id}:\n    get: {$ref: 'paths/ops/get_pet.yaml'}\n"
            "    parameters: [{$ref: 'paths/params.yaml#/Id'}]\n"),
        "paths/pets.yaml": "get:\n  operationId: listPets\n  parameters:\n"
                           "    - {$ref: 'params.yaml#/Limit'}\n  " + OK + "\n",
        "paths/ops/get_pet.yaml": "operationId: getPet\nresponses:\n  '200':\n"
                                  "    $ref: '../../responses/pet.yaml'\n",
        "paths/params.yaml": "Id: {name: id, in: path, required: true, schema: {type: string}}\n"
                             "Limit: {name: limit, in: query, schema: {type: integer}}\n",
        "responses/pet.yaml": "description: one pet\n",
    }))
    paths = spec.data["paths"]
    assert paths["/pets"]["get"]["parameters"] == [{"$ref": "#/components/parameters/Limit"}]
    assert paths["/pets/{id}"]["get"]["operationId"] == "getPet"
    assert paths["/pets/{id}"]["get"]["responses"]["200"] == {
        "$ref": "#/components/responses/pet"}
    assert paths["/pets/{id}"]["parameters"] == [{"$ref": "#/components/parameters/Id"}]
    assert spec.data["components"]["responses"] == {"pet": {"description": "one pet"}}
    assert spec.locate("/paths/~1pets~1{id}/get/operationId") == (
        "paths/ops/get_pet.yaml", 1, "/operationId")


def test_one_target_reached_from_two_files_is_filed_once_and_same_names_are_numbered(
        tmp_path: Path) -> None:
    files = {
        "api.yaml": HEAD + (
            "paths:\n  /a: {$ref: 'a/a.yaml'}\n  /b: {$ref: 'b/b.yaml'}\n"
            "components:\n  schemas:\n    Pet: {type: string}\n"),
        "a/a.yaml": "get:\n  responses:\n    '200':\n      description: ok\n      content:\n"
                    "        application/json: {schema: {$ref: '../shared/pet.yaml#/Pet'}}\n"
                    "    '201':\n      description: ok\n      content:\n"
                    "        application/json: {schema: {$ref: 'pet.yaml#/Pet'}}\n",
        "a/pet.yaml": "Pet: {type: integer}\n",
        "b/b.yaml": "get:\n  responses:\n    '200':\n      description: ok\n      content:\n"
                    "        application/json: {schema: {$ref: '../shared/pet.yaml#/Pet'}}\n",
        "shared/pet.yaml": "Pet: {type: boolean}\n",
    }
    spec = load_spec(_write(tmp_path, files))
    assert spec.data["components"]["schemas"] == {
        "Pet": {"type": "string"}, "Pet2": {"type": "boolean"}, "Pet3": {"type": "integer"}}
    b = spec.data["paths"]["/b"]["get"]["responses"]["200"]["content"]["application/json"]
    assert b["schema"] == {"$ref": "#/components/schemas/Pet2"}
    assert load_spec(tmp_path / "api.yaml").data == spec.data  # deterministic


def _generate(spec: Path, out: Path, *extra: str) -> tuple[int, str]:
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["generate", str(spec), "--output", str(out), "--formatter", "ruff",
                     "--package", "pkg", *extra])
    return code, err.getvalue()


DANGLING = {
    "api.yaml": HEAD + (
        "paths:\n  /ok:\n    get: {operationId: fine, " + OK + "}\n"
        "  /gone:\n    get:\n      operationId: gone\n"
        "      parameters: [{$ref: 'params.yaml#/Missing'}]\n      " + OK + "\n"
        "  /uses:\n    get:\n      operationId: uses\n      responses:\n        '200':\n"
        "          description: ok\n          content:\n"
        "            application/json: {schema: {$ref: '#/components/schemas/Broken'}}\n"
        "components:\n  schemas:\n    Broken:\n      type: object\n"
        "      properties: {x: {$ref: 'nowhere.yaml'}}\n"),
    "params.yaml": "Limit: {name: limit, in: query}\n",
}


def test_a_dangling_ref_skips_what_holds_it_with_a_located_warning(tmp_path: Path) -> None:
    spec = load_spec(_write(tmp_path, DANGLING), display="api.yaml")
    assert [list(item) for item in spec.data["paths"].values()] == [["get"], [], []]
    assert spec.data["components"]["schemas"] == {}
    messages = [f.format() for f in spec.findings]
    assert messages == [
        "api.yaml:9: warning: unresolvable $ref 'params.yaml#/Missing': params.yaml has "
        "nothing at /Missing; operation GET /gone skipped "
        "(at /paths/~1gone/get/parameters/0/$ref)",
        "api.yaml:18: warning: it refers to schemas component 'Broken', which is skipped; "
        "operation GET /uses skipped (at /paths/~1uses/get/responses/200/content/"
        "application~1json/schema/$ref)",
        "api.yaml:23: warning: unresolvable $ref: file 'nowhere.yaml' not found next to "
        "api.yaml; schemas component 'Broken' skipped "
        "(at /components/schemas/Broken/properties/x/$ref)",
    ]


def test_dangling_refs_generate_the_rest_and_strict_refuses(tmp_path: Path) -> None:
    spec = _write(tmp_path / "spec", DANGLING)
    code, err = _generate(spec, tmp_path / "out")
    assert code == 0, err
    served = (tmp_path / "out" / "pkg" / "openapi.json").read_text()
    assert '"fine"' in served and '"gone"' not in served and '"uses"' not in served
    assert "operation GET /gone skipped" in err
    code, err = _generate(spec, tmp_path / "strict", "--strict")
    assert code == 2
    assert "error: unresolvable $ref 'params.yaml#/Missing'" in err
    assert not (tmp_path / "strict").exists()


def test_a_ref_leaving_the_allowed_folders_is_refused_located(tmp_path: Path) -> None:
    _write(tmp_path, {"outside.yaml": "Limit: {name: limit, in: query}\n"})
    with pytest.raises(GenerationError) as caught:
        load_spec(_write(tmp_path / "spec", {"api.yaml": HEAD + (
            "paths:\n  /x:\n    get:\n      parameters: [{$ref: '../outside.yaml#/Limit'}]\n"
            "      " + OK + "\n")}), display="api.yaml")
    [diagnostic] = caught.value.diagnostics
    assert (diagnostic.file, diagnostic.line) == ("api.yaml", 6)
    assert "leaves the folders apigen may read" in diagnostic.message
    assert diagnostic.pointer == "/paths/~1x/get/parameters/0/$ref"


def test_refs_in_extensions_and_examples_are_data_not_failures(tmp_path: Path) -> None:
    spec = load_spec(_write(tmp_path, {
        "api.yaml": HEAD + (
            "tags: [{name: t, description: {$ref: 'texts.yaml#/intro'}}]\n"
            "paths:\n  /x:\n    get:\n"
            "      x-codeSamples: [{$ref: 'samples/x.yaml'}, {$ref: 'samples/gone.yaml'},\n"
            "                      {$ref: 'https://example.com/sample.yaml'}]\n"
            "      responses:\n        '200':\n          description: ok\n          content:\n"
            "            application/json:\n"
            "              example: {$ref: 'https://example.com/not/a/reference'}\n"
            "              schema: {type: object, example: {$ref: 'nowhere.yaml'}}\n"),
        "texts.yaml": "intro: Hello\n",
        "samples/x.yaml": "lang: sh\nsource: {$ref: '../texts.yaml#/intro'}\n",
    }), display="api.yaml")
    assert spec.data["tags"] == [{"name": "t", "description": "Hello"}]
    operation = spec.data["paths"]["/x"]["get"]
    assert operation["x-codeSamples"] == [
        {"lang": "sh", "source": "Hello"}, {"$ref": "samples/gone.yaml"},
        {"$ref": "https://example.com/sample.yaml"}]
    [warning] = spec.findings
    assert warning.format().startswith("api.yaml:7: warning: unresolvable $ref: file "
                                       "'samples/gone.yaml' not found next to api.yaml; left")


def test_components_from_other_files_make_a_working_package(tmp_path: Path) -> None:
    """On main these were filed as schemas: a bogus `RootModel[Any]` per parameter and a served
    `openapi.json` whose operation pointed its parameters at `#/components/schemas/...`."""
    import importlib
    import json
    import sys

    import httpx

    spec = _write(tmp_path / "spec", {
        "api.yaml": HEAD + (
            "paths:\n  /pets/{id}:\n    parameters: [{$ref: 'common/parameters.yaml#/Id'}]\n"
            "    post: {$ref: 'ops/create.yaml'}\n"),
        "ops/create.yaml": (
            "operationId: createPet\nparameters: [{$ref: '../common/parameters.yaml#/Limit'}]\n"
            "requestBody: {$ref: '../common/bodies.yaml#/NewPet'}\n"
            "responses:\n  '201': {$ref: '../common/responses.yaml#/Created'}\n"),
        "common/parameters.yaml": (
            "Id: {name: id, in: path, required: true, schema: {type: integer}}\n"
            "Limit: {name: limit, in: query, required: true, schema: {type: integer}}\n"),
        "common/bodies.yaml": "NewPet:\n  required: true\n  content:\n"
                              "    application/json: {schema: {$ref: '../models/pet.yaml'}}\n",
        "common/responses.yaml": (
            "Created:\n  description: created\n"
            "  headers: {X-Rate: {$ref: 'headers.yaml#/Rate'}}\n"
            "  content:\n    application/json: {schema: {$ref: '../models/pet.yaml'}}\n"),
        "common/headers.yaml": "Rate: {schema: {type: integer}}\n",
        "models/pet.yaml": "type: object\nrequired: [name]\nproperties: {name: {type: string}}\n",
    })
    code, err = _generate(spec, tmp_path / "out")
    assert code == 0, err
    package = tmp_path / "out" / "pkg"
    served = json.loads((package / "openapi.json").read_text())
    operation = served["paths"]["/pets/{id}"]["post"]
    assert operation["parameters"] == [{"$ref": "#/components/parameters/Limit"}]
    assert operation["requestBody"] == {"$ref": "#/components/requestBodies/NewPet"}
    assert operation["responses"]["201"] == {"$ref": "#/components/responses/Created"}
    assert served["components"]["responses"]["Created"]["headers"] == {
        "X-Rate": {"$ref": "#/components/headers/Rate"}}
    assert list(served["components"]["schemas"]) == ["pet"]
    assert "RootModel" not in (package / "models.py").read_text()
    sys.path.insert(0, str(tmp_path / "out"))
    try:
        pkg = importlib.import_module("pkg")
        server = importlib.import_module("pkg.server")
        app = server.create_app(server.MockHandlers())
        with pkg.Client(base_url="http://test", api_key="k",
                        http_client=httpx.Client(transport=_SyncASGI(app))) as client:
            created = client.pets.create(id=1, limit=2, name="Rex")
        assert created.name == "Rex"
    finally:
        sys.path.remove(str(tmp_path / "out"))
        for name in [m for m in sys.modules if m == "pkg" or m.startswith("pkg.")]:
            del sys.modules[name]


class _SyncASGI:
    """A synchronous httpx transport over an ASGI app (in-process, no network)."""

    def __init__(self, app: object) -> None:
        import httpx

        self.inner = httpx.ASGITransport(app=app)  # type: ignore[arg-type]

    def handle_request(self, request: object) -> object:
        import asyncio

        import httpx

        async def send() -> httpx.Response:
            assert isinstance(request, httpx.Request)
            response = await self.inner.handle_async_request(request)
            return httpx.Response(response.status_code, headers=response.headers,
                                  content=await response.aread())

        return asyncio.run(send())


def test_an_example_that_is_only_a_ref_to_an_existing_file_is_that_files_value(
        tmp_path: Path) -> None:
    spec = load_spec(_write(tmp_path, {
        "api.yaml": HEAD + (
            "paths:\n  /x:\n    get:\n      responses:\n        '200':\n"
            "          description: ok\n          content:\n            application/json:\n"
            "              schema: {type: object}\n"
            "              example: {$ref: 'examples/pets.yml#/one'}\n"
            "            application/xml:\n"
            "              example: {$ref: 'examples/missing.yml'}\n"
            "            text/plain:\n"
            "              examples: {a: {value: {$ref: '../outside.yml'}},\n"
            "                         b: {value: {$ref: 'examples/pets.yml#/two', x: 1}}}\n"),
        "examples/pets.yml": "one: {name: Rex, tag: {$ref: 'not/followed.yml'}}\ntwo: 2\n",
    }))
    content = spec.data["paths"]["/x"]["get"]["responses"]["200"]["content"]
    assert content["application/json"]["example"] == {
        "name": "Rex", "tag": {"$ref": "not/followed.yml"}}
    assert content["application/xml"]["example"] == {"$ref": "examples/missing.yml"}
    assert content["text/plain"]["examples"] == {
        "a": {"value": {"$ref": "../outside.yml"}},
        "b": {"value": {"$ref": "examples/pets.yml#/two", "x": 1}}}
    assert spec.findings == []


def test_a_dangling_ref_in_another_file_is_located_in_that_file(tmp_path: Path) -> None:
    spec = load_spec(_write(tmp_path, {
        "api.yaml": HEAD + "paths:\n  /a: {$ref: 'paths/a.yaml'}\n  /b: {$ref: 'paths/b.yaml'}\n",
        "paths/a.yaml": "get:\n  operationId: a\n  parameters:\n"
                        "    - $ref: '../common.yaml#/Nope'\n  " + OK + "\n",
        "paths/b.yaml": "get: {operationId: b, " + OK + "}\n",
        "common.yaml": "Limit: {name: limit, in: query}\n",
    }), display="api.yaml")
    assert "get" not in spec.data["paths"]["/a"]
    assert spec.data["paths"]["/b"]["get"]["operationId"] == "b"
    [warning] = spec.findings
    assert warning.format() == (
        "paths/a.yaml:4: warning: unresolvable $ref '../common.yaml#/Nope': common.yaml has "
        "nothing at /Nope; operation GET /a skipped (at /get/parameters/0/$ref)")


def test_a_pointer_through_a_reference_cycle_ends_as_a_dangling_ref(tmp_path: Path) -> None:
    spec = load_spec(_write(tmp_path, {
        "api.yaml": HEAD + (
            "paths:\n  /a:\n    get:\n      operationId: a\n"
            "      parameters: [{$ref: 'loop.yaml#/A/x'}]\n      " + OK + "\n"),
        "loop.yaml": "A: {$ref: '#/B'}\nB: {$ref: '#/A'}\n",
    }), display="api.yaml")
    assert spec.data["paths"]["/a"] == {}
    [warning] = spec.findings
    assert warning.format() == (
        "api.yaml:7: warning: unresolvable $ref 'loop.yaml#/A/x': loop.yaml has nothing at "
        "/A/x; operation GET /a skipped (at /paths/~1a/get/parameters/0/$ref)")


@pytest.mark.parametrize(("files", "message"), [
    ({"x.yaml": "a: {$ref: 'x.yaml'}\nb: {$ref: 'x.yaml'}\n"}, None),
    ({"cb.yaml": "'{$url}': {$ref: 'pi.yaml'}\n",
      "pi.yaml": "post:\n  callbacks:\n    a: {'{$url}': {$ref: 'pi.yaml'}}\n"
                 "    b: {'{$url}': {$ref: 'pi.yaml'}}\n"}, "keeps leading to references"),
])
def test_references_that_fan_out_end_quickly(tmp_path: Path, files: dict[str, str],
                                             message: str | None) -> None:
    """Two references to a file that refers to itself twice would copy it 2**32 times."""
    root = HEAD + ("paths:\n  /x:\n    get:\n      x-data: {$ref: 'x.yaml'}\n"
                   "      callbacks: {c: {$ref: 'cb.yaml'}}\n      " + OK + "\n")
    all_files = {"api.yaml": root, "x.yaml": "{}\n", "cb.yaml": "{}\n", **files}
    if message is None:
        spec = load_spec(_write(tmp_path, all_files))
        data = spec.data["paths"]["/x"]["get"]["x-data"]
        assert data == {"a": {"$ref": "#/paths/~1x/get/x-data"},
                        "b": {"$ref": "#/paths/~1x/get/x-data"}}
    else:
        with pytest.raises(GenerationError, match=message):
            load_spec(_write(tmp_path, all_files))


def test_remote_refs_open_a_schema_and_skip_what_else_holds_them(tmp_path: Path) -> None:
    """apigen never downloads. A URL `$ref` in a schema position names some JSON value described
    elsewhere: the schema accepts any value, with a located warning, and its operation stays. In
    any other position (a parameter, a response) what holds it is skipped, like a dangling ref.
    `--strict` refuses either (tests/errors/cases/strict_remote_ref.yaml)."""
    remote = "https://example.com/schema.json"
    spec = load_spec(_write(tmp_path, {
        "api.yaml": HEAD + (
            "paths:\n  /x:\n    get:\n      responses:\n        '200':\n"
            "          description: ok\n          content:\n            application/json:\n"
            f"              schema: {{allOf: [{{$ref: '{remote}'}}, {{required: [id]}}]}}\n"
            "    post:\n"
            f"      parameters: [{{$ref: '{remote}#/p'}}]\n      {OK}\n"
            "components:\n  schemas:\n    Box:\n      type: object\n      properties:\n"
            f"        inner: {{$ref: '{remote}#/Inner', description: kept}}\n"),
    }), display="api.yaml")
    item = spec.data["paths"]["/x"]
    schema = item["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["allOf"][0] == {}
    assert "post" not in item
    assert spec.data["components"]["schemas"]["Box"]["properties"]["inner"] == {
        "description": "kept"}
    messages = sorted(f.format() for f in spec.findings)
    assert len(messages) == 3 and all(f"remote $ref '{remote}" in m for m in messages)
    assert sum("the schema accepts any JSON value" in m for m in messages) == 2
    assert any("operation POST /x skipped" in m for m in messages)
