"""`typing.get_type_hints()` resolves every client method's annotations, in every golden case:
tools that read hints at run time (IDEs' runtime inspection, validators, `inspect`-based CLIs)
see real types, not strings that only the generated `_base` module could evaluate."""

from __future__ import annotations

import importlib
import inspect
import typing

import pytest
from golden_cases import GOLDEN, golden_package

CASES = sorted(path.parent.name for path in GOLDEN.glob("*/expected"))


def _methods(package_name: str) -> list[tuple[str, typing.Any]]:
    module = importlib.import_module(f"{package_name}._client")
    found: list[tuple[str, typing.Any]] = []
    for class_name, cls in vars(module).items():
        if not inspect.isclass(cls) or cls.__module__ != module.__name__:
            continue
        for name, member in vars(cls).items():
            if inspect.isfunction(member) and not name.startswith("__"):
                found.append((f"{class_name}.{name}", member))
        if "__init__" in vars(cls):
            found.append((f"{class_name}.__init__", vars(cls)["__init__"]))
    return found


@pytest.mark.parametrize("case", CASES)
def test_every_client_method_has_resolvable_type_hints(case: str) -> None:
    golden_package(case)
    methods = _methods(case)
    assert methods
    failures = []
    for qualified, function in methods:
        try:
            typing.get_type_hints(function)
        except Exception as exc:
            failures.append(f"{qualified}: {type(exc).__name__}: {exc}")
    assert not failures, "\n".join(failures)
