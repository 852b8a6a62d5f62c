"""corpus_contradictions: the proofs hold on documents that contradict themselves and fail on
near misses, so a listed contradiction cannot hide a bug of apigen's."""

from __future__ import annotations

import copy
from typing import Any

from corpus_contradictions import FragmentTwins, SameVariants

REF = "#/components/schemas/"


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def routes() -> dict[str, Any]:
    """Stackit's shape: a route requires a nexthop, two of whose variants are one schema."""
    tag = {"type": "object", "required": ["type"], "properties": {"type": {"type": "string"}}}
    return {"paths": {
        "/routes/{id}": {"get": {"responses": {"200": _json({"$ref": REF + "Route"})}}},
        "/routes": {"post": {"requestBody": _json({"type": "array",
                                                   "items": {"$ref": REF + "Route"}}),
                             "responses": {"204": {"description": "done"}}}},
        "/other": {"get": {"responses": {"200": _json({"$ref": REF + "Loose"})}}}},
        "components": {"schemas": {
            "Internet": {**copy.deepcopy(tag), "description": "to the internet", "x-log": True},
            "Blackhole": {**copy.deepcopy(tag), "description": "nowhere"},
            "IPv4": {**tag, "required": ["type", "value"],
                     "properties": {"type": {"type": "string"}, "value": {"type": "string"}}},
            "Route": {"type": "object", "required": ["nexthop"], "properties": {"nexthop": {
                "oneOf": [{"$ref": REF + "IPv4"}, {"$ref": REF + "Internet"},
                          {"$ref": REF + "Blackhole"}]}}},
            "Loose": {"type": "object", "properties": {"route": {"$ref": REF + "Route"}}}}}}


NEXTHOP = "/components/schemas/Route/properties/nexthop"


def test_variants_that_are_one_schema_are_proven_for_the_operations_reaching_them() -> None:
    data = routes()
    assert SameVariants(NEXTHOP, (1, 2), ("GET /routes/{id}", "POST /routes")).prove(data) == []
    # Different variants, or an operation whose answer may leave the route out, are refused.
    assert SameVariants(NEXTHOP, (0, 1), ("GET /routes/{id}",)).prove(data)
    assert SameVariants(NEXTHOP, (1, 2), ("GET /other",)).prove(data)
    differing = copy.deepcopy(data)
    differing["components"]["schemas"]["Blackhole"]["properties"]["type"]["enum"] = ["bh"]
    assert SameVariants(NEXTHOP, (1, 2), ("GET /routes/{id}",)).prove(differing)


def items() -> dict[str, Any]:
    """Box's shape: one request, two answers whose `type` enums are disjoint."""
    def item(kind: str) -> dict[str, Any]:
        return {"allOf": [{"type": "object", "required": ["type"]},
                          {"properties": {"type": {"type": "string", "enum": [kind]}}}]}
    header = {"name": "boxapi", "in": "header", "required": True, "schema": {"type": "string"}}
    return {"paths": {
        "/shared": {"get": {"parameters": [header],
                            "responses": {"200": _json(item("file"))}}},
        "/shared#folders": {"get": {"parameters": [{**header, "name": "BoxAPI"}],
                                    "responses": {"200": _json(item("folder"))}}}}}


def test_twins_with_one_request_and_disjoint_answers_are_proven() -> None:
    twins = FragmentTwins("get", ("/shared", "/shared#folders"))
    assert twins.prove(items()) == []
    overlapping = items()
    overlapping["paths"]["/shared#folders"]["get"]["responses"]["200"] = \
        overlapping["paths"]["/shared"]["get"]["responses"]["200"]
    assert twins.prove(overlapping)
    told_apart = items()  # a required query key tells the twins apart
    told_apart["paths"]["/shared#folders"]["get"]["parameters"].append(
        {"name": "folder", "in": "query", "required": True, "schema": {"type": "string"}})
    assert twins.prove(told_apart)
