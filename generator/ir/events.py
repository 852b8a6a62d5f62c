"""Which operations stream server-sent events, and how (`parts.EventStream`).

An operation streams when a success response declares `text/event-stream`:

- alone: the operation always streams, its events typed by the media type's `itemSchema`
  (OpenAPI 3.2), else its `schema` when that describes structured data, else raw;
- beside a JSON media type (OpenAI's `createChatCompletion`): the body's boolean `stream`
  property turns streaming on, and the JSON type stays the non-streaming answer.

The `x-apigen-stream` extension on the operation says it outright (or refines the above):
`{param: stream, event: <schema>, done: "[DONE]"}`; every key is optional. `param` names the
body property that switches streaming on, `event` the schema of one event's data, `done` the
data (a string or a list) that ends the stream (default `[DONE]`; `[]` for none).

A media type's schema may describe the event itself rather than its data: `{data: <Chunk>}`,
or a `oneOf` of such envelopes, one holding `{data: {enum: ["[DONE]"]}}`
(`prepare.event_envelopes`). The events are then typed by what `data` carries (JSON, or the
text itself for a string `data`), its fixed strings end the stream, and the fields the envelope
requires or fixes (`event`, `id`, `retry`) go with each event the server sends; the server
ends the stream with the first of those strings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ..prepare.event_envelopes import envelope_of
from ..spec.operations import OperationView
from ..spec.views import MediaTypeView
from .features import EventStream
from .media import essence, is_json_media
from .parts import RequestBody, Response, TypeRef

EXTENSION = "x-apigen-stream"
EVENT_STREAM = ("text", "event-stream")
DEFAULT_DONE = ("[DONE]",)
RAW_EVENT = "_streaming.ServerSentEvent"


@dataclass(frozen=True)
class Streaming:
    """What `event_stream` decided: the stream, and the responses as the operation keeps them."""

    events: EventStream | None
    responses: list[Response]


def _event_media(operation: OperationView) -> tuple[str, MediaTypeView] | None:
    """(status, media type view) of the first success response offering `text/event-stream`."""
    for status, response in operation.responses.items():
        if str(status)[:1] != "2":
            continue
        for media_type, media in response.content.items():
            if essence(media_type) == EVENT_STREAM:
                return str(status), media
    return None


def _done(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    return DEFAULT_DONE


def event_stream(
    operation: OperationView,
    responses: list[Response],
    body: RequestBody | None,
    *,
    deref: Callable[[Any], Any],
    schema_type: Callable[[Any], TypeRef],
    sample: Callable[[Any], tuple[Any, bool]],
    warn: Callable[[str, str], None],
) -> Streaming:
    """The operation's event stream, if any, and its responses with an always-streaming
    success response read as `sse` (typed by the event)."""
    pointer = operation.pointer
    found = _event_media(operation)
    extension = operation.extensions.get(EXTENSION)
    if extension is not None and not isinstance(extension, dict):
        warn(f"`{EXTENSION}` must be an object ({{param, event, done}}); ignored",
             f"{pointer}/{EXTENSION}")
        extension = None
    if found is None and extension is None:
        return Streaming(None, responses)
    options: dict[str, Any] = extension or {}
    status, media = found if found is not None else ("", None)
    media_type = media.media_type if media is not None else ""
    schema = options.get("event")
    if schema is None and media is not None:
        schema = media.item_schema
    if schema is None and media is not None:
        candidate = deref(media.schema)
        if isinstance(candidate, dict) and candidate and not (
                candidate.get("type") == "string" and "enum" not in candidate):
            schema = media.schema
    envelope = envelope_of(schema, deref) if schema is not None and "event" not in options \
        else None
    sampled = schema
    if envelope is not None:
        schema, sampled = envelope.schema, envelope.payloads[0].schema
    event_type = schema_type(schema) if schema is not None else None
    event_sample, has_sample = sample(sampled) if sampled is not None else (None, False)
    done = _done(options["done"]) if "done" in options else DEFAULT_DONE
    end = done[0] if options.get("done") else ""
    if envelope is not None and envelope.sentinels and "done" not in options:
        # The sentinels the schema fixes end the stream, and the server sends the first last.
        done = tuple(dict.fromkeys(done + envelope.sentinels))
        end = envelope.sentinels[0]
    json_beside = status != "" and any(
        is_json_media(other, has_schema=True)
        for other in operation.responses[status].content
        if other != media_type)
    field = _switch(body, options.get("param"), warn, pointer) \
        if json_beside or "param" in options else None
    events = EventStream(
        type=event_type,
        done=done,
        end=end,
        param=field.name if field is not None else "",
        attribute=field.attribute if field is not None else "",
        wire_name=field.wire_name if field is not None else "",
        hint=event_type.hint if event_type is not None else RAW_EVENT,
        sample=event_sample,
        has_sample=has_sample,
        text=envelope is not None and envelope.text,
        fields=_fields(envelope.first, deref, sample) if envelope is not None else (),
    )
    if field is not None:
        # The server answers a handler's events, as its plain values, with the first success.
        first = next((r for r in responses if r.is_success), None)
        return Streaming(events, [replace(r, carries_events=True) if r is first else r
                                  for r in responses])
    if json_beside and (extension is None or "param" in options):
        # JSON or events, and nothing (usable) chooses: JSON. The extension without `param`
        # says the operation always streams.
        return Streaming(None, responses)
    if not status:
        warn(f"`{EXTENSION}` on an operation with no `text/event-stream` response; ignored",
             f"{pointer}/{EXTENSION}")
        return Streaming(None, responses)
    kept = [replace(r, body_kind="sse", type=event_type, content_type="text/event-stream",
                    declared_content_type=media_type, sample=None, has_sample=False,
                    carries_events=True)
            if r.status == status else r for r in responses]
    return Streaming(events, kept)


def _fields(envelope: dict[str, Any], deref: Callable[[Any], Any],
            sample: Callable[[Any], tuple[Any, bool]]) -> tuple[tuple[str, str | int], ...]:
    """The event fields besides `data` the server sends with each event: those the envelope
    requires or fixes (`const`, `enum`), as its sample has them."""
    required = envelope.get("required") or []
    fields: list[tuple[str, str | int]] = []
    for name in ("event", "id", "retry"):
        schema = envelope["properties"].get(name)
        target = deref(schema)
        if schema is None or not (name in required or (isinstance(target, dict) and (
                "const" in target or "enum" in target))):
            continue
        value, ok = sample(schema)
        if name == "retry" and ok and isinstance(value, int) and not isinstance(value, bool):
            fields.append((name, value))
        elif name != "retry" and ok and isinstance(value, (str, int)):
            fields.append((name, str(value)))
    return tuple(fields)


def _switch(body: RequestBody | None, named: Any, warn: Callable[[str, str], None],
            pointer: str) -> Any:
    """The body field that turns streaming on: `named` (a wire name), else `stream`, when
    the body offers it as a boolean."""
    wanted = named if isinstance(named, str) and named else "stream"
    fields = body.fields if body is not None else ()
    for field in fields:
        if field.wire_name == wanted:
            if "bool" in field.type.hint:
                return field
            break
    if named is not None:
        warn(f"`{EXTENSION}` names the body property {wanted!r}, which the request body does "
             "not offer as a boolean: no `stream=` switch (a JSON answer beside the events "
             "stays the answer)",
             f"{pointer}/{EXTENSION}")
    return None
