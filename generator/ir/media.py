"""The one media-type rule every stage and template follows: which declared media types carry
JSON, and which concrete type travels on the wire for a declared one.

A body is JSON when its media type is a JSON type (`application/json`, `text/json`, any `+json`
suffix such as `application/problem+json`), or when it is a range (`*/*`, Spring's default, or
`application/*`) and the spec gives it a schema that is not raw bytes. Parameters
(`; charset=utf-8`) and case never matter. The client reads such a body into its schema's type,
the server validates it into its response model, and the mock answers it; a range is never a
`Content-Type`: what travels is `application/json`.
"""

from __future__ import annotations

JSON = "application/json"
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


def wire_media_type(media_type: str, *, json: bool) -> str:
    """The `Content-Type` a body declared as `media_type` travels with: the declaration itself,
    except for a range, which a JSON body replaces with `application/json` (and any other with
    `application/octet-stream`)."""
    if not is_range(media_type):
        return media_type
    return JSON if json else "application/octet-stream"
