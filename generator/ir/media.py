"""The one media-type rule every stage and template follows: which declared media types carry
JSON, and which concrete type travels on the wire for a declared one.

A body is JSON when its media type is a JSON type (`application/json`, `text/json`, any `+json`
suffix such as `application/problem+json`), or when it is a range (`*/*`, Spring's default, or
`application/*`) and the spec gives it a schema for structured data: not raw bytes
(`format: binary`), and not a bare string, which is how Spring declares a `String` answer that it
sends as text. Parameters (`; charset=utf-8`) and case never matter. The client reads such a body
into its schema's type, the server validates it into its response model, and the mock answers
it; a range is never a `Content-Type`: what travels is `application/json` (`text/plain` for a
string, `application/octet-stream` for bytes).
"""

from __future__ import annotations

from typing import Literal

SchemaKind = Literal["none", "bytes", "string", "data"]
"""What a media type object's schema describes: nothing (no schema, or an empty one), raw bytes,
a bare string, or structured data (anything else)."""
WireKind = Literal["json", "text", "binary"]

JSON = "application/json"
_RANGE_STAND_INS = {"json": JSON, "text": "text/plain"}
_JSON_TYPES = frozenset({("application", "json"), ("text", "json")})
_JSON_RANGES = frozenset({("*", "*"), ("application", "*")})


def essence(media_type: str) -> tuple[str, str]:
    """(type, subtype) of `media_type`, lower case, parameters dropped; `("", "")` when it is
    no `type/subtype` pair."""
    base = media_type.split(";", 1)[0].strip().lower()
    kind, slash, subtype = base.partition("/")
    if not slash or not kind or not subtype:
        return "", ""
    return kind.strip(), subtype.strip()


def is_range(media_type: str) -> bool:
    """True for a wildcard (`*/*`, `application/*`): a range, which no body is sent as."""
    return "*" in essence(media_type)


def is_json_media(media_type: str, *, has_schema: bool) -> bool:
    """The rule: a JSON type, or a range (`*/*`, `application/*`) with a schema. `has_schema`
    is False when the spec gives no schema, or one for raw bytes (`format: binary`)."""
    kind, subtype = essence(media_type)
    if (kind, subtype) in _JSON_TYPES or (kind and subtype.endswith("+json")):
        return True
    return has_schema and (kind, subtype) in _JSON_RANGES


def wire_kind(media_type: str, schema: SchemaKind) -> WireKind:
    """How a body of `media_type` whose schema is `schema` travels: `json` (the rule above),
    `text` (`text/*`, or a bare string under `*/*`) or `binary` (anything else)."""
    if is_json_media(media_type, has_schema=schema == "data"):
        return "json"
    kind = essence(media_type)
    if kind[0] == "text" or (kind == ("*", "*") and schema == "string"):
        return "text"
    return "binary"


def wire_media_type(media_type: str, kind: WireKind | str) -> str:
    """The `Content-Type` a body declared as `media_type` travels with: the declaration itself,
    except for a range, which a body of `kind` replaces with `application/json` (JSON),
    `text/plain` (text) or `application/octet-stream`."""
    if not is_range(media_type):
        return media_type
    return _RANGE_STAND_INS.get(kind, "application/octet-stream")
