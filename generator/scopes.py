"""The scopes the generated code declares names in, each with its one set of reserved names.

Every identifier apigen derives from a spec string is settled in the scope it is declared in:
`Scope.settle` spells it (`naming.snake_identifier`: snake case, a keyword or dunder gets a
trailing `_`, a leading digit a `value_` prefix), then moves it off the scope's reserved names
(`timeout` -> `timeout_`) and off the names already taken there (`foo_bar` -> `foo_bar_2`).
The same input always gives the same name. Where the name had to move off one of the
generated code's own names (`Scope.own`: `timeout`, `with_raw_response`, `authorize`, ...) the
caller warns, located (`Settled.moved`): nothing in the spec tells its reader that name is
taken. The Python spelling and the suffixes that keep two spec names apart (`foo_bar_2`, a body
field beside a parameter of its name `id_body`) are the documented convention, not warnings: a
valid spec stays warning-free. The wire name (JSON key, query key, header name) never changes.

What no scope needs to reserve, by construction:
- names apigen itself puts beside spec-derived ones in a module or a function (`_base`,
  `_models`, `_typing`, `_runtime`, `_handlers`, `_<name>_canned`, ...) all start with `_`, and
  `naming.snake_case` never returns a name that does;
- soft keywords (`match`, `case`, `type`, `_`) are keywords only at the head of a statement:
  as a parameter, attribute or field they are plain identifiers, so they are kept;
- class names (`models.py`) are PascalCase: `models.class_names` keeps them off the names
  `models.py` imports; model fields and enum members are named by datamodel-code-generator,
  which escapes keywords and pydantic's own attributes itself (`model_config_`, `json_`), and
  imports a library name a field shadows under an alias (`date as date_aliased`), which
  `models.generate` reads back to the library's own name for the other modules.
"""

from __future__ import annotations

import builtins
import keyword
from collections.abc import Iterable
from dataclasses import dataclass

from . import naming

KEYWORDS = frozenset(keyword.kwlist) | {"self", "cls"}
"""Hard keywords, and the names of the first argument of a method."""
AMBIGUOUS = frozenset({"l", "O", "I"})
"""Names pycodestyle calls ambiguous (E741: they read as `1` and `0`), kept off every
variable, argument and attribute."""
BUILTINS = frozenset(name for name in dir(builtins) if not name.startswith("_"))

CLIENT_ARGUMENTS = frozenset({"body", "timeout", "extra_headers", "extra_query", "extra_body"})
"""Keyword arguments every client method takes besides the operation's own (`extra_body` is
kept free for the request options a client may grow)."""

CLIENT_MEMBERS = frozenset({
    "api_key", "base_url", "timeout", "max_retries", "close", "aclose", "with_options",
    "with_raw_response", "default_headers", "http_client", "request",
})
"""Public attributes of the generated `Client` and `AsyncClient` (from `_base.BaseAPIClient`),
which a namespace may not shadow (`request` is kept free for a raw request method); a test
checks them against the rendered classes."""

CLIENT_CONSTRUCTOR_ARGUMENTS = frozenset({
    "self", "api_key", "base_url", "timeout", "max_retries", "default_headers", "http_client",
    "credentials",
    "anyio", "base64", "copy", "datetime", "email", "enum", "httpx", "logging", "math", "os",
    "pydantic", "pydantic_core", "random", "time", "typing", "typing_extensions", "urllib",
    "uuid",
})
"""The client constructors' own keyword arguments, and the modules `_base.py` imports (the
transport's constructor body uses some: `httpx.Client`, `time.sleep`), which a credential's
argument may not take."""

CLASS_BODY_BUILTINS = frozenset({"property", "staticmethod", "classmethod"})
"""Builtins a generated class body uses as decorators: a method or namespace of that name would
shadow them for every definition after it."""

ANNOTATION_BUILTINS = frozenset({"list", "dict", "set", "frozenset", "tuple", "str", "int",
                                 "float", "bool", "bytes", "object", "type"})
