"""Checks that the hand-written OpenAPI specs in ``specs/`` match their seed pages.

The seed pages (verbatim API documentation) live in ``../shared/seeds`` beside the checkout
(or ``$APIGEN_SEEDS``; see ``tests/shared_data.py``). When they are available, the facts below
are parsed out of the page text itself and also cross-checked against the hard-coded
expectations; when they are missing, the hard-coded expectations (transcribed from the same
pages) are used alone.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from openapi_spec_validator import validate
from shared_data import seeds_dir, seeds_or_skip

SPECS_DIR: Path = Path(__file__).resolve().parents[2] / "specs"

SCOPE3_SPEC: Path = SPECS_DIR / "scope3_ai.yaml"
SGP_SPEC: Path = SPECS_DIR / "sgp.yaml"

JSON = dict[str, Any]

# --------------------------------------------------------------------------
# Hard-coded expectations, transcribed from the seed pages and seeds/README.md
# --------------------------------------------------------------------------

SCOPE3_REQUEST_EXAMPLE: JSON = {
    "id": "gpt-4-turbo",
    "name": "GPT-4 Turbo",
    "family": "gpt",
    "hugging_face_path": "EleutherAI/gpt-neo-2.7B",
    "benchmark_model_id": "gpt-4-turbo",
    "estimated_use_life_days": 365,
    "estimated_requests_per_day": 1000,
    "fine_tuned_from_model_id": "gpt-4-turbo",
    "aliases": ["claude-latest"],
    "total_params_billions": 175,
    "number_of_experts": 7,
    "number_of_active_experts": 2,
    "params_per_expert_billions": 8,
    "training_usage_energy_kwh": 1013.1,
    "training_usage_emissions_kgco2e": 1013.1,
    "training_usage_water_l": 1013.1,
    "training_embodied_emissions_kgco2e": 11013.1,
    "training_embodied_water_l": 11013.1,
}

SCOPE3_RESPONSE_EXAMPLE: JSON = {
    "id": "gpt-4-turbo",
    "aliases": ["claude-latest", "claude-3-sonnet-current"],
    "name": "GPT-4 Turbo",
    "family": "gpt",
    "hugging_face_path": "EleutherAI/gpt-neo-2.7B",
    "benchmark_model_id": "GPTJ-6B",
    "total_params_billions": 175,
    "number_of_experts": 7,
    "number_of_active_experts": 2,
    "params_per_expert_billions": 8,
    "tensor_parallelism": 1,
    "datatype": "fp8",
    "task": "text-generation",
    "training_usage_energy_kwh": 1013.1,
    "training_usage_emissions_kgco2e": 1013.1,
    "training_usage_water_l": 1013.1,
    "training_embodied_emissions_kgco2e": 11013.1,
    "training_embodied_water_l": 11013.1,
    "estimated_use_life_days": 1013.1,
    "estimated_requests_per_day": 1013.1,
    "fine_tuned_from_model_id": "llama_31_8b",
    "customer_id": 123,
    "created_at": "2023-11-07T05:31:56Z",
    "updated_at": "2023-11-07T05:31:56Z",
    "created_by": "<string>",
}

SCOPE3_BEARER_DESCRIPTION = (
    "Bearer authentication header of the form Bearer <token>, where <token> is your auth token."
)
SCOPE3_PERMISSION_NOTES: list[str] = [
    "Custom models are visible only to their owners",
    "Global models are visible to all users",
    "Admins can see and manage all models",
]

# Field -> (JSON Schema type, format). Fields absent from a schema are ignored.
SCOPE3_TYPES: dict[str, tuple[str, str | None]] = {
    "id": ("string", None),
    "name": ("string", None),
    "family": ("string", None),
    "hugging_face_path": ("string", None),
    "benchmark_model_id": ("string", None),
    "fine_tuned_from_model_id": ("string", None),
    "datatype": ("string", None),
    "task": ("string", None),
    "created_by": ("string", None),
    "aliases": ("array", None),
    "estimated_use_life_days": ("number", None),
    "estimated_requests_per_day": ("number", None),
    "total_params_billions": ("number", None),
    "params_per_expert_billions": ("number", None),
    "training_usage_energy_kwh": ("number", None),
    "training_usage_emissions_kgco2e": ("number", None),
    "training_usage_water_l": ("number", None),
    "training_embodied_emissions_kgco2e": ("number", None),
    "training_embodied_water_l": ("number", None),
    "number_of_experts": ("integer", None),
    "number_of_active_experts": ("integer", None),
    "tensor_parallelism": ("integer", None),
    "customer_id": ("integer", None),
    "created_at": ("string", "date-time"),
    "updated_at": ("string", "date-time"),
}

SGP_PATH = "/v4/model-groups/{model_group_id}/models/{model_instance_id}"
SGP_PATH_PARAMS: list[str] = ["model_group_id", "model_instance_id"]

SGP_EXAMPLE: JSON = {
    "name": "<string>",
    "display_name": "<string>",
    "model_vendor": "OPENAI",
    "model_type": "COMPLETION",
    "base_model_id": "<string>",
    "base_model_metadata": {
        "ui_model_section_type": "PARTNER",
        "model_developer": "<string>",
        "model_license_url": "<string>",
        "delivery_date": "<string>",
        "modelDetails": {
            "number_of_parameters": 123,
            "token_context_window": 123,
            "languages": 123,
            "alignments": 123,
        },
    },
    "model_creation_parameters": {},
    "model_card": "<string>",
    "training_data_card": "<string>",
    "description": "<string>",
    "model_template_id": "<string>",
    "model_group_id": "<string>",
    "id": "<string>",
    "created_at": "2023-11-07T05:31:56Z",
    "account_id": "<string>",
    "created_by_user_id": "<string>",
    "request_schema": {},
    "response_schema": {},
    "deployment_count": 123,
    "supports_multi_turn": True,
}

# Field -> (page type, required?) in page order.
SGP_FIELDS: dict[str, tuple[str, bool]] = {
    "name": ("string", True),
    "model_type": ("enum<string>", True),
    "id": ("string", True),
    "created_at": ("string", True),
    "account_id": ("string", True),
    "created_by_user_id": ("string", True),
    "request_schema": ("object", True),
    "response_schema": ("object", True),
    "deployment_count": ("integer", True),
    "supports_multi_turn": ("boolean", True),
    "display_name": ("string", False),
    "model_vendor": ("enum<string>", False),
    "base_model_id": ("string", False),
    "base_model_metadata": ("object", False),
    "model_creation_parameters": ("object", False),
    "model_card": ("string", False),
    "training_data_card": ("string", False),
    "description": ("string", False),
    "model_template_id": ("string", False),
    "model_group_id": ("string", False),
}

SGP_FIELD_DESCRIPTIONS: dict[str, str] = {
    "id": "The unique identifier of the entity.",
    "created_at": "The date and time when the entity was created in ISO format.",
    "account_id": "The ID of the account that owns the given entity.",
    "created_by_user_id": "The user who originally created the entity.",
    "request_schema": "JSON schema for the requests to the model instance",
    "response_schema": "JSON schema for the response to the model",
    "deployment_count": "Number of deployments of this model instance",
    "supports_multi_turn": "True if a model supports multi-turn conversations natively",
}

SGP_MODEL_TYPE_OPTIONS: list[str] = [
    "COMPLETION",
    "CHAT_COMPLETION",
    "AGENT",
    "EMBEDDING",
    "RERANKING",
    "GENERIC",
]
SGP_MODEL_VENDOR_OPTIONS: list[str] = [
    "OPENAI",
    "COHERE",
    "GOOGLE",
    "VERTEX_AI",
    "ANTHROPIC",
    "LAUNCH",
    "LLMENGINE",
    "BEDROCK",
    "OTHER",
]
SGP_MODEL_TYPE_DESCRIPTION = (
    "An enum representing the different types of models supported.\n\n"
    "Attributes: COMPLETION: Denotes that the model type is completion. "
    "CHAT_COMPLETION: Denotes that the model type is chat completion. "
    "AGENT: Denotes that the model type is agent. "
    "EMBEDDING: Denotes that the model type is embedding. "
    "RERANKING: Denotes that the model type is reranking. "
    "GENERIC: Denotes that the model type is generic."
)
SGP_MODEL_VENDOR_DESCRIPTION = (
    "An enum representing the different types of model vendors supported.\n\n"
    "Attributes: OPENAI: Denotes that the model vendor is OpenAI. "
    "COHERE: Denotes that the model vendor is Cohere. "
    "GOOGLE: Denotes that the model vendor is Google. "
    "ANTHROPIC: Denotes that the model vendor is Anthropic. "
    "LLMENGINE: Denotes that the model vendor is LLM Engine. "
    "OTHER: Denotes that the model vendor is Other."
)


# --------------------------------------------------------------------------
# Seed-page parsing
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope3Facts:
    method: str
    server: str
    path: str
    request_example: JSON
    response_example: JSON
    bearer_description: str
    permission_notes: list[str]
    created_description: str


@dataclass(frozen=True)
class SgpFacts:
    method: str
    path: str
    path_params: list[str]
    api_key_header: str
    success_description: str
    example: JSON
    fields: dict[str, tuple[str, bool]]
    field_descriptions: dict[str, str]
    model_type_options: list[str]
    model_vendor_options: list[str]
    model_type_description: str
    model_vendor_description: str


def _find_seed(marker: str) -> str | None:
    """Return the text of the seed page containing ``marker``, if any."""
    if not seeds_dir().is_dir():
        return None
    for page in sorted(seeds_dir().glob("*.txt")):
        text = page.read_text(encoding="utf-8")
        if marker in text:
            return text
    return None


def _decode_json_at(text: str, start: int) -> tuple[JSON, int]:
    """Decode the JSON object starting at the first ``{`` at/after ``start``."""
    brace = text.index("{", start)
    value, end = json.JSONDecoder().raw_decode(text, brace)
    assert isinstance(value, dict)
    return value, end


def _lines_after(text: str, marker: str) -> list[str]:
    return text[text.index(marker) + len(marker) :].splitlines()


def parse_scope3_page(text: str) -> Scope3Facts:
    lines = text.splitlines()
    method = lines[0].strip()
    url = re.search(r"--url (\S+)", text)
    assert url is not None
    server_match = re.match(r"(https://[^/]+)(/.*)", url.group(1))
    assert server_match is not None
    data_at = text.index("--data '")
    request_example, end = _decode_json_at(text, data_at)
    response_example, _ = _decode_json_at(text, end)
    after_auth = [ln for ln in _lines_after(text, "\nAuthorizations\n") if ln.strip()]
    bearer_description = next(ln for ln in after_auth if ln.startswith("Bearer "))
    notes = [
        ln.strip().lstrip("\u2022").strip()
        for ln in _lines_after(text, "Note on permissions:")
        if ln.strip().startswith("\u2022")
    ]
    after_201 = [ln for ln in _lines_after(text, "\n201\n") if ln.strip()]
    assert after_201[0] == "application/json"
    return Scope3Facts(
        method=method,
        server=server_match.group(1),
        path=server_match.group(2),
        request_example=request_example,
        response_example=response_example,
        bearer_description=bearer_description,
        permission_notes=notes,
        created_description=after_201[1],
    )


_PAGE_TYPES = {"string", "object", "integer", "boolean", "number", "array", "enum<string>"}


def _enum_block(text: str, field: str) -> tuple[str, list[str]]:
    match = re.search(
        rf"(?m)^{field}\nenum<string>\n(?:required\n)?\n(.*?)\n\nAvailable options:\n"
        r"((?:[A-Z_]+,\n)*[A-Z_]+)$",
        text,
        re.S,
    )
    assert match is not None, field
    return match.group(1), match.group(2).split(",\n")


def parse_sgp_page(text: str) -> SgpFacts:
    lines = text.splitlines()
    method = lines[0].strip()
    path_parts: list[str] = []
    for line in lines[1:]:
        if not (line == "/" or re.fullmatch(r"[\w{}-]+", line)):
            break
        path_parts.append(line)
    example_at = text.index("\n{\n")
    example, _ = _decode_json_at(text, example_at)

    after_auth = [ln for ln in _lines_after(text, "\nAuthorizations\n") if ln.strip()]
    api_key_header = after_auth[0]
    assert after_auth[1:3] == ["string", "header"]

    params_block = text[text.index("Path Parameters") : text.index("\nResponse\n")]
    path_params = re.findall(r"(?m)^(\w+)\nstring\nrequired$", params_block)

    response = text[text.index("\nResponse\n") :]
    resp_lines = [ln for ln in response.splitlines() if ln.strip()]
    assert resp_lines[1] == "200" and resp_lines[2] == "application/json"
    success_description = resp_lines[3]

    fields: dict[str, tuple[str, bool]] = {}
    for i in range(4, len(resp_lines) - 1):
        name, kind = resp_lines[i], resp_lines[i + 1]
        if kind in _PAGE_TYPES and re.fullmatch(r"[a-z_]+", name):
            required = i + 2 < len(resp_lines) and resp_lines[i + 2] == "required"
            fields[name] = (kind, required)

    descriptions: dict[str, str] = {}
    for name, (kind, required) in fields.items():
        if kind == "enum<string>":
            continue
        required_line = "required\n" if required else ""
        match = re.search(rf"(?m)^{name}\n{re.escape(kind)}\n{required_line}\n([^\n]+)$", response)
        if match is not None:
            descriptions[name] = match.group(1)

    type_description, type_options = _enum_block(response, "model_type")
    vendor_description, vendor_options = _enum_block(response, "model_vendor")
    return SgpFacts(
        method=method,
        path="".join(path_parts),
        path_params=path_params,
        api_key_header=api_key_header,
        success_description=success_description,
        example=example,
        fields=fields,
        field_descriptions=descriptions,
        model_type_options=type_options,
        model_vendor_options=vendor_options,
        model_type_description=type_description,
        model_vendor_description=vendor_description,
    )


def hardcoded_scope3_facts() -> Scope3Facts:
    return Scope3Facts(
        method="POST",
        server="https://aiapi.scope3.com",
        path="/model",
        request_example=SCOPE3_REQUEST_EXAMPLE,
        response_example=SCOPE3_RESPONSE_EXAMPLE,
        bearer_description=SCOPE3_BEARER_DESCRIPTION,
        permission_notes=SCOPE3_PERMISSION_NOTES,
        created_description="Model created successfully",
    )


def hardcoded_sgp_facts() -> SgpFacts:
    return SgpFacts(
        method="POST",
        path=SGP_PATH,
        path_params=SGP_PATH_PARAMS,
        api_key_header="x-api-key",
        success_description="Successful Response",
        example=SGP_EXAMPLE,
        fields=SGP_FIELDS,
        field_descriptions=SGP_FIELD_DESCRIPTIONS,
        model_type_options=SGP_MODEL_TYPE_OPTIONS,
        model_vendor_options=SGP_MODEL_VENDOR_OPTIONS,
        model_type_description=SGP_MODEL_TYPE_DESCRIPTION,
        model_vendor_description=SGP_MODEL_VENDOR_DESCRIPTION,
    )


@cache
def scope3_page() -> str | None:
    return _find_seed("aiapi.scope3.com")


@cache
def sgp_page() -> str | None:
    return _find_seed("model-groups")


@cache
def scope3_facts() -> Scope3Facts:
    page = scope3_page()
    return parse_scope3_page(page) if page is not None else hardcoded_scope3_facts()


@cache
def sgp_facts() -> SgpFacts:
    page = sgp_page()
    return parse_sgp_page(page) if page is not None else hardcoded_sgp_facts()


# --------------------------------------------------------------------------
# Spec helpers
# --------------------------------------------------------------------------


@cache
def _load_spec(path: Path) -> JSON:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    assert isinstance(data, dict)
    return data


def scope3_spec() -> JSON:
    return _load_spec(SCOPE3_SPEC)


def sgp_spec() -> JSON:
    return _load_spec(SGP_SPEC)


def schema(spec: JSON, name: str) -> JSON:
    result = spec["components"]["schemas"][name]
    assert isinstance(result, dict)
    return result


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def validate_instance(spec: JSON, schema_name: str, instance: Any) -> None:
    """Validate ``instance`` against a component schema (refs resolved in-spec)."""
    root: JSON = {"components": spec["components"], **ref(schema_name)}
    Draft202012Validator(root, format_checker=FormatChecker()).validate(instance)


def walk(node: Any) -> list[JSON]:
    """All mappings nested anywhere in ``node``."""
    found: list[JSON] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found.extend(walk(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(walk(value))
    return found


# --------------------------------------------------------------------------
# Seed parsing sanity (only when the seed pages are present)
# --------------------------------------------------------------------------


def test_scope3_seed_parse_matches_hardcoded() -> None:
    seeds_or_skip()
    assert scope3_page() is not None, "no seed page mentions aiapi.scope3.com"
    assert scope3_facts() == hardcoded_scope3_facts()


def test_sgp_seed_parse_matches_hardcoded() -> None:
    seeds_or_skip()
    assert sgp_page() is not None, "no seed page mentions model-groups"
    assert sgp_facts() == hardcoded_sgp_facts()


# --------------------------------------------------------------------------
# Structural validity
# --------------------------------------------------------------------------


@pytest.mark.parametrize("path", [SCOPE3_SPEC, SGP_SPEC], ids=["scope3_ai", "sgp"])
def test_spec_is_valid_openapi_31(path: Path) -> None:
    spec = _load_spec(path)
    assert spec["openapi"] == "3.1.0"
    validate(spec)


# --------------------------------------------------------------------------
# Scope3 AI
# --------------------------------------------------------------------------


def test_scope3_info_server_and_auth() -> None:
    spec, facts = scope3_spec(), scope3_facts()
    assert spec["info"]["title"] == "Scope3 AI API"
    assert spec["info"]["version"]
    assert spec["info"]["description"]
    assert [s["url"] for s in spec["servers"]] == [facts.server]
    scheme = spec["components"]["securitySchemes"]["bearerAuth"]
    assert scheme["type"] == "http"
    assert scheme["scheme"] == "bearer"
    assert scheme["description"] == facts.bearer_description
    assert spec["security"] == [{"bearerAuth": []}]


def test_scope3_operation() -> None:
    spec, facts = scope3_spec(), scope3_facts()
    assert list(spec["paths"]) == [facts.path]
    path_item = spec["paths"][facts.path]
    assert list(path_item) == [facts.method.lower()]
    op = path_item["post"]
    assert op["operationId"] == "createModel"
    assert op["tags"] == ["model"]
    assert op["summary"] == "Create a model"
    assert "Create a new model" in op["description"]
    for note in facts.permission_notes:
        assert note in op["description"]

    body = op["requestBody"]
    assert body["required"] is True
    assert list(body["content"]) == ["application/json"]
    assert body["content"]["application/json"]["schema"] == ref("ModelCreateRequest")


def test_scope3_responses() -> None:
    spec, facts = scope3_spec(), scope3_facts()
    responses = spec["paths"]["/model"]["post"]["responses"]
    assert set(responses) == {"201", "400", "401", "403", "409", "429"}
    created = responses["201"]
    assert created["description"] == facts.created_description
    assert created["content"]["application/json"]["schema"] == ref("Model")
    assert responses["409"]["description"] == "Model ID already exists"
    for code in ("400", "401", "403", "409", "429"):
        assert responses[code]["description"]
        assert list(responses[code]["content"]) == ["application/json"]
        assert responses[code]["content"]["application/json"]["schema"] == ref("Error")


def _single_example(media: JSON) -> Any:
    examples = media["examples"]
    assert len(examples) == 1
    (example,) = examples.values()
    assert example.get("summary")
    return example["value"]


def test_scope3_examples_equal_page() -> None:
    spec, facts = scope3_spec(), scope3_facts()
    op = spec["paths"]["/model"]["post"]
    request = _single_example(op["requestBody"]["content"]["application/json"])
    response = _single_example(op["responses"]["201"]["content"]["application/json"])
    assert request == facts.request_example
    assert response == facts.response_example
    # Also preserve int-vs-float spelling (175 stays 175, 1013.1 stays 1013.1).
    assert json.dumps(request) == json.dumps(facts.request_example)
    assert json.dumps(response) == json.dumps(facts.response_example)
    validate_instance(spec, "ModelCreateRequest", request)
    validate_instance(spec, "Model", response)


def test_scope3_create_request_schema() -> None:
    spec, facts = scope3_spec(), scope3_facts()
    body = schema(spec, "ModelCreateRequest")
    assert body["type"] == "object"
    assert set(body["properties"]) == set(facts.request_example)
    assert body["required"] == ["id"]
    assert body["additionalProperties"] is False


def test_scope3_model_schema() -> None:
    spec, facts = scope3_spec(), scope3_facts()
    model = schema(spec, "Model")
    assert model["type"] == "object"
    assert set(model["properties"]) == set(facts.response_example)
    assert model["required"] == [
        "id",
        "aliases",
        "customer_id",
        "created_at",
        "updated_at",
        "created_by",
    ]
    assert model["additionalProperties"] is False


@pytest.mark.parametrize("schema_name", ["ModelCreateRequest", "Model"])
def test_scope3_field_types(schema_name: str) -> None:
    spec, facts = scope3_spec(), scope3_facts()
    props = schema(spec, schema_name)["properties"]
    examples = {**facts.request_example, **facts.response_example}
    for field, prop in props.items():
        expected_type, expected_format = SCOPE3_TYPES[field]
        assert prop.get("type") == expected_type, field
        assert prop.get("format") == expected_format, field
        assert prop.get("nullable") is None, field
        assert prop.get("description"), field
        # Consistency with the page: any float seen in an example means number.
        for example in (facts.request_example, facts.response_example):
            if isinstance(example.get(field), float):
                assert expected_type == "number", field
        if isinstance(examples[field], str) and expected_format is None:
            assert expected_type == "string", field
    aliases = props["aliases"]
    assert aliases["maxItems"] == 100
    assert aliases["items"] == {"type": "string"}


def test_scope3_nothing_nullable() -> None:
    for node in walk(scope3_spec()["components"]["schemas"]):
        assert "nullable" not in node
        assert node.get("type") != "null"
        assert not isinstance(node.get("type"), list)
        for key in ("anyOf", "oneOf"):
            for option in node.get(key, []):
                assert option.get("type") != "null"


def test_scope3_error_schema() -> None:
    spec = scope3_spec()
    error = schema(spec, "Error")
    assert error["type"] == "object"
    assert error["required"] == ["message"]
    assert error["additionalProperties"] is False
    assert error["properties"]["message"]["type"] == "string"
    assert error["properties"]["code"]["type"] == "string"
    assert error["properties"]["details"] == ref("ErrorDetails")
    details = schema(spec, "ErrorDetails")
    assert details["type"] == "object"
    assert details["additionalProperties"] is False
    assert set(details["properties"]) == {"reason", "field"}
    assert all(p["type"] == "string" for p in details["properties"].values())
    validate_instance(
        spec,
        "Error",
        {"message": "exists", "code": "conflict", "details": {"reason": "dup", "field": "id"}},
    )
    with pytest.raises(ValidationError):
        validate_instance(spec, "Error", {"code": "no-message"})


def test_scope3_model_rejects_unknown_and_null() -> None:
    spec, facts = scope3_spec(), scope3_facts()
    with pytest.raises(ValidationError):
        validate_instance(spec, "Model", {**facts.response_example, "extra": 1})
    with pytest.raises(ValidationError):
        validate_instance(spec, "Model", {**facts.response_example, "name": None})
    with pytest.raises(ValidationError):
        validate_instance(spec, "Model", {**facts.response_example, "aliases": ["a"] * 101})
    with pytest.raises(ValidationError):
        validate_instance(spec, "Model", {**facts.response_example, "customer_id": 1.5})


# --------------------------------------------------------------------------
# SGP
# --------------------------------------------------------------------------


def _sgp_operation() -> JSON:
    spec, facts = sgp_spec(), sgp_facts()
    path_item = spec["paths"][facts.path]
    assert list(path_item) == [facts.method.lower()]
    op = path_item["post"]
    assert isinstance(op, dict)
    return op


def test_sgp_info_server_and_auth() -> None:
    spec, facts = sgp_spec(), sgp_facts()
    assert spec["info"]["title"] == "Scale GenAI Platform API"
    assert spec["info"]["version"]
    assert [s["url"] for s in spec["servers"]] == ["https://api.egp.scale.com"]
    scheme = spec["components"]["securitySchemes"]["ApiKeyAuth"]
    assert scheme["type"] == "apiKey"
    assert scheme["in"] == "header"
    assert scheme["name"] == facts.api_key_header == "x-api-key"
    assert spec["security"] == [{"ApiKeyAuth": []}]


def test_sgp_operation() -> None:
    spec, facts = sgp_spec(), sgp_facts()
    assert list(spec["paths"]) == [facts.path]
    op = _sgp_operation()
    assert op["operationId"] == "createModelGroupModel"
    assert op["tags"] == ["model-groups"]
    assert op["summary"] == "Add a model instance to a model group"
    assert "requestBody" not in op
    params = op["parameters"]
    assert [p["name"] for p in params] == facts.path_params
    for param in params:
        assert param["in"] == "path"
        assert param["required"] is True
        assert param["schema"] == {"type": "string"}


def test_sgp_responses() -> None:
    spec, facts = sgp_spec(), sgp_facts()
    responses = _sgp_operation()["responses"]
    assert set(responses) == {"200", "422"}
    ok = responses["200"]
    assert ok["description"] == facts.success_description
    assert ok["content"]["application/json"]["schema"] == ref("ModelInstance")
    example = _single_example(ok["content"]["application/json"])
    assert example == facts.example
    validate_instance(spec, "ModelInstance", example)
    invalid = responses["422"]
    assert invalid["description"] == "Validation Error"
    assert invalid["content"]["application/json"]["schema"] == ref("HTTPValidationError")


def test_sgp_model_instance_schema() -> None:
    spec, facts = sgp_spec(), sgp_facts()
    instance = schema(spec, "ModelInstance")
    assert instance["type"] == "object"
    props = instance["properties"]
    assert set(props) == set(facts.example) == set(facts.fields)
    assert instance["required"] == [f for f, (_, req) in facts.fields.items() if req]
    for field, description in facts.field_descriptions.items():
        assert props[field]["description"] == description, field
    assert set(facts.field_descriptions) == set(SGP_FIELD_DESCRIPTIONS)

    for field, (page_type, _) in facts.fields.items():
        prop = props[field]
        if page_type == "enum<string>":
            continue
        if field == "base_model_metadata":
            assert prop == ref("BaseModelMetadata")
        elif page_type == "object":
            assert prop["type"] == "object", field
            assert prop["additionalProperties"] is True, field
        else:
            assert prop["type"] == page_type, field
    assert props["model_type"] == ref("ModelType")
    assert props["model_vendor"] == ref("ModelVendor")
    assert props["created_at"]["format"] == "date-time"


def test_sgp_enums() -> None:
    spec, facts = sgp_spec(), sgp_facts()
    model_type = schema(spec, "ModelType")
    assert model_type["type"] == "string"
    assert model_type["enum"] == facts.model_type_options
    assert len(model_type["enum"]) == 6
    assert model_type["description"] == facts.model_type_description
    vendor = schema(spec, "ModelVendor")
    assert vendor["type"] == "string"
    assert vendor["enum"] == facts.model_vendor_options
    assert len(vendor["enum"]) == 9
    assert vendor["description"] == facts.model_vendor_description


def test_sgp_base_model_metadata() -> None:
    spec, facts = sgp_spec(), sgp_facts()
    metadata_example = facts.example["base_model_metadata"]
    metadata = schema(spec, "BaseModelMetadata")
    assert metadata["type"] == "object"
    assert set(metadata["properties"]) == set(metadata_example)
    assert "modelDetails" in metadata["properties"]
    assert metadata["properties"]["modelDetails"] == ref("ModelDetails")
    for field in ("ui_model_section_type", "model_developer", "model_license_url", "delivery_date"):
        prop = metadata["properties"][field]
        assert prop["type"] == "string", field
        assert "enum" not in prop, field
    assert "required" not in metadata

    details = schema(spec, "ModelDetails")
    assert details["type"] == "object"
    assert set(details["properties"]) == set(metadata_example["modelDetails"])
    assert all(p["type"] == "integer" for p in details["properties"].values())
    assert "required" not in details


def test_sgp_validation_error_schemas() -> None:
    spec = sgp_spec()
    http_error = schema(spec, "HTTPValidationError")
    assert http_error["type"] == "object"
    assert http_error["properties"]["detail"]["type"] == "array"
    assert http_error["properties"]["detail"]["items"] == ref("ValidationError")
    error = schema(spec, "ValidationError")
    assert error["type"] == "object"
    assert error["required"] == ["loc", "msg", "type"]
    loc = error["properties"]["loc"]
    assert loc["type"] == "array"
    assert loc["items"] == {"anyOf": [{"type": "string"}, {"type": "integer"}]}
    assert error["properties"]["msg"]["type"] == "string"
    assert error["properties"]["type"]["type"] == "string"
    validate_instance(
        spec,
        "HTTPValidationError",
        {"detail": [{"loc": ["path", "model_group_id", 0], "msg": "bad", "type": "value_error"}]},
    )


def test_sgp_models_not_closed() -> None:
    for node in walk(sgp_spec()["components"]["schemas"]):
        assert node.get("additionalProperties") is not False
