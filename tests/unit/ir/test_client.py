"""The generator-side decisions the client templates rely on (generator/ir/client.py and the
IR properties they read)."""

from __future__ import annotations

from dataclasses import replace

from generator.ir.api import Api
from generator.ir.client import client_imports
from generator.ir.nodes import Operation, Resource
from generator.ir.parts import (
    BodyField,
    ModuleImport,
    Parameter,
    RequestBody,
    Response,
    TypeRef,
)


def operation(*, method_name: str = "create", returns: str = "None",
              body: RequestBody | None = None,
              security: tuple[tuple[str, ...], ...] = (("key",),),
              responses: tuple[Response, ...] = ()) -> Operation:
    return Operation(
        operation_id=method_name, name=method_name, method="POST", path="/x", summary="",
        description="", tags=(), parameters=(), body=body, responses=responses,
        security=security, resource=("x",), method_name=method_name,
        return_type=TypeRef(hint=returns),
    )


# `_streaming` (with_streaming_response) goes on the same line: isort joins plain imports.
BASE = ModuleImport("_base, _streaming", "_base, _streaming", local=True)
MODELS = ModuleImport("models", "_models", local=True)


def json_body(*fields: BodyField) -> RequestBody:
    return RequestBody(content_type="application/json", type=TypeRef("_models.In", model="In"),
                       required=True, description="", fields=fields)


def test_imports_only_what_the_hints_use() -> None:
    # No operation, no `with_streaming_response`: `_streaming` would be an unused import (F401).
    assert client_imports([], ()) == ((ModuleImport("_base", "_base", local=True),),)
    assert client_imports([operation(returns="str")], ()) == ((BASE,),)
    assert client_imports([operation(returns="_models.Out")], ()) == ((BASE, MODELS),)


def test_overloads_need_typing_and_groups_follow_isort() -> None:
    field = BodyField(name="when", attribute="when", wire_name="when",
                      type=TypeRef("_pydantic.AwareDatetime"), required=True, description="")
    lines = client_imports([operation(body=json_body(field))],
                           (("pydantic", "_pydantic"), ("typing", "_typing")))
    assert lines == ((ModuleImport("typing", "_typing"),),
                     (ModuleImport("pydantic", "_pydantic"),),
                     (BASE, MODELS))


def test_a_plain_value_literal_alone_still_imports_typing() -> None:
    """An enum argument also takes its values (`_typing.Literal[...]` in `accepts`): the one
    use of `typing` in a client without overloads."""
    kind = Parameter(name="kind", wire_name="kind", location="query", required=False,
                     type=TypeRef("_models.Kind", model="Kind",
                                  accepts='_models.Kind | _typing.Literal["a"]'),
                     description="", style="form", explode=True)
    lines = client_imports([replace(operation(), parameters=(kind,))], (("typing", "_typing"),))
    assert lines == ((ModuleImport("typing", "_typing"),), (BASE, MODELS))


def test_type_imports_unused_by_the_client_are_left_out() -> None:
    error = Response(status="400", status_code=400, description="", content_type="text/plain",
                     type=TypeRef("str"), is_success=False, body_kind="text")
    lines = client_imports([operation(responses=(error,))], (("uuid", "_uuid"),))
    assert lines == ((BASE,),)


def test_methods_named_like_builtins_come_last() -> None:
    resource = Resource(name="x", class_name="X", path=("x",), children=(), operations=tuple(
        operation(method_name=name) for name in ("create", "list", "retrieve", "update")))
    assert [op.method_name for op in resource.operations_in_class_order] == [
        "create", "retrieve", "update", "list"]


def test_all_resources_puts_sub_namespaces_before_their_parent() -> None:
    def resource(*path: str, children: tuple[Resource, ...] = ()) -> Resource:
        return Resource(name=path[-1], class_name="".join(p.title() for p in path), path=path,
                        operations=(), children=children)

    groups = resource("groups", children=(resource("groups", "models"),
                                          resource("groups", "users")))
    api = Api(title="t", version="1", description="", package="p", spec_path="s",
              spec_sha256="", apigen_version="0", servers=(), base_url="http://localhost",
              security_schemes=(), operations=(), resources=(groups, resource("health")),
              env_api_key=(), env_base_url=(), model_names=(), type_imports=())
    assert [r.path for r in api.all_resources] == [
        ("groups", "models"), ("groups", "users"), ("groups",), ("health",)]


def test_a_paginated_operation_imports_the_pages_and_its_items_type() -> None:
    from generator.ir.features import Pagination

    pages = Pagination(strategy="cursor", items="data",
                       item_type=TypeRef("_pydantic.AwareDatetime"))
    op = replace(operation(returns="dict[str, str]"), pagination=pages)
    paging = ModuleImport("_pagination", "_paging", local=True)
    assert client_imports([op], (("pydantic", "_pydantic"),)) == (
        (ModuleImport("pydantic", "_pydantic"),), (BASE, paging))
    assert op.client_return_hint(False) == "_paging.SyncPage[_pydantic.AwareDatetime]"
    assert op.client_return_hint(True) == "_paging.AsyncPage[_pydantic.AwareDatetime]"
    assert operation(returns="str").client_return_hint(True) == "str"
