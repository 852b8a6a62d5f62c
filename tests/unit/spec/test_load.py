from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import GenerationError
from generator.spec.load import load_spec

HEAD = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_yaml_timestamps_and_status_keys_stay_strings(tmp_path: Path) -> None:
    spec = load_spec(_write(tmp_path, "a.yaml", HEAD + (
        "paths:\n  /x:\n    get:\n      responses:\n        200:\n"
        "          description: ok\n          content:\n            application/json:\n"
        "              example: {at: 2023-11-07T05:31:56Z, day: 2023-11-07}\n"
    )))
    response = spec.data["paths"]["/x"]["get"]["responses"]["200"]
    example = response["content"]["application/json"]["example"]
    assert example == {"at": "2023-11-07T05:31:56Z", "day": "2023-11-07"}


def test_locate_gives_the_line_of_a_pointer(tmp_path: Path) -> None:
    spec = load_spec(_write(tmp_path, "a.yaml", HEAD + (
        "paths:\n  /pets/{id}:\n    get:\n      operationId: getPet\n"
        "      responses: {'200': {description: ok}}\n"
    )))
    file, line, pointer = spec.locate("/paths/~1pets~1{id}/get/operationId")
    assert (line, pointer) == (6, "/paths/~1pets~1{id}/get/operationId")
    assert file.endswith("a.yaml")


def test_json_documents_are_located_too(tmp_path: Path) -> None:
    spec = load_spec(_write(tmp_path, "a.json",
                            '{\n "openapi": "3.0.3",\n "info": {"title": "T", "version": "1"},\n'
                            ' "paths": {}\n}\n'))
    assert spec.locate("/paths")[1] == 4


def test_relative_file_refs_are_bundled_and_located(tmp_path: Path) -> None:
    _write(tmp_path, "schemas/pet.yaml",
           "type: object\nproperties:\n  owner: {$ref: '#/definitions/Owner'}\n"
           "definitions:\n  Owner: {type: object}\n")
    spec = load_spec(_write(tmp_path, "api.yaml", HEAD + (
        "paths: {}\ncomponents:\n  schemas:\n    Wrapper:\n      $ref: 'schemas/pet.yaml'\n"
    )))
    schemas = spec.data["components"]["schemas"]
    # A component that only refers to another file is that file's schema, under its own name.
    assert schemas["Wrapper"]["properties"]["owner"] == {"$ref": "#/components/schemas/Owner"}
    assert "pet" not in schemas
    assert schemas["Owner"] == {"type": "object"}
    file, line, pointer = spec.locate("/components/schemas/Owner")
    assert (file, line, pointer) == ("schemas/pet.yaml", 5, "/definitions/Owner")
    assert len(spec.documents) == 2


def test_recursive_schemas_are_fine_but_bare_ref_cycles_are_not(tmp_path: Path) -> None:
    load_spec(_write(tmp_path, "ok.yaml", HEAD + (
        "paths: {}\ncomponents:\n  schemas:\n    Node:\n      type: object\n"
        "      properties:\n        next: {$ref: '#/components/schemas/Node'}\n"
    )))
    with pytest.raises(GenerationError, match="cyclic \\$ref"):
        load_spec(_write(tmp_path, "bad.yaml", HEAD + (
            "paths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n"
            "    B: {$ref: '#/components/schemas/A'}\n"
        )))


def test_openapi_30_and_31_only(tmp_path: Path) -> None:
    load_spec(_write(tmp_path, "a.yaml", "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n"))
    with pytest.raises(GenerationError, match="unsupported OpenAPI version"):
        load_spec(_write(tmp_path, "b.yaml", "openapi: '2.5'\n"))


def test_openapi_32_is_read_as_31_with_a_warning(tmp_path: Path) -> None:
    spec = load_spec(_write(tmp_path, "a.yaml", "openapi: 3.2.0\ninfo: {title: T, version: '1'}\n"
                            "paths: {}\n"), display="a.yaml")
    [warning] = spec.findings
    assert warning.format().startswith("a.yaml:1: warning: OpenAPI 3.2.0 is read as 3.1")
    with pytest.raises(GenerationError, match=r"apigen reads 3\.0\.x, 3\.1\.x and 3\.2\.x"):
        load_spec(_write(tmp_path, "b.yaml", "openapi: 3.3.0\n"))


def test_path_items_referred_to_in_another_file_are_inlined(tmp_path: Path) -> None:
    _write(tmp_path, "apis/pets.yaml", (
        "paths:\n  /pets:\n    get:\n      operationId: listPets\n      responses:\n"
        "        '200':\n          description: ok\n          content:\n"
        "            application/json: {schema: {$ref: './model.yaml#/Pet'}}\n"
    ))
    _write(tmp_path, "apis/model.yaml", "Pet: {type: object}\n")
    spec = load_spec(_write(tmp_path, "api.yaml", HEAD + (
        "paths:\n  /pets: {$ref: './apis/pets.yaml#/paths/~1pets'}\n"
        "  /local: {$ref: '#/components/pathItems/Local'}\n"
        "components:\n  pathItems:\n    Local:\n      get: {operationId: local, responses: {}}\n"
    )), display="api.yaml")
    pets = spec.data["paths"]["/pets"]
    assert pets["get"]["operationId"] == "listPets"
    schema = pets["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/Pet"}
    assert spec.data["paths"]["/local"]["get"]["operationId"] == "local"
    assert spec.locate("/paths/~1pets/get/operationId") == (
        "apis/pets.yaml", 4, "/paths/~1pets/get/operationId")
