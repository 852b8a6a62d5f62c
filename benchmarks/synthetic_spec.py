"""A deterministic synthetic OpenAPI 3.1 spec of N schemas, for the scaling curve.

    python benchmarks/synthetic_spec.py N [--output FILE]   (default: stdout)

Schemas are objects of 4 to 12 fields mixing strings (plain, date-time, email, bounded),
integers, numbers, booleans, nullable fields, arrays of scalars and of objects, `$ref`s to
earlier schemas, inline enums and every fifth schema a string enum of its own. About N/4
operations (list, create, read, update, delete of N/20 resources) use them, with path and
query parameters. The same N always gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

Schema = dict[str, Any]
NOUNS = (
    "account", "invoice", "payment", "customer", "order", "shipment", "product", "price",
    "refund", "dispute", "payout", "transfer", "balance", "coupon", "discount", "plan",
    "subscription", "webhook", "event", "file", "token", "session", "review", "tax_rate",
)
FIELDS = (
    "name", "status", "amount", "currency", "created", "updated", "metadata", "email", "phone",
    "description", "quantity", "ratio", "enabled", "tags", "owner", "parent", "items", "url",
    "reference", "country", "score", "kind", "note", "label",
)
OPS_PER_RESOURCE = 5


def schema_name(index: int) -> str:
    noun = NOUNS[index % len(NOUNS)]
    return "".join(part.title() for part in noun.split("_")) + f"{index:04d}"


def ref(index: int) -> Schema:
    return {"$ref": f"#/components/schemas/{schema_name(index)}"}


def is_enum(index: int) -> bool:
    return index % 5 == 4


def enum_schema(index: int, rng: random.Random) -> Schema:
    values = [f"{NOUNS[(index + k) % len(NOUNS)]}_{k}" for k in range(rng.randint(3, 6))]
    return {"type": "string", "enum": values, "description": f"Kind of {schema_name(index)}."}


def scalar_field(rng: random.Random) -> Schema:
    choices: list[Schema] = [
        {"type": "string"},
        {"type": "string", "format": "date-time"},
        {"type": "string", "format": "email"},
        {"type": "string", "minLength": 1, "maxLength": 64},
        {"type": "integer", "minimum": 0},
        {"type": "integer", "format": "int64"},
        {"type": "number"},
        {"type": "boolean"},
        {"type": "string", "enum": ["low", "medium", "high"]},
        {"type": "array", "items": {"type": "string"}},
        {"type": "object", "additionalProperties": {"type": "string"}},
    ]
    return dict(rng.choice(choices))


def field_schema(index: int, rng: random.Random) -> Schema:
    """A scalar, or (when earlier schemas exist) a ref, an array of refs or a nullable ref."""
    roll = rng.random()
    if index == 0 or roll < 0.6:
        field = scalar_field(rng)
        if rng.random() < 0.2 and "type" in field and field["type"] != "array":
            field["type"] = [field["type"], "null"]
        return field
    target = rng.randrange(index)
    if roll < 0.75:
        return ref(target)
    if roll < 0.9:
        return {"type": "array", "items": ref(target)}
    return {"anyOf": [ref(target), {"type": "null"}]}


def object_schema(index: int, rng: random.Random) -> Schema:
    names = rng.sample(FIELDS, rng.randint(4, 12))
    properties: Schema = {"id": {"type": "string", "description": "Unique identifier."}}
    for name in names:
        properties[name] = field_schema(index, rng)
    required = ["id", *sorted(rng.sample(names, len(names) // 3))]
    return {
        "type": "object",
        "description": f"Synthetic {NOUNS[index % len(NOUNS)].replace('_', ' ')} #{index}.",
        "properties": properties,
        "required": required,
    }


def schemas(count: int, rng: random.Random) -> dict[str, Schema]:
    result = {
        schema_name(i): enum_schema(i, rng) if is_enum(i) else object_schema(i, rng)
        for i in range(count)
    }
    result["Error"] = {
        "type": "object",
        "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
        "required": ["code", "message"],
    }
    return result


def json_body(schema: Schema) -> Schema:
    return {"content": {"application/json": {"schema": schema}}}


def response(description: str, schema: Schema | None = None) -> Schema:
    return {"description": description, **(json_body(schema) if schema else {})}


def collection_path(index: int) -> Schema:
    name = schema_name(index)
    list_schema = {
        "type": "object",
        "properties": {
            "data": {"type": "array", "items": ref(index)},
            "has_more": {"type": "boolean"},
            "next_cursor": {"type": ["string", "null"]},
        },
        "required": ["data", "has_more"],
    }
    errors = {"default": response("Error.", {"$ref": "#/components/schemas/Error"})}
    return {
        "get": {
            "operationId": f"list{name}",
            "tags": [name],
            "parameters": [
                {"name": "limit", "in": "query",
                 "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                {"name": "cursor", "in": "query", "schema": {"type": "string"}},
            ],
            "responses": {"200": response("A page.", list_schema), **errors},
        },
        "post": {
            "operationId": f"create{name}",
            "tags": [name],
            "requestBody": {"required": True, **json_body(ref(index))},
            "responses": {"201": response("Created.", ref(index)), **errors},
        },
    }


def item_path(index: int) -> Schema:
    name = schema_name(index)
    param = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    errors = {"default": response("Error.", {"$ref": "#/components/schemas/Error"})}
    return {
        "parameters": [param],
        "get": {"operationId": f"get{name}", "tags": [name],
                "parameters": [{"name": "expand", "in": "query",
                                "schema": {"type": "array", "items": {"type": "string"}}}],
                "responses": {"200": response("Found.", ref(index)), **errors}},
        "put": {"operationId": f"update{name}", "tags": [name],
                "requestBody": {"required": True, **json_body(ref(index))},
                "responses": {"200": response("Updated.", ref(index)), **errors}},
        "delete": {"operationId": f"delete{name}", "tags": [name],
                   "responses": {"204": response("Deleted."), **errors}},
    }


def paths(count: int) -> dict[str, Schema]:
    """N/4 operations: one resource (5 operations) per 20 schemas, spread over the objects."""
    objects = [i for i in range(count) if not is_enum(i)]
    wanted = max(1, round(count / (4 * OPS_PER_RESOURCE)))
    result: dict[str, Schema] = {}
    for index in (objects[k * len(objects) // wanted] for k in range(wanted)):
        base = f"/v1/{NOUNS[index % len(NOUNS)]}s{index:04d}"
        result[base] = collection_path(index)
        result[base + "/{id}"] = item_path(index)
    return result


def synthetic_spec(count: int) -> dict[str, Any]:
    rng = random.Random(count)
    return {
        "openapi": "3.1.0",
        "info": {"title": f"Synthetic {count}", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths(count),
        "components": {"schemas": schemas(count, rng)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, metavar="N", help="number of schemas (>= 1)")
    parser.add_argument("--output", type=Path, help="file to write (default: stdout)")
    args = parser.parse_args()
    if args.count < 1:
        parser.error("N must be at least 1")
    text = json.dumps(synthetic_spec(args.count), indent=2) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