"""Builtins a client method's annotations may name. A method of that name (`list`, the verb
for a collection) keeps it, and is defined after the others in its class so that their
annotations still mean the builtin (`ir.nodes.Resource.operations_in_class_order`)."""

HANDLER_MEMBERS = frozenset({"authorize", "api_key"})
"""What the server's `Handlers` and `MockHandlers` hold besides one method per operation: the
`authorize` hook (`_runtime.authorizer` looks it up) and the mock's `api_key`."""

SERVER_MODULE_NAMES = frozenset({
    "Credentials", "Reply", "Handlers", "MockHandlers", "Protocol", "ClassVar", "dataclass",
    "BaseModel", "RootModel", "TypeAdapter", "ValidationError", "Mapping", "Any", "Generic",
    "TypeVar", "to_wire",
})
"""Module-level names of `server/handlers.py` and `server/mock.py` besides the reply classes
(which live in the first and are imported into the second)."""


@dataclass(frozen=True)
class Settled:
    name: str
    """The identifier."""
    spelled: str
    """What the spelling alone gave (`naming.snake_identifier`)."""
    moved: bool = False
    """True when it had to move off one of the generated code's own names (`Scope.own`)."""


@dataclass(frozen=True)
class Scope:
    """One scope of the generated code."""

    title: str
    """What is declared there, for messages: `client argument`, `handler method`, ..."""
    own: frozenset[str]
    """The generated code's own names there, which a spec-derived identifier may not take."""
    avoid_builtins: bool = False
    """True where every builtin is escaped too (a handler method named `list` would hide the
    builtin from the annotations of the methods after it)."""

    @property
    def reserved(self) -> frozenset[str]:
        """Every name an identifier may not take here: the scope's own, the keywords and the
        ambiguous ones."""
        return self.own | KEYWORDS | AMBIGUOUS

    def spell(self, text: str, *, fallback: str) -> str:
        return naming.snake_identifier(text, fallback=fallback,
                                       avoid_builtins=self.avoid_builtins)

    def settle(self, text: str, taken: Iterable[str] = (), *, fallback: str = "value",
               suffix: str = "_", spelled: str | None = None,
               suffix_taken: bool = False) -> Settled:
        """`text`'s identifier here: spelled, then `suffix` added while it is reserved (or,
        with `suffix_taken`, taken), then numbered while it is taken. `spelled`: an identifier
        already spelled elsewhere (a model field's name), to settle as it is."""
        first = spelled if spelled is not None else self.spell(text, fallback=fallback)
        used = set(taken)
        name = first
        if name in self.reserved or (suffix_taken and name in used):
            name += suffix
        while name in self.reserved:
            name += "_"
        return Settled(naming.unique(name, used | self.reserved), first, first in self.own)


CLIENT_ARGUMENT = Scope("client argument", CLIENT_ARGUMENTS)
"""The keyword arguments of one client method: its parameters, its body fields, the media
type choice, and the fixed ones (`CLIENT_ARGUMENTS`)."""

CLIENT_ATTRIBUTE = Scope("client attribute", CLIENT_MEMBERS | CLASS_BODY_BUILTINS)
"""The attributes of a client class or namespace class: its methods and sub-namespaces."""

CREDENTIAL_ARGUMENT = Scope("credential argument", CLIENT_CONSTRUCTOR_ARGUMENTS,
                            avoid_builtins=True)
"""The client constructor's argument of one security scheme (when a document's operations use
several): the scheme's name, `<name>_auth` when that is taken (`ir.security`)."""

HANDLER_METHOD = Scope("handler method", HANDLER_MEMBERS, avoid_builtins=True)
"""An operation's name: its method on `Handlers` and `MockHandlers`, and the stem of the
module-level names made from it (`_<NAME>` endpoints, `_<name>_runtime`, reply classes)."""

HANDLER_ARGUMENT = Scope("handler argument", frozenset())
"""The keyword arguments of a handler method and of its route function: the parameters
(under their client names), then `body` and `credentials`."""
