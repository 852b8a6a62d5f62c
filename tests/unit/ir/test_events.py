"""generator.ir.events: which operations stream server-sent events, typed by what, and switched
on by which body field; the client signatures and server handler hints that follow."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.ir.api import Api
from generator.ir.build import build_api
from generator.ir.nodes import Operation
from generator.models.generate import generate_models
from generator.prepare.inline_schemas import hoist_inline_schemas
from generator.prepare.read_write import split_read_write
from generator.spec.load import load_spec

EVENT = {"$ref": "#/components/schemas/Event"}
JSON_AND_EVENTS = {"200": {"description": "ok", "content": {
    "application/json": {"schema": {"$ref": "#/components/schemas/Answer"}},
    "text/event-stream": {"schema": EVENT}}}}
REQUEST = {"required": True, "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/Ask"}}}}


def build(tmp_path: Path, paths: dict[str, Any]) -> Api:
    return build_with_findings(tmp_path, paths)[0]


def build_with_findings(tmp_path: Path, paths: dict[str, Any]) -> tuple[Api, list[Any]]:
    document = {
        "openapi": "3.1.0", "info": {"title": "Events", "version": "1"}, "paths": paths,
        "components": {"schemas": {
            "Event": {"type": "object", "required": ["n"],
                      "properties": {"n": {"type": "integer"}}},
            "Answer": {"type": "object", "properties": {"text": {"type": "string"}}},
            "Ask": {"type": "object", "required": ["q"], "properties": {
                "q": {"type": "string"}, "stream": {"type": "boolean"},
                "live": {"type": "boolean"}, "mode": {"type": "string"}}},
        }},
    }
    path = tmp_path / "events.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    spec = load_spec(path)
    hoist_inline_schemas(spec.data)
    split_read_write(spec.data)
    models = generate_models(spec.data, display="events.json")
    api = build_api(spec, models, package="events", spec_path="events.json", apigen_version="0")
    return api, list(spec.findings)


def only(api: Api) -> Operation:
    (operation,) = api.operations
    return operation


def test_event_stream_alone_always_streams_typed_by_its_schema(tmp_path: Path) -> None:
    op = only(build(tmp_path, {"/e": {"get": {"responses": {"200": {
        "description": "ok", "content": {"text/event-stream": {"schema": EVENT}}}}}}}))
    assert op.events is not None
    assert (op.events.param, op.events.hint, op.events.done) == ("", "_models.Event", ("[DONE]",))
    assert op.events.has_sample and op.events.sample == {"n": 0}
    assert op.responses[0].body_kind == "sse"
    assert op.return_type.hint == "_models.Event"
    assert [s.stream for s in op.client_signatures] == [""]


def test_item_schema_wins_and_a_string_schema_is_raw(tmp_path: Path) -> None:
    op = only(build(tmp_path, {"/e": {"get": {"responses": {"200": {
        "description": "ok", "content": {"text/event-stream": {
            "schema": {"type": "string"}, "itemSchema": EVENT}}}}}}}))
    assert op.events is not None and op.events.hint == "_models.Event"
    raw = only(build(tmp_path, {"/e": {"get": {"responses": {"200": {
        "description": "ok", "content": {"text/event-stream": {"schema": {"type": "string"}}}}}}}}))
    assert raw.events is not None and raw.events.type is None
    assert raw.events.hint == "_streaming.ServerSentEvent"


def test_json_beside_events_with_a_stream_flag_gets_overloads(tmp_path: Path) -> None:
    api = build(tmp_path, {"/ask": {"post": {"requestBody": REQUEST,
                                             "responses": JSON_AND_EVENTS}}})
    op = only(api)
    assert op.events is not None and op.events.param == "stream"
    assert op.responses[0].body_kind == "json", "JSON stays the non-streaming answer"
    assert [s.stream for s in op.client_signatures] == ["off", "on", "either", "either"]
    served = api.server.operations[0]
    assert served.handler_return == "_models.Answer | Events[_models.Event]"


def test_json_beside_events_without_a_switch_stays_json(tmp_path: Path) -> None:
    op = only(build(tmp_path, {"/ask": {"get": {"responses": JSON_AND_EVENTS}}}))
    assert op.events is None
    assert op.responses[0].body_kind == "json"


def test_extension_names_the_switch_and_the_sentinel(tmp_path: Path) -> None:
    op = only(build(tmp_path, {"/ask": {"post": {
        "requestBody": REQUEST, "responses": JSON_AND_EVENTS,
        "x-apigen-stream": {"param": "live", "done": ["END", "STOP"]}}}}))
    assert op.events is not None
    assert (op.events.param, op.events.done, op.events.end) == ("live", ("END", "STOP"), "END")


def test_extension_naming_no_boolean_field_warns(tmp_path: Path) -> None:
    api, findings = build_with_findings(tmp_path, {"/ask": {"post": {
        "requestBody": REQUEST, "responses": JSON_AND_EVENTS,
        "x-apigen-stream": {"param": "mode"}}}})
    assert only(api).events is None, "no usable switch: the JSON answer stays"
    located = [f for f in findings if "x-apigen-stream" in f.message]
    assert located and located[0].pointer.endswith("/x-apigen-stream")


def test_the_response_carrying_the_events_is_decided_in_the_ir(tmp_path: Path) -> None:
    always = only(build(tmp_path, {"/e": {"get": {"responses": {
        "200": {"description": "ok", "content": {"text/event-stream": {"schema": EVENT}}},
        "201": {"description": "made", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Answer"}}}}}}}}))
    assert [r.carries_events for r in always.responses] == [True, False]
    assert always.events is not None and always.events.switched_hint == ""
    switched = only(build(tmp_path, {"/ask": {"post": {"requestBody": REQUEST, "responses": {
        "200": {"description": "ok", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Answer"}}}},
        "201": JSON_AND_EVENTS["200"]}}}}))
    assert [(r.status, r.carries_events) for r in switched.responses] == [
        ("200", True), ("201", False)], "the status the server answers a handler's events with"
    assert switched.events is not None and switched.events.switched_hint == "_models.Event"


def test_a_stream_switched_on_by_the_extension_alone_rides_the_first_success(
        tmp_path: Path) -> None:
    op = only(build(tmp_path, {"/ask": {"post": {
        "requestBody": REQUEST, "x-apigen-stream": {"param": "live"},
        "responses": {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Answer"}}}}}}}}))
    assert op.events is not None and op.events.switched_hint == "object"
    assert [r.carries_events for r in op.responses] == [True]


def test_what_the_mock_streams_is_decided_in_the_ir(tmp_path: Path) -> None:
    typed = build(tmp_path, {"/e": {"get": {"responses": {"200": {
        "description": "ok", "content": {"text/event-stream": {"schema": EVENT}}}}}}})
    stream = typed.server.operations[0].mock_stream
    assert stream is not None
    assert (stream.sample, stream.numbered, stream.always) == ({"n": 0}, False, True)
    raw = build(tmp_path, {"/e": {"get": {"responses": {"200": {
        "description": "ok", "content": {"text/event-stream": {}}}}}}})
    stream = raw.server.operations[0].mock_stream
    assert stream is not None and (stream.sample, stream.numbered) == ("event", True)
    switched = build(tmp_path, {"/ask": {"post": {"requestBody": REQUEST,
                                                  "responses": JSON_AND_EVENTS}}})
    stream = switched.server.operations[0].mock_stream
    assert stream is not None and not stream.always
    assert (stream.switch, stream.wire_name) == ("body", "stream")
    plain = build(tmp_path, {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}})
    assert plain.server.operations[0].mock_stream is None


def _envelope(data: Any, **fields: Any) -> dict[str, Any]:
    required = fields.pop("required", ["data"])
    return {"type": "object", "required": required, "properties": {"data": data, **fields}}


def _streams(schema: Any) -> dict[str, Any]:
    return {"/e": {"get": {"responses": {"200": {
        "description": "ok", "content": {"text/event-stream": {"schema": schema}}}}}}}


def test_an_event_schema_written_as_the_event_is_typed_by_its_data(tmp_path: Path) -> None:
    done = _envelope({"type": "string", "enum": ["[END]"]})
    op = only(build(tmp_path, _streams({"oneOf": [_envelope(EVENT), done]})))
    assert op.events is not None
    assert (op.events.hint, op.events.done, op.events.text) == (
        "_models.Event", ("[DONE]", "[END]"), False)
    assert op.events.end == "[END]", "the server ends the stream with the schema's sentinel"
    assert op.events.has_sample and op.events.sample == {"n": 0}
    assert op.return_type.hint == "_models.Event"
    served = build(tmp_path, _streams({"oneOf": [_envelope(EVENT), done]})).server
    assert served.operations[0].handler_return == "Events[_models.Event]"


def test_string_data_is_the_text_and_declared_fields_are_sent(tmp_path: Path) -> None:
    op = only(build(tmp_path, _streams(_envelope(
        {"type": "string"}, event={"type": "string", "enum": ["tick", "tock"]},
        id={"type": "string"}, retry={"type": "integer", "minimum": 5},
        required=["data", "retry"]))))
    assert op.events is not None
    assert (op.events.hint, op.events.text) == ("str", True)
    assert op.events.fields == (("event", "tick"), ("retry", 5)), \
        "fixed or required fields are sent; an optional free id is not"


def test_the_extension_event_schema_is_taken_as_the_data(tmp_path: Path) -> None:
    paths = _streams(_envelope(EVENT))
    paths["/e"]["get"]["x-apigen-stream"] = {"event": _envelope(EVENT)}
    op = only(build(tmp_path, paths))
    assert op.events is not None and op.events.hint != "_models.Event"
