"""generator.spec.repair (forgivable mistakes fixed with a located warning) and the structural
checks that stay errors when no repair applies."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.diagnostics import GenerationError, Level
from generator.spec.checks import check_buildable
from generator.spec.document import Spec
from generator.spec.load import load_spec

HEAD = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n"
OK = "responses: {'200': {description: ok}}"


def _load(tmp_path: Path, body: str, name: str = "api.yaml") -> Spec:
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    return load_spec(path, display=name)


def test_a_sibling_operation_lends_its_path_parameter(tmp_path: Path) -> None:
    spec = _load(tmp_path, (
        "paths:\n"
        "  /apps/{app_id}:\n"
        f"    get: {{operationId: getApp, {OK}}}\n"
        "    put:\n"
        "      operationId: putApp\n"
        "      parameters:\n"
        "        - {name: app_id, in: path, required: true, schema: {type: string}}\n"
        f"      {OK}\n"
    ))
    check_buildable(spec)
    get = spec.data["paths"]["/apps/{app_id}"]["get"]
    assert get["parameters"] == [
        {"name": "app_id", "in": "path", "required": True, "schema": {"type": "string"}}]
    [warning] = spec.findings
    assert warning.level is Level.WARNING
    assert warning.format() == (
        "api.yaml:5: warning: path parameter {app_id} in '/apps/{app_id}' is not declared for "
        "GET; using the declaration of PUT on the same path (at /paths/~1apps~1{app_id}/get)")


def test_a_path_parameter_nobody_declares_becomes_a_required_string(tmp_path: Path) -> None:
    spec = _load(tmp_path, (
        "paths:\n"
        "  /apps/{app_id}/keys/{key}:\n"
        f"    get: {{operationId: getApp, {OK}}}\n"
        "    put:\n"
        "      operationId: putApp\n"
        "      parameters: [{name: key, in: path, required: true, schema: {type: integer}}]\n"
        f"      {OK}\n"
    ))
    check_buildable(spec)
    item = spec.data["paths"]["/apps/{app_id}/keys/{key}"]
    declared = {"name": "app_id", "in": "path", "required": True, "schema": {"type": "string"}}
    assert item["get"]["parameters"][0] == declared
    assert item["put"]["parameters"][1] == declared
    assert item["get"]["parameters"][1]["schema"] == {"type": "integer"}  # borrowed from PUT
    assert [w.format() for w in spec.findings][:2] == [
        "api.yaml:5: warning: path parameter {app_id} in '/apps/{app_id}/keys/{key}' is not "
        "declared for GET; declared as a required string (at /paths/~1apps~1{app_id}~1keys~1"
        "{key}/get)",
        "api.yaml:5: warning: path parameter {key} in '/apps/{app_id}/keys/{key}' is not "
        "declared for GET; using the declaration of PUT on the same path (at /paths/~1apps~1"
        "{app_id}~1keys~1{key}/get)",
    ]


def test_one_operation_id_on_get_and_head_of_a_path_is_renamed(tmp_path: Path) -> None:
    spec = _load(tmp_path, (
        "paths:\n"
        "  /health:\n"
        f"    get: {{operationId: health, {OK}}}\n"
        f"    head: {{operationId: health, {OK}}}\n"
    ))
    check_buildable(spec)
    assert spec.data["paths"]["/health"]["head"]["operationId"] == "health_head"
    [warning] = spec.findings
    assert "also used by GET of the same path" in warning.message
    assert warning.pointer == "/paths/~1health/head/operationId"


def test_one_operation_id_on_several_paths_takes_the_words_of_each_later_path(
        tmp_path: Path) -> None:
    spec = _load(tmp_path, (
        "paths:\n"
        f"  /users:\n    get: {{operationId: list, {OK}}}\n"
        f"  /v1/orgs/{{org}}/members:\n    get: {{operationId: list, parameters: [{{name: org, "
        f"in: path, required: true, schema: {{type: string}}}}], {OK}}}\n"
        f"  /teams:\n    get: {{operationId: list, {OK}}}\n    post: {{operationId: list, {OK}}}\n"
        f"  /teams/:\n    get: {{operationId: list_teams, {OK}}}\n"
    ))
    check_buildable(spec)
    ids = [(path, method, op["operationId"]) for path, item in spec.data["paths"].items()
           for method, op in item.items()]
    assert ids == [("/users", "get", "list"), ("/v1/orgs/{org}/members", "get",
                                                "list_v1_orgs_members"),
                   ("/teams", "get", "list_teams2"), ("/teams", "post", "list_teams3"),
                   ("/teams/", "get", "list_teams")]
    assert [w.pointer for w in spec.findings] == [
        "/paths/~1v1~1orgs~1{org}~1members/get/operationId", "/paths/~1teams/get/operationId",
        "/paths/~1teams/post/operationId"]
    assert "also used by GET /users; this operation is called 'list_v1_orgs_members'" in \
        spec.findings[0].message


def test_security_naming_an_undefined_scheme_is_dropped(tmp_path: Path) -> None:
    spec = _load(tmp_path, (
        "security: [{Missing: []}, {key: []}]\n"
        "components:\n  securitySchemes:\n    key: {type: apiKey, in: header, name: X-Key}\n"
        f"paths:\n  /a:\n    get: {{operationId: a, security: [{{Nope: []}}], {OK}}}\n"
    ))
    assert spec.data["security"] == [{"key": []}]
    assert spec.data["paths"]["/a"]["get"]["security"] == []
    assert [w.pointer for w in spec.findings] == ["/security/0", "/paths/~1a/get/security/0"]


@pytest.mark.parametrize(("schema", "message"), [
    ("{type: string, format: uuid, default: notauuid}", "'notauuid' is not a 'uuid'"),
    ("{type: string, format: uuid, default: 3}", "'3' is not a 'uuid'"),
])
def test_a_parameter_default_must_fit_its_schema(tmp_path: Path, schema: str,
                                                 message: str) -> None:
    spec = _load(tmp_path, (
        "paths:\n  /a:\n    get:\n      operationId: a\n      parameters:\n"
        f"        - {{name: q, in: query, schema: {schema}}}\n"
        f"      {OK}\n"
    ))
    with pytest.raises(GenerationError) as caught:
        check_buildable(spec)
    [error] = caught.value.diagnostics
    assert message in error.message
    assert (error.line, error.pointer) == (8, "/paths/~1a/get/parameters/0/schema/default")


@pytest.mark.parametrize(("schema", "message"), [
    ("{type: integer, default: many}", 'default "many" is not of type integer; ignored'),
    ("{type: string, enum: [a, b], default: c}", 'default "c" is not one of ["a", "b"]; ignored'),
])
def test_a_parameter_default_without_a_reading_is_dropped(tmp_path: Path, schema: str,
                                                          message: str) -> None:
    spec = _load(tmp_path, (
        "paths:\n  /a:\n    get:\n      operationId: a\n      parameters:\n"
        f"        - {{name: q, in: query, schema: {schema}}}\n"
        f"      {OK}\n"
    ))
    check_buildable(spec)
    assert "default" not in spec.data["paths"]["/a"]["get"]["parameters"][0]["schema"]
    [warning] = spec.findings
    assert (warning.message, warning.line, warning.pointer) == (
        message, 8, "/paths/~1a/get/parameters/0/schema/default")


def test_a_number_is_a_fine_default_for_a_string_and_responses_are_optional(
        tmp_path: Path) -> None:
    spec = _load(tmp_path, (
        "paths:\n  /a:\n    get:\n      operationId: a\n      parameters:\n"
        "        - {name: q, in: query, schema: {type: string, default: 1}}\n"
    ))
    check_buildable(spec)


def test_a_schema_ref_naming_a_response_reads_its_schema(tmp_path: Path) -> None:
    """`schema: {$ref: '#/components/responses/Unauthorized'}` (an auth server's document):
    the response holds one schema, which is what the author meant; a component holding none
    or several different ones stays an error."""
    spec = _load(tmp_path, (
        "paths:\n  /me:\n    get:\n      operationId: me\n      responses:\n"
        "        '401':\n          description: no\n          content:\n"
        "            application/json:\n"
        "              schema: {$ref: '#/components/responses/Unauthorized'}\n"
        "components:\n  responses:\n    Unauthorized:\n      description: no\n"
        "      content:\n        application/json:\n"
        "          schema: {$ref: '#/components/schemas/Error'}\n"
        "  schemas:\n    Error: {type: object, properties: {code: {type: string}}}\n"))
    check_buildable(spec)
    media = spec.data["paths"]["/me"]["get"]["responses"]["401"]["content"]["application/json"]
    assert media["schema"] == {"$ref": "#/components/schemas/Error"}
    [warning] = [f for f in spec.findings if "no success response" not in f.message]
    assert (warning.line, warning.pointer) == (12, "/paths/~1me/get/responses/401/content/"
                                                   "application~1json/schema/$ref")
    assert warning.message.endswith("names a component of kind 'responses'; read as the schema "
                                    "it holds")

    bad = _load(tmp_path, (
        "paths:\n  /me:\n    get:\n      operationId: me\n      responses:\n"
        "        '200':\n          description: ok\n          content:\n"
        "            application/json:\n"
        "              schema: {$ref: '#/components/responses/Two'}\n"
        "components:\n  responses:\n    Two:\n      description: two\n      content:\n"
        "        application/json: {schema: {type: string}}\n"
        "        text/plain: {schema: {type: integer}}\n"), name="bad.yaml")
    with pytest.raises(GenerationError) as caught:
        check_buildable(bad)
    assert "stands for a schema but names a component of kind 'responses'" in str(caught.value)


def test_an_operation_that_only_switches_protocols_is_skipped(tmp_path: Path) -> None:
    """A WebSocket endpoint documented as `GET` answering `101` (Together's realtime API): no
    HTTP call for the client to make nor for the server to answer."""
    spec = _load(tmp_path, (
        "paths:\n"
        "  /realtime:\n"
        "    get: {operationId: live, responses: {'101': {description: upgraded}}}\n"
        f"    post: {{operationId: note, {OK}}}\n"
        "  /mixed:\n"
        "    get: {operationId: mixed, responses: {'101': {description: up}, "
        "'200': {description: ok}}}\n"))
    assert list(spec.data["paths"]["/realtime"]) == ["post"]
    assert "get" in spec.data["paths"]["/mixed"]
    [warning] = spec.findings
    assert warning.format().startswith(
        "api.yaml:5: warning: the operation only switches protocols (101, a WebSocket, say)")
    assert warning.pointer == "/paths/~1realtime/get/responses"


def test_a_path_parameter_not_marked_required_is_read_as_required(tmp_path: Path) -> None:
    """fastapi-code-generator's own test documents leave `required` off path parameters; a
    shared component is repaired once, wherever it is used."""
    spec = _load(tmp_path, (
        "paths:\n"
        "  /food/{food_id}:\n"
        "    get:\n"
        "      parameters: [{name: food_id, in: path, schema: {type: string}}]\n"
        f"      {OK}\n"
        "  /pets/{pet_id}:\n"
        "    parameters: [{$ref: '#/components/parameters/Pet'}]\n"
        f"    get: {{{OK}}}\n"
        f"    put: {{{OK}}}\n"
        "components:\n  parameters:\n"
        "    Pet: {name: pet_id, in: path, required: false, schema: {type: integer}}\n"))
    check_buildable(spec)
    food = spec.data["paths"]["/food/{food_id}"]["get"]["parameters"][0]
    assert food["required"] is True
    assert spec.data["components"]["parameters"]["Pet"]["required"] is True
    assert [w.pointer for w in spec.findings] == [
        "/paths/~1food~1{food_id}/get/parameters/0", "/paths/~1pets~1{pet_id}/parameters/0"]
    assert all("read as required" in w.message for w in spec.findings)


def test_a_path_parameter_without_its_placeholder_takes_its_spelling_or_is_dropped(
        tmp_path: Path) -> None:
    spec = _load(tmp_path, (
        "paths:\n"
        "  /users/{userId}/keys:\n"
        "    get:\n"
        "      operationId: keys\n"
        "      parameters:\n"
        "        - {name: user-id, in: path, required: true, schema: {type: integer}}\n"
        "        - {name: key_id, in: path, required: true, schema: {type: string}}\n"
        "        - {name: key_id, in: query, schema: {type: string}}\n"
        f"      {OK}\n"
    ))
    check_buildable(spec)
    params = spec.data["paths"]["/users/{userId}/keys"]["get"]["parameters"]
    assert [(p["name"], p["in"]) for p in params] == [("userId", "path"), ("key_id", "query")]
    assert params[0]["schema"] == {"type": "integer"}
    assert [(w.line, w.pointer) for w in spec.findings] == [
        (8, "/paths/~1users~1{userId}~1keys/get/parameters/0"),
        (9, "/paths/~1users~1{userId}~1keys/get/parameters/1")]
    assert "the placeholder {userId} spelled otherwise" in spec.findings[0].message
    assert "no request can carry it; it is ignored" in spec.findings[1].message


@pytest.mark.parametrize(("schema", "dropped"), [
    ("{type: string, minItems: 1}", ["minItems"]),
    ("{type: [string, 'null'], maxItems: 2, uniqueItems: true}", ["maxItems", "uniqueItems"]),
    ("{type: integer, minLength: 1, pattern: x, minimum: 0}", ["minLength", "pattern"]),
    ("{type: string, minimum: 1, multipleOf: 2, minProperties: 1}",
     ["minProperties", "minimum", "multipleOf"]),
    ("{type: array, items: {type: string}, minItems: 1, minLength: 2}", ["minLength"]),
    ("{format: date, minimum: 1}", []),  # no declared type: every keyword may apply
    ("{type: [array, string], minItems: 1, minLength: 1}", []),
    # shape keywords on a scalar (Intercom's `external_id`: a string with properties)
    ("{type: string, properties: {a: {type: string}}, required: [a]}", ["properties", "required"]),
    ("{type: [integer, 'null'], items: {type: string}, additionalProperties: false}",
     ["additionalProperties", "items"]),
    ("{type: [object, string], properties: {a: {type: string}}}", []),
    ("{type: array, items: {type: string}}", []),
    # a text format on a number (Intercom's `type: integer, format: date-time`: a timestamp)
    ("{type: integer, format: date-time}", ["format"]),
    ("{type: [number, 'null'], format: uuid}", ["format"]),
    ("{type: integer, format: int64}", []),
    ("{type: [integer, string], format: date-time}", []),
    ("{type: object, format: binary}", []),
    # a format no value of the allowed lengths has (Intercom: a 24-character `uuid`)
    ("{type: string, format: uuid, minLength: 24, maxLength: 24}", ["format"]),
    ("{type: string, format: date, maxLength: 8}", ["format"]),
    ("{type: string, format: uuid, minLength: 32, maxLength: 40}", []),
    ("{type: string, format: uuid, maxLength: 36}", []),
])
def test_a_keyword_of_another_type_is_dropped(tmp_path: Path, schema: str,
                                              dropped: list[str]) -> None:
    spec = _load(tmp_path, f"paths: {{}}\ncomponents:\n  schemas:\n    S: {schema}\n")
    before = set(yaml.safe_load(schema))
    check_buildable(spec)
    after = set(spec.data["components"]["schemas"]["S"])
    assert sorted(before - after) == dropped
    assert sorted(w.pointer.rsplit("/", 1)[1] for w in spec.findings) == dropped


def test_a_required_property_declared_nowhere_is_declared(tmp_path: Path) -> None:
    # Hatchet's V1TaskSummary requires `id` and never declares it: the models had no field,
    # so the mock's instances lacked it.
    spec = _load(tmp_path, "paths: {}\ncomponents:\n  schemas:\n"
                 "    Task: {type: object, properties: {name: {type: string}},"
                 " required: [id, name]}\n"
                 "    Count: {properties: {n: {type: integer}}, required: [count],"
                 " additionalProperties: {type: integer}}\n"
                 "    Base: {properties: {id: {type: string}}}\n"
                 "    Child: {allOf: [{$ref: '#/components/schemas/Base'}],"
                 " properties: {x: {type: string}}, required: [id]}\n"
                 "    Part: {properties: {x: {type: string}}, required: [id]}\n"
                 "    Whole: {allOf: [{$ref: '#/components/schemas/Base'},"
                 " {$ref: '#/components/schemas/Part'}]}\n"
                 "    Closed: {properties: {x: {type: string}}, required: [y],"
                 " additionalProperties: false}\n")
    check_buildable(spec)
    schemas = spec.data["components"]["schemas"]
    assert schemas["Task"]["properties"] == {"name": {"type": "string"}, "id": {}}
    assert schemas["Count"]["properties"]["count"] == {"type": "integer"}
    assert "id" not in schemas["Child"]["properties"]  # declared by its allOf part
    assert "id" not in schemas["Part"]["properties"]  # an allOf part: a sibling declares it
    assert "y" not in schemas["Closed"]["properties"]
    assert sorted(w.pointer for w in spec.findings if "not declared" in w.message) == [
        "/components/schemas/Count/required", "/components/schemas/Task/required"]


def test_discriminators_mapping_one_schema_under_different_tags_are_dropped(
        tmp_path: Path) -> None:
    union = ("{{oneOf: [{{$ref: '#/components/schemas/A'}}, {{$ref: '#/components/schemas/B'}}],"
             " discriminator: {{propertyName: type, mapping: {{{}}}}}}}")
    a, b = "'#/components/schemas/A'", "'#/components/schemas/B'"
    spec = _load(tmp_path, "paths: {}\ncomponents:\n  schemas:\n"
                 "    A: {type: object, properties: {type: {type: string}}}\n"
                 "    B: {type: object, properties: {type: {type: string}}}\n"
                 f"    U1: {union.format(f'x: {a}, y: {b}')}\n"
                 f"    U2: {union.format(f'x: {a}, y: {a}, z: {b}')}\n"
                 f"    U3: {union.format(f'x: {a}, y: {b}')}\n")
    check_buildable(spec)
    schemas = spec.data["components"]["schemas"]
    assert [name for name in ("U1", "U2", "U3") if "discriminator" in schemas[name]] == []
    assert sorted(w.pointer for w in spec.findings) == [
        f"/components/schemas/{name}/discriminator" for name in ("U1", "U2", "U3")]


def test_discriminators_that_agree_are_kept(tmp_path: Path) -> None:
    spec = _load(tmp_path, "paths: {}\ncomponents:\n  schemas:\n"
                 "    A: {type: object, properties: {type: {type: string}}}\n"
                 "    U1: {oneOf: [{$ref: '#/components/schemas/A'}], discriminator: "
                 "{propertyName: type, mapping: {x: '#/components/schemas/A'}}}\n"
                 "    U2: {anyOf: [{$ref: '#/components/schemas/A'}], discriminator: "
                 "{propertyName: type, mapping: {x: '#/components/schemas/A'}}}\n")
    check_buildable(spec)
    assert "discriminator" in spec.data["components"]["schemas"]["U2"]
    assert spec.findings == []
