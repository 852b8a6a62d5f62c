"""Typed read-only views of the raw OpenAPI objects an operation is made of.

`walk.py` knows where things are; these views know what each object holds, so the stages after
`spec/` ask `operation.request_body.content` instead of indexing dicts and checking types at
every step. Every view is tolerant the way the fuzzer needs: a value of the wrong type reads as
absent (a `content` that is no mapping is no content, a `required` that is no boolean is not
required), and every `$ref` to an OpenAPI object (parameter, request body, response, header,
example, security scheme) is followed with `walk.deref`. Schemas are handed out as they are
written, `$ref` included: their names matter to the models.

The views hold the raw mappings they read (`raw`), so the one stage that rewrites the spec
(`prepare/`) can write a media type's schema back through `MediaTypeView.set_schema`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import escape_pointer_token
from .walk import deref


def mapping(value: Any) -> dict[str, Any]:
    """`value` when it is a mapping, else an empty one (a wrong-typed value reads as absent)."""
    return value if isinstance(value, dict) else {}


def text(value: Any) -> str:
    """`value` when it is a string, else empty."""
    return value if isinstance(value, str) else ""


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


@dataclass(frozen=True)
class EncodingView:
    """An Encoding Object: how one property of a form or multipart body travels."""

    raw: dict[str, Any]

    @property
    def content_type(self) -> str | None:
        value = self.raw.get("contentType")
        return value if isinstance(value, str) else None

    @property
    def style(self) -> str:
        """The declared `style`, empty when none (or not a string)."""
        return text(self.raw.get("style"))

    @property
    def explode(self) -> bool | None:
        """The declared `explode`, None when none (or not a boolean)."""
        return _flag(self.raw.get("explode"))


@dataclass(frozen=True)
class MediaTypeView:
    """A Media Type Object under its media type (`application/json`)."""

    media_type: str
    raw: dict[str, Any]
    pointer: str = ""
    document: Any = field(default=None, repr=False, compare=False)

    @property
    def base(self) -> str:
        """The media type without parameters, lower case (`application/json`)."""
        return str(self.media_type).split(";")[0].strip().lower()

    @property
    def schema(self) -> Any:
        """The schema as written (a `$ref` stays one); None when there is none."""
        return self.raw.get("schema")

    @property
    def has_schema(self) -> bool:
        return "schema" in self.raw

    @property
    def item_schema(self) -> Any:
        """`itemSchema` (OpenAPI 3.2: the schema of each item of a sequential media type)."""
        return self.raw.get("itemSchema")

    @property
    def has_example(self) -> bool:
        return "example" in self.raw

    @property
    def example(self) -> Any:
        return self.raw.get("example")

    def example_values(self) -> Iterator[Any]:
        """The `value` of each Example Object of `examples` that has one, in spec order."""
        for value in mapping(self.raw.get("examples")).values():
            example = deref(self.document, value)
            if isinstance(example, dict) and "value" in example:
                yield example["value"]

    def encoding(self, name: str) -> EncodingView:
        """How property `name` travels (an empty encoding when none is declared)."""
        return EncodingView(mapping(mapping(self.raw.get("encoding")).get(name)))

    @property
    def malformed(self) -> bool:
        """True when the spec holds no mapping here (it reads as a media type with nothing)."""
        return self.raw is _EMPTY

    def set_schema(self, schema: Any) -> None:
        """Replace the schema (the `prepare/` rewrites); a malformed media type is left as is."""
        if not self.malformed:
            self.raw["schema"] = schema

    def set_item_schema(self, schema: Any) -> None:
        """Replace `itemSchema`, as `set_schema` does the schema."""
        if not self.malformed:
            self.raw["itemSchema"] = schema


_EMPTY: dict[str, Any] = {}


def content_of(document: Any, value: Any, pointer: str) -> dict[str, MediaTypeView]:
    """A `content` map as views by media type, in spec order (a malformed media type object
    reads as one with nothing declared, so its media type still counts)."""
    return {
        media_type: MediaTypeView(
            media_type, media if isinstance(media, dict) else _EMPTY,
            f"{pointer}/content/{escape_pointer_token(str(media_type))}", document)
        for media_type, media in mapping(value).items()
    }


@dataclass(frozen=True)
class ParameterView:
    """A Parameter Object (its `$ref` followed)."""

    raw: dict[str, Any]
    pointer: str
    document: Any = field(default=None, repr=False, compare=False)

    @property
    def name(self) -> str:
        return str(self.raw.get("name"))

    @property
    def location(self) -> str:
        """`in`: path, query, header or cookie (`checks` has vetted it)."""
        return str(self.raw.get("in"))

    @property
    def key(self) -> tuple[str, str]:
        """(location, name): what identifies a parameter of an operation."""
        return self.location, self.name

    @property
    def schema(self) -> Any:
        return self.raw.get("schema")

    @property
    def has_schema(self) -> bool:
        return "schema" in self.raw

    @property
    def content(self) -> dict[str, MediaTypeView]:
        return content_of(self.document, self.raw.get("content"), self.pointer)

    @property
    def has_content(self) -> bool:
        return isinstance(self.raw.get("content"), dict)

    def set_schema(self, schema: Any) -> None:
        """Replace the schema (the `prepare/` rewrites)."""
        self.raw["schema"] = schema

    @property
    def style(self) -> str:
        return text(self.raw.get("style"))

    @property
    def explode(self) -> bool | None:
        return _flag(self.raw.get("explode"))

    @property
    def required(self) -> bool:
        return self.raw.get("required") is True

    @property
    def deprecated(self) -> bool:
        return self.raw.get("deprecated") is True

    @property
    def allow_empty_value(self) -> bool:
        return self.raw.get("allowEmptyValue") is True

    @property
    def description(self) -> str:
        return text(self.raw.get("description"))


class _HoldsContent:
    """What a request body and a header both read: `content`, `required`, `description`."""

    raw: dict[str, Any]
    pointer: str
    document: Any

    @property
    def content(self) -> dict[str, MediaTypeView]:
        return content_of(self.document, self.raw.get("content"), self.pointer)

    @property
    def required(self) -> bool:
        return self.raw.get("required") is True

    @property
    def description(self) -> str:
        return text(self.raw.get("description"))


@dataclass(frozen=True)
class RequestBodyView(_HoldsContent):
    """A Request Body Object (its `$ref` followed)."""

    raw: dict[str, Any]
    pointer: str
    document: Any = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class HeaderView(_HoldsContent):
    """A Header Object under its name (its `$ref` followed)."""

    name: str
    raw: dict[str, Any]
    pointer: str
    document: Any = field(default=None, repr=False, compare=False)

    @property
    def schema(self) -> Any:
        return self.raw.get("schema")


@dataclass(frozen=True)
class ResponseView:
    """A Response Object under its status key (its `$ref` followed; a malformed one reads as
    a response that declares nothing)."""

    status: str
    raw: dict[str, Any]
    pointer: str
    document: Any = field(default=None, repr=False, compare=False)

    @property
    def description(self) -> str:
        return text(self.raw.get("description"))

    @property
    def headers(self) -> dict[str, HeaderView]:
        found: dict[str, HeaderView] = {}
        for name, value in mapping(self.raw.get("headers")).items():
            header = deref(self.document, value)
            found[name] = HeaderView(
                name, mapping(header),
                f"{self.pointer}/headers/{escape_pointer_token(str(name))}", self.document)
        return found

    @property
    def content(self) -> dict[str, MediaTypeView]:
        return content_of(self.document, self.raw.get("content"), self.pointer)

