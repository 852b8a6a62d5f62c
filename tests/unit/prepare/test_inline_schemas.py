"""Hoisting inline schemas: form and multipart bodies one level deep, webhooks and callbacks."""

from __future__ import annotations

import copy
from typing import Any

from generator.prepare.inline_schemas import hoist_inline_schemas


def _spec(media_type: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {"/charges": {"post": {
            "operationId": "createCharge",
            "requestBody": {"content": {media_type: {"schema": schema}}},
            "responses": {"204": {"description": "done"}},
        }}},
        "components": {"schemas": {"Address": {"type": "object",
                                               "properties": {"city": {"type": "string"}}}}},
    }


BODY = {
    "type": "object",
    "required": ["amount"],
    "properties": {
        "amount": {"type": "integer", "minimum": 1},
        "capture": {"type": "string", "enum": ["automatic", "manual"]},
        "expand": {"type": "array", "items": {"type": "string"}},
        "unset_or_id": {"anyOf": [{"type": "string"}, {"type": "string", "enum": [""]}]},
        "address": {"$ref": "#/components/schemas/Address"},
        "shipping": {"type": "object", "description": "Where it goes.",
                     "properties": {"name": {"type": "string"}}},
        "card_or_blank": {"anyOf": [{"type": "object", "properties": {"n": {"type": "string"}}},
                                    {"type": "string", "enum": [""]}]},
        "lines": {"type": "array", "items": {"type": "object",
                                             "properties": {"q": {"type": "integer"}}}},
    },
}


def _hoisted(media_type: str) -> dict[str, Any]:
    data = _spec(media_type, copy.deepcopy(BODY))
    hoist_inline_schemas(data)
    return data["components"]["schemas"]["CreateChargeRequest"]["properties"]


def test_form_fields_keep_scalars_enums_arrays_and_refs_but_not_nested_inline_objects() -> None:
    for media_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        properties = _hoisted(media_type)
        for kept in ("amount", "capture", "expand", "unset_or_id", "address"):
            assert properties[kept] == BODY["properties"][kept], (media_type, kept)
        # Inline objects become free-form ones; the arrays and unions around them stay, since
        # the field's shape says how it travels (an array of objects in `deepObject` style).
        assert properties["shipping"] == {"description": "Where it goes.", "type": "object"}
        assert properties["card_or_blank"] == {"anyOf": [
            {"type": "object"}, {"type": "string", "enum": [""]}]}
        assert properties["lines"] == {"type": "array", "items": {"type": "object"}}


def test_a_free_form_object_keeps_a_map_of_values_but_not_closed_properties() -> None:
    body = {"type": "object", "properties": {
        "metadata": {"type": "object", "additionalProperties": {"type": "string"},
                     "properties": {"a": {"type": "string"}}},
        "closed": {"type": ["object", "null"], "additionalProperties": False,
                   "properties": {"a": {"type": "string"}}},
        "nested": {"type": "object", "additionalProperties": {
            "type": "object", "properties": {"x": {"type": "integer"}}}},
        "choice": {"oneOf": [{"type": "object", "properties": {"k": {"const": "a"}}},
                             {"type": "object", "properties": {"k": {"const": "b"}}}],
                   "discriminator": {"propertyName": "k"}},
    }}
    data = _spec("application/x-www-form-urlencoded", body)
    hoist_inline_schemas(data)
    properties = data["components"]["schemas"]["CreateChargeRequest"]["properties"]
    assert properties == {
        "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
        "closed": {"type": ["object", "null"]},
        "nested": {"type": "object", "additionalProperties": {"type": "object"}},
        "choice": {"oneOf": [{"type": "object"}, {"type": "object"}]},
    }


def test_json_bodies_are_modelled_all_the_way_down() -> None:
    assert _hoisted("application/json") == BODY["properties"]


def test_inline_webhook_and_callback_payloads_become_components() -> None:
    payload = {"type": "object", "properties": {"sku": {"type": "string"}}}
    event = {"post": {"requestBody": {"content": {"application/json": {"schema": payload}}},
                      "responses": {"200": {"description": "ok", "content": {
                          "application/json": {"schema": {"type": "object", "properties": {
                              "seen": {"type": "boolean"}}}}}}}}}
    data = _spec("application/json", {"type": "object", "properties": {"a": {"type": "string"}}})
    data["webhooks"] = {"stockLow": copy.deepcopy(event)}
    data["paths"]["/charges"]["post"]["callbacks"] = {
        "done": {"{$request.body#/url}": copy.deepcopy(event)}}
    before = copy.deepcopy(data)
    hoist_inline_schemas(data)
    schemas = data["components"]["schemas"]
    # Operations are named first, so adding a webhook never renames an operation's class.
    assert list(schemas) == ["Address", "CreateChargeRequest", "StockLowWebhookPostRequest",
                             "StockLowWebhookPostResponse", "CreateChargeDoneCallbackPostRequest",
                             "CreateChargeDoneCallbackPostResponse"]
    assert schemas["StockLowWebhookPostRequest"] == payload
    webhook = data["webhooks"]["stockLow"]["post"]
    assert webhook["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/StockLowWebhookPostRequest"}
    without = copy.deepcopy(before)
    del without["webhooks"], without["paths"]["/charges"]["post"]["callbacks"]
    hoist_inline_schemas(without)
    assert list(without["components"]["schemas"]) == list(schemas)[:2]


def test_a_malformed_media_type_is_passed_over_for_the_next_json_one() -> None:
    """A media type object that is no mapping reads as absent: the next JSON one is hoisted."""
    data = _spec("application/json", {"type": "object", "properties": {"a": {"type": "string"}}})
    operation = data["paths"]["/charges"]["post"]
    operation["requestBody"]["content"] = {
        "application/json": "junk",
        "application/merge-patch+json": {"schema": {"type": "object", "properties": {
            "b": {"type": "string"}}}}}
    hoist_inline_schemas(data)
    assert operation["requestBody"]["content"]["application/merge-patch+json"]["schema"] == {
        "$ref": "#/components/schemas/CreateChargeRequest"}
    assert operation["requestBody"]["content"]["application/json"] == "junk"
