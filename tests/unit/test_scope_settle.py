"""`scopes.Scope.settle`: spelling, then off the scope's own names (a warning for the caller),
then off the names taken (a silent suffix); the same input always gives the same name."""

from __future__ import annotations

import keyword

import pytest

from generator.scopes import (
    CLIENT_ARGUMENT,
    CLIENT_ARGUMENTS,
    CLIENT_ATTRIBUTE,
    HANDLER_METHOD,
    KEYWORDS,
    Settled,
)


@pytest.mark.parametrize(("scope", "text", "taken", "expected"), [
    (CLIENT_ARGUMENT, "timeout", set(), Settled("timeout_", "timeout", moved=True)),
    (CLIENT_ARGUMENT, "extra_body", set(), Settled("extra_body_", "extra_body", moved=True)),
    (CLIENT_ARGUMENT, "timeout", {"timeout_"}, Settled("timeout__2", "timeout", moved=True)),
    (CLIENT_ARGUMENT, "fooBar", {"foo_bar"}, Settled("foo_bar_2", "foo_bar")),
    (CLIENT_ARGUMENT, "class", set(), Settled("class_", "class_")),
    (CLIENT_ARGUMENT, "self", set(), Settled("self_", "self_")),
    (CLIENT_ARGUMENT, "9lives", set(), Settled("value_9lives", "value_9lives")),
    (CLIENT_ARGUMENT, "type", set(), Settled("type", "type")),  # a soft keyword: kept
    (CLIENT_ATTRIBUTE, "property", set(), Settled("property_", "property", moved=True)),
    (CLIENT_ATTRIBUTE, "with_raw_response", set(),
     Settled("with_raw_response_", "with_raw_response", moved=True)),
    (HANDLER_METHOD, "authorize", set(), Settled("authorize_", "authorize", moved=True)),
    (HANDLER_METHOD, "list", set(), Settled("list_", "list_")),  # a builtin: spelling
])
def test_settle(scope: object, text: str, taken: set[str], expected: Settled) -> None:
    assert scope.settle(text, taken) == expected  # type: ignore[attr-defined]


def test_a_body_field_steps_aside_with_its_suffix() -> None:
    settled = CLIENT_ARGUMENT.settle("id", {"id"}, spelled="id", suffix="_body",
                                     suffix_taken=True)
    assert settled == Settled("id_body", "id")
    assert CLIENT_ARGUMENT.settle("body", set(), spelled="body", suffix="_body",
                                  suffix_taken=True) == Settled("body_body", "body", moved=True)


def test_no_settled_name_is_reserved_or_taken() -> None:
    taken: set[str] = set()
    for text in [*CLIENT_ARGUMENTS, *keyword.kwlist, "timeout_", "timeout", "Timeout", "$"]:
        name = CLIENT_ARGUMENT.settle(text, taken).name
        assert name.isidentifier() and name not in taken
        assert name not in CLIENT_ARGUMENT.reserved and name not in KEYWORDS
        taken.add(name)


def test_credential_arguments_stay_off_the_constructor_and_each_other() -> None:
    """Several schemes: each gets its own constructor argument, settled in the credential
    scope (the constructor's own arguments and the modules `_base.py` imports are taken)."""
    from generator.ir.security import _arguments
    from generator.scopes import CLIENT_CONSTRUCTOR_ARGUMENTS

    keys = [*sorted(CLIENT_CONSTRUCTOR_ARGUMENTS), "class", "list", "Api-Key", "api key",
            "apiKey", "", "9"]
    names = _arguments(keys)
    assert names["http_client"] == "http_client_auth"
    assert names["self"] == "self_"
    assert names["list"] == "list_"
    values = list(names.values())
    assert len(set(values)) == len(values)
    for name in values:
        assert name.isidentifier()
        assert name not in CLIENT_CONSTRUCTOR_ARGUMENTS and name not in KEYWORDS
