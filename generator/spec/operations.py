"""Typed read-only views of an operation and of the document's top level: what `views.py`
does for the objects an operation is made of, for the operation itself (its path item's
parameters merged in), its security and servers, and the document's `info`,
`servers`, `security` and `components.securitySchemes`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import escape_pointer_token
from .views import ParameterView, RequestBodyView, ResponseView, mapping, text
from .walk import HTTP_METHODS, deref, iter_operations


@dataclass(frozen=True)
class SecuritySchemeView:
    """A Security Scheme Object under its key in `components.securitySchemes`."""

    key: str
    raw: dict[str, Any]

    @property
    def type(self) -> str:
        """`type` as text (`apiKey`, `http`, ...), empty when none."""
        return str(self.raw.get("type", ""))

    @property
    def scheme(self) -> str:
        """An HTTP scheme's `scheme` (`basic`, `bearer`) as written, empty when none."""
        return str(self.raw.get("scheme", ""))

    @property
    def location(self) -> str:
        """An API key's `in` (`header` when none)."""
        return str(self.raw.get("in", "header"))

    @property
    def name(self) -> str | None:
        """An API key's `name` when it is a string."""
        value = self.raw.get("name")
        return value if isinstance(value, str) else None

    @property
    def wire_name(self) -> str:
        """An API key's `name` as text, the scheme's key when it declares none."""
        return str(self.raw.get("name", self.key))

    @property
    def description(self) -> str:
        return text(self.raw.get("description"))


@dataclass(frozen=True)
class ServerView:
    """A Server Object."""

    url: str
    raw: dict[str, Any]

    @property
    def description(self) -> str:
        return text(self.raw.get("description"))

    @property
    def defaults(self) -> dict[str, Any]:
        """Each variable's `default` (variables without one are left out)."""
        return {name: spec["default"] for name, spec in mapping(self.raw.get("variables")).items()
                if isinstance(spec, dict) and "default" in spec}


def servers(value: Any) -> list[ServerView]:
    """A `servers` list as views; an entry that is no mapping with a string `url` is skipped."""
    return [ServerView(raw["url"], raw) for raw in (value if isinstance(value, list) else [])
            if isinstance(raw, dict) and isinstance(raw.get("url"), str)]


def _requirements(value: Any) -> list[dict[str, Any]] | None:
    """A `security` list (None when absent or not a list); entries that are no mapping are
    dropped."""
    if not isinstance(value, list):
        return None
    return [requirement for requirement in value if isinstance(requirement, dict)]


@dataclass(frozen=True)
class OperationView:
    """An Operation Object at `path` and `method`, with what its path item adds (the path's
    parameters); `pointer` is the operation's JSON pointer."""

    path: str
    method: str
    raw: dict[str, Any]
    pointer: str
    path_item: dict[str, Any]
    document: Any = field(default=None, repr=False, compare=False)

    @property
    def operation_id(self) -> str | None:
        """`operationId` when it is a non-empty string."""
        value = self.raw.get("operationId")
        return value if isinstance(value, str) and value else None

    @property
    def tags(self) -> list[Any]:
        value = self.raw.get("tags")
        return list(value) if isinstance(value, list) else []

    @property
    def summary(self) -> str:
        return text(self.raw.get("summary"))

    @property
    def description(self) -> str:
        return text(self.raw.get("description"))

    @property
    def deprecated(self) -> bool:
        return self.raw.get("deprecated") is True

    def declared_parameters(self) -> Iterator[ParameterView]:
        """Every parameter declared, the path item's first, each where it is declared (its
        `$ref` followed; one that names no mapping is skipped)."""
        item_pointer = self.pointer.rsplit("/", 1)[0]
        for source, where in ((self.path_item, item_pointer), (self.raw, self.pointer)):
            listed = source.get("parameters")
            for index, raw in enumerate(listed if isinstance(listed, list) else []):
                param = deref(self.document, raw)
                if isinstance(param, dict):
                    yield ParameterView(param, f"{where}/parameters/{index}", self.document)

    @property
    def parameters(self) -> list[ParameterView]:
        """The operation's parameters: the path item's merged with the operation's, which
        override those of the same name and location, in declaration order."""
        merged: dict[tuple[str, str], ParameterView] = {}
        for param in self.declared_parameters():
            merged[param.key] = param
        return list(merged.values())

    @property
    def request_body(self) -> RequestBodyView | None:
        body = deref(self.document, self.raw.get("requestBody"))
        if not isinstance(body, dict):
            return None
        return RequestBodyView(body, f"{self.pointer}/requestBody", self.document)

    @property
    def responses(self) -> dict[str, ResponseView]:
        """The responses by status key, in spec order (a response that is no mapping reads as
        one declaring nothing; no `responses` at all, as 3.1 allows, as none)."""
        return {
            status: ResponseView(
                status, mapping(deref(self.document, value)),
                f"{self.pointer}/responses/{escape_pointer_token(str(status))}", self.document)
            for status, value in mapping(self.raw.get("responses")).items()
        }

    @property
    def security(self) -> list[dict[str, Any]] | None:
        """The operation's own `security` requirements; None when it declares none (then the
        document's apply)."""
        return _requirements(self.raw.get("security"))

    @property
    def servers(self) -> list[ServerView]:
        return servers(self.raw.get("servers"))

    @property
    def callbacks(self) -> dict[str, dict[str, Any]]:
        """The Callback Objects by name, each its path items by expression (every `$ref`
        followed; a callback that is no mapping reads as one with none)."""
        return {name: {expression: deref(self.document, item)
                       for expression, item in mapping(deref(self.document, value)).items()}
                for name, value in mapping(self.raw.get("callbacks")).items()}

    @property
    def extensions(self) -> dict[str, Any]:
        """The `x-` keys and their values."""
        return {key: value for key, value in self.raw.items()
                if isinstance(key, str) and key.startswith("x-")}


