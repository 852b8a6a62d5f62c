"""Event schemas written as the server-sent event itself (an envelope), not as its payload.

Many documents type a `text/event-stream` media type with the event's fields:
`{type: object, required: [data], properties: {data: <Chunk>}}`, often in a `oneOf` beside
`{properties: {data: {enum: ["[DONE]"]}}}`. On the wire `data` is text: the JSON of the chunk,
or the sentinel. `envelope_of` reads such a schema as what the client yields and the server
sends (the payload `data` carries, the sentinels that end the stream, the event fields each
event declares); `served_events` says the same in the document the generated server serves,
where `data` becomes a string whose content is JSON (`contentMediaType`, `contentSchema`), so
a validator of the parsed events (schemathesis) reads the events the server sends.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..spec.operations import operations
from ..spec.views import MediaTypeView
from ..spec.walk import deref, schema_types

SSE_FIELDS = frozenset({"data", "event", "id", "retry"})
"""The fields of a server-sent event (WHATWG HTML, "Server-sent events")."""
JSON_TEXT = "application/json"
_UNIONS = ("oneOf", "anyOf")

Deref = Callable[[Any], Any]


@dataclass(frozen=True)
class Payload:
    """What one envelope's `data` carries."""

    schema: Any
    """The schema of the value: the `data` schema, or its `contentSchema` (`{}`: any JSON)."""
    text: bool
    """True when the value is the data text itself (a string schema with no JSON content)."""


@dataclass(frozen=True)
class Envelope:
    """An event schema read as envelope(s) of a payload."""

    payloads: tuple[Payload, ...]
    """The payloads of the envelopes (and `data` unions) that are not sentinels, in order."""
    sentinels: tuple[str, ...]
    """Data strings a member fixes with `const`/`enum` beside a payload: they end the stream."""
    first: dict[str, Any]
    """The first envelope whose `data` carries a payload: its other fields are sent."""

    @property
    def text(self) -> bool:
        """True when every payload is the data text itself."""
        return all(p.text for p in self.payloads)

    @property
    def schema(self) -> Any:
        """One schema for the payloads (a `oneOf` when there are several)."""
        schemas = [p.schema for p in self.payloads]
        return schemas[0] if len(schemas) == 1 else {"oneOf": schemas}


def _type(schema: dict[str, Any]) -> Any:
    """The first of the schema's types (None: untyped)."""
    return next(iter(schema_types(schema)), None)


def is_envelope(schema: Any) -> bool:
    """True for an object whose properties are SSE fields, `data` among them, requiring
    nothing else."""
    if not isinstance(schema, dict) or any(k in schema for k in (*_UNIONS, "allOf", "$ref")):
        return False
    properties = schema.get("properties")
    required = schema.get("required", [])
    return (_type(schema) in (None, "object") and isinstance(properties, dict)
            and "data" in properties and set(properties) <= SSE_FIELDS
            and isinstance(required, list) and set(map(str, required)) <= SSE_FIELDS)


def sentinel_values(schema: Any) -> tuple[str, ...]:
    """The strings a `const`/`enum` of strings fixes (`"[DONE]"`); empty for anything else."""
    if not isinstance(schema, dict) or _type(schema) not in (None, "string"):
        return ()
    values = [schema["const"]] if "const" in schema else schema.get("enum")
    if isinstance(values, list) and values and all(isinstance(v, str) for v in values):
        return tuple(values)
    return ()


def payload(schema: Any, deref: Deref) -> Payload:
    """What a `data` schema carries: a string's JSON content, the text itself, else JSON."""
    target = deref(schema)
    if isinstance(target, dict) and schema_types(target) == ["string"]:
        if "contentSchema" in target:
            return Payload(target["contentSchema"], text=False)
        media = target.get("contentMediaType")
        if isinstance(media, str) and "json" in media.lower():
            return Payload({}, text=False)
        return Payload(schema, text=True)
    return Payload(schema, text=False)


def members(schema: Any, deref: Deref) -> list[Any] | None:
    """The envelopes `schema` is (as written: `$ref`s kept): itself, or its union's members."""
    target = deref(schema)
    if is_envelope(target):
        return [schema]
    for key in _UNIONS:
        variants = target.get(key) if isinstance(target, dict) else None
        if isinstance(variants, list) and variants and all(
                is_envelope(deref(v)) for v in variants):
            return list(variants)
    return None


