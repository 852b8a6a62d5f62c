"""generator.ir.pagination: which operations return pages, by detection of the common shapes,
by `x-apigen-pagination`, or by the `[tool.apigen]` table; settings that do not fit are located
warnings and leave the operation unpaginated."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.config import Target
from generator.diagnostics import Diagnostic, GenerationError
from generator.ir.api import Api
from generator.ir.build import build_api
from generator.ir.nodes import Operation
from generator.ir.pagination import Pagination, PaginationSettings
from generator.models.generate import generate_models
from generator.pipeline import generate_target
from generator.prepare.inline_schemas import hoist_inline_schemas
from generator.prepare.read_write import split_read_write
from generator.spec.load import load_spec

ITEM = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"},
                                                             "n": {"type": "integer"}}}


def query(name: str, kind: str = "string", **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": {"type": kind, **extra}}


def listing(fields: dict[str, Any], params: list[dict[str, Any]], *, method: str = "get",
            headers: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """A document with one operation `listThings` at `/things` answering an object with
    `fields` (an array of `Item` wherever a field is "items")."""
    properties = {name: ({"type": "array", "items": {"$ref": "#/components/schemas/Item"}}
                         if value == "items" else value) for name, value in fields.items()}
    response: dict[str, Any] = {"description": "A page.", "content": {"application/json": {
        "schema": {"type": "object", "properties": properties}}}}
    if headers:
        response["headers"] = headers
    return {
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "components": {"schemas": {"Item": ITEM}},
        "paths": {"/things": {method: {"operationId": "listThings", "parameters": params,
                                       "responses": {"200": response}, **extra}}},
    }


def build(tmp_path: Path, document: dict[str, Any], paging: PaginationSettings | None = None
          ) -> tuple[Api, list[Diagnostic]]:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    spec = load_spec(path)
    known = len(spec.findings)
    hoist_inline_schemas(spec.data)
    split_read_write(spec.data)
    models = generate_models(spec.data, display="spec.json")
    api = build_api(spec, models, package="t", spec_path="spec.json", apigen_version="0",
                    paging=paging)
    return api, spec.findings[known:]


def only(api: Api) -> Operation:
    (operation,) = api.operations
    return operation


def paging_of(tmp_path: Path, document: dict[str, Any],
              paging: PaginationSettings | None = None) -> Pagination | None:
    return only(build(tmp_path, document, paging)[0]).pagination


# -- detection ---------------------------------------------------------------------------------


STRIPE = listing({"data": "items", "has_more": {"type": "boolean"}, "url": {"type": "string"}},
                 [query("limit", "integer"), query("starting_after"), query("ending_before")])


def test_stripe_lists_are_cursor_pagination_on_the_last_items_id(tmp_path: Path) -> None:
    found = paging_of(tmp_path, STRIPE)
    assert found is not None
    assert (found.strategy, found.items, found.cursor_param, found.cursor_field,
            found.id_field, found.source) == ("cursor", "data", "starting_after", "has_more",
                                              "id", "detected")
    assert found.item_type.hint == "_models.Item"
    assert found.sync_hint == "_paging.SyncPage[_models.Item]"
    assert found.async_hint == "_paging.AsyncPage[_models.Item]"


@pytest.mark.parametrize(("field", "param", "kind"), [
    ("next_cursor", "cursor", "string"),
    ("next_page_token", "page_token", "string"),
    ("nextPageToken", "pageToken", "string"),
    ("next_page", "page", "string"),  # Stripe's search: a `page` token, not a number
])
def test_a_next_token_field_feeds_the_matching_parameter(
        tmp_path: Path, field: str, param: str, kind: str) -> None:
    document = listing({"results": "items", field: {"type": ["string", "null"]},
                        "has_more": {"type": "boolean"}}, [query(param, kind)])
    found = paging_of(tmp_path, document)
    assert found is not None
    assert (found.strategy, found.items, found.cursor_field, found.cursor_param) == (
        "next_cursor", "results", field, param)


def test_offset_and_limit_with_a_total(tmp_path: Path) -> None:
    document = listing({"items": "items", "total": {"type": "integer"}},
                       [query("offset", "integer"), query("limit", "integer")])
    found = paging_of(tmp_path, document)
    assert found is not None
    assert (found.strategy, found.cursor_param, found.limit_param, found.total_field) == (
        "offset", "offset", "limit", "total")


def test_page_number_starts_at_the_parameters_default(tmp_path: Path) -> None:
    document = listing({"data": "items", "total_pages": {"type": "integer"}},
                       [query("page", "integer", default=0), query("per_page", "integer")])
    found = paging_of(tmp_path, document)
    assert found is not None
    assert (found.strategy, found.cursor_param, found.limit_param, found.total_field,
            found.first_page) == ("page", "page", "per_page", "total_pages", 0)
    assert ("first_page", 0) in found.settings


def test_a_declared_link_header_is_link_pagination_even_over_a_bare_array(
        tmp_path: Path) -> None:
    document = listing({}, [query("page", "integer")],
                       headers={"link": {"schema": {"type": "string"}}})
    response = document["paths"]["/things"]["get"]["responses"]["200"]
    response["content"]["application/json"]["schema"] = {
        "type": "array", "items": {"$ref": "#/components/schemas/Item"}}
    found = paging_of(tmp_path, document)
    assert found is not None
    assert (found.strategy, found.items, found.cursor_param) == ("link", "", "")
    assert found.item_type.hint == "_models.Item"


@pytest.mark.parametrize("document", [
    pytest.param(listing({"data": "items", "has_more": {"type": "boolean"}},
                         [query("starting_after")], method="post"), id="not-a-get"),
    pytest.param(listing({"data": "items", "has_more": {"type": "boolean"}}, [query("limit")]),
                 id="no-cursor-parameter"),
    pytest.param(listing({"count": {"type": "integer"}, "has_more": {"type": "boolean"}},
                         [query("starting_after")]), id="no-items-array"),
    pytest.param(listing({"data": "items", "total": {"type": "integer"}},
                         [query("page")]), id="page-is-not-a-number"),
    pytest.param(listing({"data": "items"}, [query("limit", "integer")]),
                 id="a-limit-alone"),
])
def test_shapes_that_are_not_paginated(tmp_path: Path, document: dict[str, Any]) -> None:
    assert paging_of(tmp_path, document) is None


def test_cursor_pagination_needs_an_id_on_the_items(tmp_path: Path) -> None:
    document = json.loads(json.dumps(STRIPE))
    document["components"]["schemas"]["Item"] = {
        "type": "object", "properties": {"name": {"type": "string"}}}
    assert paging_of(tmp_path, document) is None


def test_detection_can_be_turned_off(tmp_path: Path) -> None:
    assert paging_of(tmp_path, STRIPE, PaginationSettings(detect=False)) is None


# -- x-apigen-pagination -----------------------------------------------------------------------


def test_the_extension_names_fields_detection_does_not_know(tmp_path: Path) -> None:
    document = listing({"entries": "items", "continuation": {"type": "string"}},
                       [query("after")], **{"x-apigen-pagination": {
                           "strategy": "next_cursor", "items": "entries",
                           "cursor_param": "after", "cursor_field": "continuation"}})
    found = paging_of(tmp_path, document)
    assert found is not None
    assert (found.strategy, found.items, found.cursor_param, found.cursor_field,
            found.source) == ("next_cursor", "entries", "after", "continuation", "extension")
    # and stays on with detection off: it is configured
    assert paging_of(tmp_path, document, PaginationSettings(detect=False)) == found


def test_the_extension_fills_what_it_leaves_out_from_the_operation(tmp_path: Path) -> None:
    document = listing({"data": "items", "has_more": {"type": "boolean"}},
                       [query("starting_after")], method="post",
                       **{"x-apigen-pagination": {"strategy": "cursor"}})
    found = paging_of(tmp_path, document)
    assert found is not None and found.source == "extension"
    assert (found.items, found.cursor_param, found.cursor_field, found.id_field) == (
        "data", "starting_after", "has_more", "id")


def test_false_leaves_a_detectable_operation_unpaginated(tmp_path: Path) -> None:
    document = json.loads(json.dumps(STRIPE))
    document["paths"]["/things"]["get"]["x-apigen-pagination"] = False
    api, findings = build(tmp_path, document)
    assert only(api).pagination is None and findings == []


POINTER = "/paths/~1things/get/x-apigen-pagination"


@pytest.mark.parametrize(("setting", "message"), [
    ("cursor", "must be a table of settings or false"),
    ({"strategy": "sideways"}, "strategy must be one of"),
    ({"strategy": "cursor", "pages": 3}, "unknown settings ['pages']"),
    ({"strategy": "cursor", "cursor_param": "after"}, "cursor_param 'after' is not a query"),
    ({"strategy": "cursor", "items": "url"}, "response field 'url' is not an array"),
    ({"strategy": "cursor", "cursor_field": "more"}, "cursor_field 'more' is not a field"),
    ({"strategy": "offset"}, "strategy 'offset' needs `cursor_param`"),
    ({"strategy": "page", "cursor_param": "starting_after", "first_page": "1"},
     "first_page must be an integer"),
    ({"strategy": "cursor", "items": 3}, "items must be a string"),
])
def test_a_malformed_extension_is_one_located_warning_and_no_pagination(
        tmp_path: Path, setting: Any, message: str) -> None:
    document = json.loads(json.dumps(STRIPE))
    document["paths"]["/things"]["get"]["x-apigen-pagination"] = setting
    api, findings = build(tmp_path, document)
    assert only(api).pagination is None
    assert [(d.pointer, d.level.value) for d in findings] == [(POINTER, "warning")]
    assert message in findings[0].message and "not paginated" in findings[0].message
    assert findings[0].file.endswith("spec.json") and findings[0].line is not None


def test_strict_refuses_a_malformed_extension(tmp_path: Path) -> None:
    document = json.loads(json.dumps(STRIPE))
    document["paths"]["/things"]["get"]["x-apigen-pagination"] = {"strategy": "sideways"}
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    target = Target(spec=path, package="t", output=tmp_path / "out", formatter="ruff")
    with pytest.raises(GenerationError) as raised:
        generate_target(target, root=tmp_path, strict=True)
    assert any(d.pointer == POINTER and d.level.value == "error"
               for d in raised.value.diagnostics)


# -- the [tool.apigen] table -------------------------------------------------------------------


WHERE = "pyproject.toml [tool.apigen] targets[0]"


def test_the_table_wins_over_the_extension_and_detection(tmp_path: Path) -> None:
    document = json.loads(json.dumps(STRIPE))
    document["paths"]["/things"]["get"]["x-apigen-pagination"] = False
    table = {"listThings": {"strategy": "next_cursor", "cursor_param": "starting_after",
                            "cursor_field": "url"}}
    found = paging_of(tmp_path, document, PaginationSettings(table=table, where=WHERE))
    assert found is not None
    assert (found.strategy, found.cursor_field, found.source) == ("next_cursor", "url", "config")
    off = PaginationSettings(table={"listThings": False}, where=WHERE)
    assert paging_of(tmp_path, STRIPE, off) is None


def test_a_malformed_table_entry_is_located_in_the_configuration(tmp_path: Path) -> None:
    table = {"listThings": {"strategy": "cursor", "cursor_param": "nope"},
             "listGhosts": {"strategy": "cursor"}}
    api, findings = build(tmp_path, STRIPE, PaginationSettings(table=table, where=WHERE))
    assert only(api).pagination is None
    assert [(d.file, d.pointer) for d in findings] == [
        (WHERE, "pagination.listThings"), (WHERE, "pagination.listGhosts")]
    assert "'nope' is not a query parameter" in findings[0].message
    assert "does not have" in findings[1].message