def path_item_operations(document: Any, item: Any, pointer: str, path: str = ""
                         ) -> Iterator[OperationView]:
    """The operations of one path item (a webhook's, a callback's), in method order;
    `pointer` locates the path item."""
    item = mapping(item)
    for method in HTTP_METHODS:
        operation = item.get(method)
        if isinstance(operation, dict):
            yield OperationView(path, method, operation, f"{pointer}/{method}", item, document)


def operations(document: dict[str, Any]) -> Iterator[OperationView]:
    """Every operation of the document's `paths`, in document order."""
    paths = mapping(document.get("paths"))
    for path, method, operation, pointer in iter_operations(document):
        yield OperationView(path, method, operation, pointer, mapping(paths.get(path)),
                            document)


@dataclass(frozen=True)
class DocumentView:
    """The document's own top-level facts."""

    raw: dict[str, Any]

    @property
    def openapi(self) -> Any:
        """The `openapi` version as written (`3.1.0` when it says none)."""
        return self.raw.get("openapi", "3.1.0")

    @property
    def is_oas30(self) -> bool:
        """True for an OpenAPI 3.0 document (`openapi: 3.0.x`; 3.1 when it says none)."""
        return str(self.openapi).startswith("3.0")

    @property
    def components(self) -> dict[str, Any]:
        """`components` (empty when none, or not a mapping)."""
        return mapping(self.raw.get("components"))

    @property
    def info(self) -> dict[str, Any]:
        return mapping(self.raw.get("info"))

    @property
    def title(self) -> str:
        return text(self.info.get("title"))

    @property
    def version(self) -> str:
        """`info.version` as text (a number written unquoted included), empty when none."""
        return str(self.info.get("version", ""))

    @property
    def description(self) -> str:
        return text(self.info.get("description"))

    @property
    def servers(self) -> list[ServerView]:
        return servers(self.raw.get("servers"))

    @property
    def security(self) -> list[dict[str, Any]] | None:
        return _requirements(self.raw.get("security"))

    @property
    def webhooks(self) -> dict[str, Any]:
        """The `webhooks` path items by name (OpenAPI 3.1; their `$ref` followed)."""
        return {name: deref(self.raw, item)
                for name, item in mapping(self.raw.get("webhooks")).items()}

    @property
    def security_schemes(self) -> dict[str, SecuritySchemeView]:
        """`components.securitySchemes` by key, in spec order (their `$ref` followed; one that
        names no mapping is left out)."""
        found: dict[str, SecuritySchemeView] = {}
        raw = mapping(mapping(self.raw.get("components")).get("securitySchemes"))
        for key, value in raw.items():
            scheme = deref(self.raw, value)
            if isinstance(scheme, dict):
                found[str(key)] = SecuritySchemeView(str(key), scheme)
        return found

    @property
    def extensions(self) -> dict[str, Any]:
        """The document's top-level `x-` keys and their values."""
        return {key: value for key, value in self.raw.items()
                if isinstance(key, str) and key.startswith("x-")}

    def operations(self) -> Iterator[OperationView]:
        return operations(self.raw)
