"""generator.ir.resources: where an operation lives in the client. A trailing action segment
becomes the method (`POST /link/token/create` -> `client.link.token.create()`), the names
overlay and `naming = "operation_id"` place operations, and whatever the paths, the names are
unique in their namespace and valid identifiers."""

from __future__ import annotations

import keyword
from collections import Counter
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from generator import naming
from generator.ir.nodes import Operation
from generator.ir.resources import (
    VERBS,
    build_resources,
    leaf_paths,
    overlay_placements,
    place,
    settle_method_names,
)
from generator.scopes import CLIENT_ATTRIBUTE

Route = tuple[str, str, str]  # method, path, operationId


def _client(routes: list[Route], *, method_naming: str = "path",
            overrides: dict[str, Any] | None = None,
            tags: dict[str, str] | None = None) -> dict[str, str]:
    """`operationId -> "namespace.method"` as the IR builder places and settles them."""
    at_path = Counter(path for _, path, _ in routes)
    leaves = leaf_paths(at_path)
    warnings: list[tuple[str, str]] = []
    operations = []
    for method, path, op_id in routes:
        raw = [tags[op_id]] if tags and op_id in tags else []
        resource, method_name = place(
            path, method, raw, op_id, pointer="", warn=lambda m, p: warnings.append((m, p)),
            reported=set(), leaves=leaves, operations_here=at_path[path],
            method_naming=method_naming)
        operations.append(Operation(
            operation_id=op_id, name=naming.snake_identifier(op_id), method=method.upper(),
            path=path, summary="", description="", tags=(), parameters=(), body=None,
            responses=(), security=(), resource=resource, method_name=method_name))
    settled = settle_method_names(operations, overrides or {})
    build_resources(settled)  # class names for every namespace: must not raise
    return {op.operation_id: ".".join((*op.resource, op.method_name)) for op in settled}


def test_a_trailing_action_segment_is_the_method() -> None:
    assert _client([
        ("post", "/link/token/create", "linkTokenCreate"),
        ("post", "/link/token/get", "linkTokenGet"),
        ("post", "/accounts/get", "accountsGet"),
        ("post", "/emails/{id}/cancel", "cancelEmail"),
        ("get", "/emails/{id}", "getEmail"),
        ("get", "/health/alive", "alive"),
        ("get", "/users/me", "me"),  # a GET of one singular word after a static segment
        ("get", "/pets/findByStatus", "findPets"),
        ("post", "/v2/payment_intents/{intent}/confirm", "confirm"),
    ]) == {
        "linkTokenCreate": "link.token.create",
        "linkTokenGet": "link.token.get",
        "accountsGet": "accounts.get",
        "cancelEmail": "emails.cancel",
        "getEmail": "emails.retrieve",
        "alive": "health.alive",
        "me": "users.me",
        "findPets": "pets.find_by_status",
        "confirm": "payment_intents.confirm",
    }


def test_collections_resources_and_deeper_paths_keep_the_http_verb() -> None:
    assert _client([
        ("get", "/pets", "listPets"),  # the collection itself
        ("post", "/pets", "createPet"),
        ("get", "/groups/{id}/models", "groupModels"),  # a sub-collection: no verb
        ("get", "/users/self", "self"),  # two methods: a resource
        ("patch", "/users/self", "updateSelf"),
        ("get", "/store/create", "storeCreate"),  # a path goes deeper
        ("get", "/store/create/{id}", "storeCreateItem"),
        ("get", "/v1/{id}/delete", "noNamespace"),  # nothing would be left for a namespace
        ("post", "/billing_portal/sessions", "createSession"),  # not a verb, not a GET
        ("get", "/organization/costs", "costs"),  # plural: a collection
        ("post", "/accounts/{a}/login_links", "loginLink"),  # `login` only alone
        ("post", "/accounts/{a}/mark_paid", "markPaid"),  # a verb and its object
        ("get", "/accounts/{a}/balance", "balance"),  # after a parameter: not a verb
    ]) == {
        "listPets": "pets.list",
        "createPet": "pets.create",
        "groupModels": "groups.models.list",
        "self": "users.self_.list",
        "updateSelf": "users.self_.update",
        "storeCreate": "store.create.list",
        "storeCreateItem": "store.create.retrieve",
        "noNamespace": "delete.list",
        "createSession": "billing_portal.sessions.create",
        "costs": "organization.costs.list",
        "loginLink": "accounts.login_links.create",
        "markPaid": "accounts.mark_paid",
        "balance": "accounts.balance.list",
    }


