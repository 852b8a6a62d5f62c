"""Security in the IR (generator/ir/security.py): requirements per operation, one client
argument and environment variable per scheme, and a located warning for schemes apigen cannot
enforce."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.config import Target
from generator.diagnostics import GenerationError, Level
from generator.ir.parts import SecurityScheme
from generator.ir.security import (
    credential_hint,
    credential_required,
    requirements,
    security_schemes,
)
from generator.pipeline import generate_target
from generator.spec.document import Spec
from generator.spec.load import load_spec
from generator.spec.operations import DocumentView, OperationView

PLAID = {
    "clientId": {"type": "apiKey", "in": "header", "name": "PLAID-CLIENT-ID"},
    "secret": {"type": "apiKey", "in": "header", "name": "PLAID-SECRET"},
    "plaidVersion": {"type": "apiKey", "in": "header", "name": "Plaid-Version"},
}


def spec(schemes: dict[str, Any], tmp_path: Path) -> Spec:
    data = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"securitySchemes": schemes}}
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return load_spec(path)


def schemes_of(schemes: dict[str, Any], tmp_path: Path, used: list[str] | None = None,
               ) -> tuple[list[SecurityScheme], Spec]:
    document = spec(schemes, tmp_path)
    found = security_schemes(document, used if used is not None else list(schemes),
                             prefix="PKG", env_api_key=("PKG_API_KEY", "VENDOR_KEY"))
    return found, document


def _requirements(operation: dict[str, Any], document: dict[str, Any]
                  ) -> tuple[tuple[str, ...], ...]:
    view = OperationView("/", "get", operation, "/paths/~1/get", {}, document)
    return requirements(view, DocumentView(document))


def test_requirements_are_and_inside_or_across_with_anonymous_last() -> None:
    document = {"security": [{"a": [], "b": []}]}
    assert _requirements({}, document) == (("a", "b"),)
    assert _requirements({"security": [{}, {"c": []}]}, document) == (("c",), ())
    assert _requirements({"security": []}, document) == ()
    assert _requirements({"security": [{}]}, document) == ()
    assert _requirements({"security": [{"a": []}, {"a": []}]}, document) == (("a",),)
    # A wrong-typed `security` reads as absent: the document's apply.
    assert _requirements({"security": "everyone"}, document) == (("a", "b"),)
    assert _requirements({"security": [{"a": []}, "junk"]}, {"security": 3}) == (("a",),)


def test_every_scheme_gets_its_own_argument_and_environment_variable(tmp_path: Path) -> None:
    found, _ = schemes_of(PLAID, tmp_path)
    assert [(s.argument, s.env, s.param_name) for s in found] == [
        ("client_id", ("PKG_CLIENT_ID",), "PLAID-CLIENT-ID"),
        ("secret", ("PKG_SECRET",), "PLAID-SECRET"),
        ("plaid_version", ("PKG_PLAID_VERSION",), "Plaid-Version"),
    ]


def test_a_lone_scheme_keeps_api_key_and_its_variables(tmp_path: Path) -> None:
    found, _ = schemes_of(PLAID, tmp_path, used=["secret"])
    assert [(s.key, s.argument, s.env) for s in found] == [
        ("secret", "api_key", ("PKG_API_KEY", "VENDOR_KEY"))]


def test_argument_names_are_valid_and_never_collide(tmp_path: Path) -> None:
    key = {"type": "apiKey", "in": "query", "name": "k"}
    found, _ = schemes_of({"api_key": key, "ApiKey": key, "base-url": key, "class": key,
                           "9x": key, "": key, "httpx": key, "time": key}, tmp_path)
    arguments = [s.argument for s in found]
    assert arguments == ["api_key_auth", "api_key_auth_2", "base_url_auth", "class_",
                         "credential_9x", "credential", "httpx_auth", "time_auth"]
    assert all(a.isidentifier() for a in arguments) and len(set(arguments)) == len(arguments)
    assert len({e for s in found for e in s.env}) == len(found)


def test_kinds_locations_and_hints(tmp_path: Path) -> None:
    found, document = schemes_of({
        "basic": {"type": "http", "scheme": "Basic"},
        "bearer": {"type": "http", "scheme": "bearer"},
        "oauth": {"type": "oauth2", "flows": {}},
        "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://x"},
        "cookie": {"type": "apiKey", "in": "cookie", "name": "sid"},
    }, tmp_path)
    assert [(s.kind, s.location, s.param_name, s.hint) for s in found] == [
        ("http_basic", "header", "Authorization", "str | tuple[str, str]"),
        ("http_bearer", "header", "Authorization", "str"),
        ("oauth2", "header", "Authorization", "str"),
        ("openid_connect", "header", "Authorization", "str"),
        ("api_key", "cookie", "sid", "str"),
    ]
    assert document.findings == []


@pytest.mark.parametrize(("scheme", "called"), [
    ({"type": "mutualTLS"}, "mutualTLS"),
    ({"type": "http", "scheme": "digest"}, "http digest"),
    ({"type": "magic"}, "magic"),
])
def test_unenforceable_schemes_are_kept_with_a_located_warning(
        scheme: dict[str, Any], called: str, tmp_path: Path) -> None:
    found, document = schemes_of({"key": {"type": "apiKey", "name": "k", "in": "header"},
                                  "odd/one": scheme}, tmp_path)
    assert [(s.kind, s.argument) for s in found] == [("api_key", "api_key"),
                                                     ("unsupported", "")]
    [warning] = document.findings
    assert called in warning.message and "401" in warning.message
    assert warning.pointer == "/components/securitySchemes/odd~1one" and warning.line


def test_credential_required_unless_anonymous_or_left_to_the_http_client(
        tmp_path: Path) -> None:
    found, _ = schemes_of({"key": {"type": "apiKey", "in": "header", "name": "k"},
                           "tls": {"type": "mutualTLS"}}, tmp_path)
    assert credential_required([(("key",),)], found)
    assert not credential_required([(("key",), ())], found)
    assert not credential_required([()], found)
    assert not credential_required([(("key",), ("tls",))], found)
    assert credential_required([(("key", "tls"),)], found)


def test_basic_auth_also_takes_a_pair() -> None:
    basic = SecurityScheme("b", "http_basic", "header", "Authorization", "")
    bearer = SecurityScheme("t", "http_bearer", "header", "Authorization", "")
    assert credential_hint([bearer]) == "str"
    assert credential_hint([bearer, basic]) == "str | tuple[str, str]"


GOLDEN_SPEC = Path(__file__).resolve().parents[2] / "golden" / "feature_security" / "spec.yaml"


def test_generation_warns_once_located_and_strict_refuses(tmp_path: Path) -> None:
    target = Target(spec=GOLDEN_SPEC, package="p", output=tmp_path)
    result = generate_target(target, root=tmp_path)
    [warning] = [d for d in result.diagnostics if "security scheme" in d.message]
    assert warning.level is Level.WARNING and "'mtls' (mutualTLS)" in warning.message
    assert warning.pointer == "/components/securitySchemes/mtls" and warning.line
    with pytest.raises(GenerationError) as caught:
        generate_target(target, root=tmp_path, strict=True)
    assert [d.pointer for d in caught.value.diagnostics if d.level is Level.ERROR] == [
        "/components/securitySchemes/mtls"]
