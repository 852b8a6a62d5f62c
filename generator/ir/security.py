"""Security in the IR: the requirements of each operation, the schemes they name, and the client
argument and environment variable that carries each scheme's credential.

One rule for client, server and mock: a requirement object is AND (every scheme it names),
the requirement list is OR (any one object), and an empty object (or `security: []`) lets a
request in anonymously. The client argument of a scheme is `api_key` when the document's
operations use a single scheme apigen can send; with several, each scheme gets its own argument
named after the scheme (`clientId` -> `client_id`) and `api_key` stays as the value of every
scheme not given its own. Schemes apigen cannot check or send (`mutualTLS`, HTTP schemes other
than basic and bearer, unknown types) are kept with kind `unsupported` and a located warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .. import scopes
from ..diagnostics import join_pointer
from ..spec.document import Spec
from ..spec.operations import DocumentView, OperationView, SecuritySchemeView
from .parts import SecurityScheme

FALLBACK_ARGUMENT = "api_key"


def requirements(operation: OperationView, document: DocumentView
                 ) -> tuple[tuple[str, ...], ...]:
    """The operation's requirement list (its own `security`, else the document's), each
    requirement as its scheme keys in spec order. An anonymous alternative (`{}`) is moved last
    as `()`, so a client holding credentials sends them; `security: []` (or only `{}`) gives
    no requirement at all: `()`."""
    declared = operation.security
    if declared is None:
        declared = document.security or []
    alternatives: list[tuple[str, ...]] = []
    anonymous = False
    for requirement in declared:
        keys = tuple(str(key) for key in requirement)
        if not keys:
            anonymous = True
        elif keys not in alternatives:
            alternatives.append(keys)
    if anonymous and alternatives:
        alternatives.append(())
    return tuple(alternatives)


def _kind(scheme: SecuritySchemeView) -> tuple[str, str]:
    """(kind, what the spec calls it) for a scheme object."""
    kind = scheme.type
    if kind == "http":
        http = scheme.scheme.strip().lower()
        if http in ("basic", "bearer"):
            return f"http_{http}", kind
        return "unsupported", f"http {http or '(no scheme)'}"
    if kind == "apiKey":
        return "api_key", kind
    if kind == "oauth2":
        return "oauth2", kind
    if kind == "openIdConnect":
        return "openid_connect", kind
    return "unsupported", kind or "(no type)"


def security_schemes(spec: Spec, used: Iterable[str], *, prefix: str,
                     env_api_key: Sequence[str]) -> list[SecurityScheme]:
    """The schemes `used` by some operation, in spec order, each with its client argument and
    environment variable; a scheme apigen cannot enforce is kept as `unsupported` with a
    located warning."""
    wanted = set(used)
    found: list[tuple[str, str, SecuritySchemeView]] = []
    for key, scheme in DocumentView(spec.data).security_schemes.items():
        if key not in wanted:
            continue
        kind, called = _kind(scheme)
        if kind == "unsupported":
            spec.warn(f"security scheme {key!r} ({called}) cannot be sent by the client nor "
                      "checked by the server: the client leaves it to your http_client (e.g. "
                      "a TLS client certificate), the server admits a requirement naming it "
                      "only when the handlers' authorize hook accepts it, else answers 401",
                      join_pointer("components", "securitySchemes", key))
        found.append((key, kind, scheme))
    sendable = [key for key, kind, _ in found if kind != "unsupported"]
    arguments = _arguments(sendable)
    schemes: list[SecurityScheme] = []
    for key, kind, scheme in found:
        location, wire = "header", "Authorization"
        if kind == "api_key":
            location = scheme.location
            if location not in ("header", "query", "cookie"):
                location = "header"
            wire = scheme.wire_name
        elif kind == "unsupported":
            wire = ""
        argument = arguments.get(key, "")
        env: tuple[str, ...] = ()
        if argument == FALLBACK_ARGUMENT:
            env = tuple(env_api_key)
        elif argument:
            env = (f"{prefix}_{argument.upper()}",)
        schemes.append(SecurityScheme(
            key=key,
            kind=kind,  # type: ignore[arg-type]
            location=location,  # type: ignore[arg-type]
            param_name=wire,
            description=scheme.description,
            argument=argument,
            env=env,
            hint="str | tuple[str, str]" if kind == "http_basic" else "str",
        ))
    return schemes


def _arguments(keys: list[str]) -> dict[str, str]:
    """Scheme key -> client argument: `api_key` for a lone scheme, else the scheme's name in
    snake case (`<name>_auth`, then numbered, when that is taken)."""
    if len(keys) == 1:
        return {keys[0]: FALLBACK_ARGUMENT}
    names: dict[str, str] = {}
    for key in keys:
        names[key] = scopes.CREDENTIAL_ARGUMENT.settle(
            key, names.values(), fallback="credential", suffix="_auth", suffix_taken=True).name
    return names


def credential_required(security: Iterable[tuple[tuple[str, ...], ...]],
                        schemes: Sequence[SecurityScheme]) -> bool:
    """True when some operation can be called neither anonymously nor with credentials the
    client does not send itself (every requirement names a scheme the client sends)."""
    sendable = {s.key for s in schemes if s.kind != "unsupported"}
    return any(
        alternatives and all(alt and any(k in sendable for k in alt) for alt in alternatives)
        for alternatives in security
    )


def credential_hint(schemes: Sequence[SecurityScheme]) -> str:
    """Type of `api_key`, the value of every scheme without its own argument: a string; HTTP
    basic also takes a `(user, password)` pair."""
    if any(scheme.kind == "http_basic" for scheme in schemes):
        return "str | tuple[str, str]"
    return "str"
