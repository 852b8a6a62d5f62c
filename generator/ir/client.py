"""Decisions only the generated client needs: what `_client.py` imports.

`_client.py` prints the operations' type hints (parameters, body and its fields, responses,
return types) and declares `typing.overload`s for operations whose body is offered field by
field. Its imports must match exactly: an unused import fails `ruff check` on the output.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator

from .features import PAGING_MODULE
from .nodes import Operation
from .parts import ModuleImport

MODELS_ALIAS = "_models"
TYPING_ALIAS = "_typing"


def client_hints(operation: Operation) -> Iterator[str]:
    """Every type hint `_client.py` prints for `operation`."""
    yield operation.return_type.hint
    if operation.pagination is not None:
        yield operation.pagination.item_type.hint
    for parameter in operation.parameters:
        yield parameter.type.argument_hint
    if operation.body is not None:
        yield operation.body.client_hint
        for field in operation.body.fields:
            yield field.type.argument_hint
        if operation.body.alternatives:
            yield operation.body.media_choice_hint
    if operation.events is not None:
        yield operation.events.hint
    for response in operation.responses:
        if response.body_kind == "json" and response.type is not None:
            yield response.type.hint


def _names(hint: str) -> set[str]:
    try:
        tree = ast.parse(hint, mode="eval")
    except SyntaxError:
        return set()
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def client_imports(
    operations: tuple[Operation, ...] | list[Operation],
    type_imports: tuple[tuple[str, str], ...],
) -> tuple[tuple[ModuleImport, ...], ...]:
    """The imports of `_client.py`, in the groups and order isort wants: the hint modules it
    uses, `typing` for overloads, then `_base` and (when there are operations) `_streaming`,
    `_pagination` (as `_paging`) when an operation is paginated and, when a hint names a model,
    the sibling `models` module."""
    used: set[str] = set()
    for operation in operations:
        for hint in client_hints(operation):
            used |= _names(hint)
    if any(op.body is not None and op.body.fields for op in operations):
        used.add(TYPING_ALIAS)
    if any(op.events is not None and op.events.param for op in operations):
        used.add(TYPING_ALIAS)  # `Literal[True]` of the overloads
    aliases = dict(type_imports)
    aliases.setdefault("typing", TYPING_ALIAS)
    stdlib: list[ModuleImport] = []
    third_party: list[ModuleImport] = []
    for module, alias in sorted(aliases.items()):
        if alias in used:
            group = stdlib if module.split(".")[0] in sys.stdlib_module_names else third_party
            group.append(ModuleImport(module, alias))
    # One line for both (isort joins plain imports from the same package); `_streaming` serves
    # `with_streaming_response` and event streams, so a document without operations skips it.
    runtime = "_base, _streaming" if operations else "_base"
    local = [ModuleImport(runtime, runtime, local=True)]
    if any(op.pagination is not None for op in operations):
        local.append(ModuleImport("_pagination", PAGING_MODULE, local=True))
    if MODELS_ALIAS in used:
        local.append(ModuleImport("models", MODELS_ALIAS, local=True))
    return tuple(tuple(group) for group in (stdlib, third_party, local) if group)