def _data_parts(data: Any, deref: Deref) -> tuple[list[Any], list[str]]:
    """(payload schemas, sentinels) of one envelope's `data`: a union's `const` strings are
    sentinels when a payload stands beside them."""
    target = deref(data)
    for key in _UNIONS:
        variants = target.get(key) if isinstance(target, dict) else None
        if isinstance(variants, list) and variants:
            fixed = [sentinel_values(deref(v)) for v in variants]
            if any(fixed) and not all(fixed):
                return ([v for v, f in zip(variants, fixed, strict=True) if not f],
                        [s for f in fixed for s in f])
    return [data], []


def envelope_of(schema: Any, deref: Deref) -> Envelope | None:
    """`schema` read as envelope(s), None when it is not one (or carries only sentinels)."""
    found = members(schema, deref)
    if found is None:
        return None
    payloads: list[Payload] = []
    sentinels: list[str] = []
    first: dict[str, Any] | None = None
    for member in found:
        envelope = deref(member)
        data = envelope["properties"]["data"]
        fixed = sentinel_values(deref(data))
        if fixed and len(found) > 1:
            sentinels += fixed
            continue
        schemas, more = _data_parts(data, deref)
        sentinels += more
        payloads += [payload(s, deref) for s in schemas]
        first = envelope if first is None else first
    if first is None:
        return None
    return Envelope(tuple(payloads), tuple(dict.fromkeys(sentinels)), first)


def _json_text(schema: Any) -> dict[str, Any]:
    return {"type": "string", "contentMediaType": JSON_TEXT, "contentSchema": schema}


def _is_text(schema: Any) -> bool:
    """True for a schema the wire already carries as it says: a string (or its sentinels)."""
    return bool(sentinel_values(schema)) or (
        isinstance(schema, dict) and schema_types(schema) == ["string"])


def _served_data(data: Any, deref: Deref) -> Any:
    """`data` as the wire has it: JSON payloads as strings holding JSON."""
    target = deref(data)
    for key in _UNIONS:
        variants = target.get(key) if isinstance(target, dict) else None
        if isinstance(variants, list) and variants:
            fixed = [sentinel_values(deref(v)) for v in variants]
            if any(fixed) and not all(fixed):
                served = [v if _is_text(deref(v)) else _json_text(v) for v in variants]
                if all(s is v for s, v in zip(served, variants, strict=True)):
                    return data
                return {**{k: v for k, v in target.items() if k not in _UNIONS}, key: served}
    return data if _is_text(target) else _json_text(data)


def _served_member(member: Any, deref: Deref) -> Any:
    envelope = deref(member)
    properties = envelope["properties"]
    served = _served_data(properties["data"], deref)
    if served is properties["data"]:
        return member
    return {**envelope, "properties": {**properties, "data": served}}


def served_schema(schema: Any, deref: Deref) -> Any:
    """`schema` with each envelope's JSON `data` written as a string holding JSON (copies: a
    component another operation uses is left as it is); `schema` itself when nothing changes."""
    found = members(schema, deref)
    if found is None or envelope_of(schema, deref) is None:
        return schema
    served = [_served_member(m, deref) for m in found]
    if all(s is m for s, m in zip(served, found, strict=True)):
        return schema
    target = deref(schema)
    if is_envelope(target):
        return served[0]
    key = next(k for k in _UNIONS if isinstance(target.get(k), list))
    return {**target, key: served}


def _event_schemas(document: dict[str, Any]) -> Iterator[tuple[MediaTypeView, bool]]:
    """(media type, whether the schema is its `itemSchema`) for each event schema of a
    `text/event-stream` response."""
    for operation in operations(document):
        for response in operation.responses.values():
            for media in response.content.values():
                if media.base == "text/event-stream":
                    if media.item_schema is not None:
                        yield media, True
                    if media.has_schema:
                        yield media, False


def _schema(media: MediaTypeView, item: bool) -> Any:
    return media.item_schema if item else media.schema


def served_events(document: dict[str, Any]) -> dict[str, Any]:
    """The document the generated server serves: `document` itself, or a copy whose envelope
    event schemas say that `data` is text (JSON in a string)."""
    def resolve(value: Any) -> Any:
        return deref(document, value)

    changes = [(media, item) for media, item in _event_schemas(document)
               if served_schema(_schema(media, item), resolve) is not _schema(media, item)]
    if not changes:
        return document
    served = copy.deepcopy(document)

    def resolve_served(value: Any) -> Any:
        return deref(served, value)

    for media, item in _event_schemas(served):
        schema = served_schema(_schema(media, item), resolve_served)
        if item:
            media.set_item_schema(schema)
        else:
            media.set_schema(schema)
    return served