def test_an_action_that_clashes_falls_back_to_the_operation_names() -> None:
    assert _client([
        ("get", "/pets", "listPets"),
        ("post", "/pets/list", "searchPets"),
        ("post", "/pets/close", "closePets"),  # the client's own `close`
    ]) == {"listPets": "pets.list_pets", "searchPets": "pets.search_pets",
           "closePets": "pets.close_"}


def test_operation_id_naming_uses_the_tag_and_the_operation_id() -> None:
    assert _client([
        ("post", "/link/token/create", "linkTokenCreate"),
        ("post", "/institutions/search", "institutionsSearch"),
        ("get", "/{id}", "byId"),
    ], method_naming="operation_id", tags={"linkTokenCreate": "Plaid Link"}) == {
        "linkTokenCreate": "plaid_link.link_token_create",
        "institutionsSearch": "institutions.institutions_search",
        "byId": "default.by_id",
    }


def test_the_overlay_places_operations_and_wins_a_clash() -> None:
    warnings: list[tuple[str, str]] = []
    placed = overlay_placements(
        [("linkTokenCreate", "tokens.new"), ("alive", "up"), ("missing", "x.y"),
         ("accountsGet", "accounts..get"), ("listPets", "pets.create")],
        ["linkTokenCreate", "alive", "accountsGet", "listPets", "createPet"],
        lambda message, key: warnings.append((message, key)))
    assert placed == {"linkTokenCreate": (("tokens",), "new"), "alive": (None, "up"),
                      "listPets": (("pets",), "create")}
    assert [key for _, key in warnings] == ["missing", "accountsGet"]
    assert _client([
        ("post", "/link/token/create", "linkTokenCreate"),
        ("get", "/health/alive", "alive"),
        ("get", "/pets", "listPets"),
        ("post", "/pets", "createPet"),
    ], overrides=placed) == {
        "linkTokenCreate": "tokens.new",
        "alive": "health.up",
        "listPets": "pets.create",
        "createPet": "pets.create_pet",  # gave way to the overlay, to its operation name
    }


_WORDS = st.sampled_from(["users", "link", "token", "accounts", "class", "list", "close",
                          "model-groups", "v2", "items", "timeout", "Property", "get"])
_VERBS = st.sampled_from(sorted(VERBS))


@st.composite
def _routes(draw: st.DrawFn) -> list[Route]:
    routes: dict[tuple[str, str], str] = {}
    for index in range(draw(st.integers(1, 12))):
        segments = draw(st.lists(st.one_of(_WORDS, st.just("{id}")), min_size=1, max_size=3))
        if draw(st.booleans()):
            segments.append(draw(_VERBS))
        path = "/" + "/".join(segments)
        method = draw(st.sampled_from(["get", "post", "put", "patch", "delete"]))
        routes.setdefault((method, path), f"op{index}")
    return [(method, path, op_id) for (method, path), op_id in routes.items()]


@settings(max_examples=300, deadline=None)
@given(_routes())
def test_names_are_unique_identifiers_and_verb_tails_are_methods(routes: list[Route]) -> None:
    placed = _client(routes)
    full = list(placed.values())
    assert len(set(full)) == len(full), "two operations share one method"
    namespaces = {tuple(name.split(".")[:i]) for name in full
                  for i in range(1, name.count(".") + 1)}
    for name in full:
        *resource, method = name.split(".")
        assert resource, "every method lives in a namespace"
        for part in (*resource, method):
            assert part.isidentifier() and not keyword.iskeyword(part), name
            assert part not in CLIENT_ATTRIBUTE.reserved, name
        assert (*resource, method) not in namespaces, f"{name} is a namespace too"
    at_path = Counter(path for _, path, _ in routes)
    deeper = {path for path in at_path if path not in leaf_paths(at_path)}
    for _, path, op_id in routes:
        last = path.split("/")[-1]
        if last.lower() in VERBS and at_path[path] == 1 and path not in deeper \
                and any(s and "{" not in s and s != "v2" for s in path.split("/")[:-1]):
            # The verb is the method, unless it clashed (then the operation name) or had to
            # move off a reserved or taken name.
            assert placed[op_id].split(".")[-1].rstrip("_0123456789") in (
                naming.snake_case(last), op_id.rstrip("0123456789")), (routes, placed[op_id])
