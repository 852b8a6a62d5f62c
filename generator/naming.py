"""The single source of truth for Python identifiers derived from spec strings."""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from collections.abc import Iterable

_RESERVED = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | {"self", "cls"}
_BUILTINS = frozenset(dir(builtins))
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z0-9]+|[A-Z]+|[0-9]+")


def _ascii_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _WORD.findall(folded)


def snake_case(text: str) -> str:
    """`createModel` -> `create_model`, `model-groups` -> `model_groups`."""
    words = _ascii_words(text)
    return "_".join(w.lower() for w in words)


def pascal_case(text: str) -> str:
    """`model-groups` -> `ModelGroups`; keeps inner capitals (`createModel` -> `CreateModel`)."""
    return "".join(w[:1].upper() + w[1:] for w in _ascii_words(text))


def safe_identifier(name: str, *, fallback: str = "value", avoid_builtins: bool = False) -> str:
    """Make `name` a valid, non-reserved identifier; keywords get a trailing underscore."""
    if not name:
        name = fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if name in _RESERVED or (avoid_builtins and name in _BUILTINS):
        name = f"{name}_"
    if name.startswith("__") and name.endswith("__"):
        name = name.strip("_") + "_"
    return name


def snake_identifier(text: str, *, fallback: str = "value", avoid_builtins: bool = False) -> str:
    return safe_identifier(snake_case(text), fallback=fallback, avoid_builtins=avoid_builtins)


def pascal_identifier(text: str, *, fallback: str = "Model") -> str:
    return safe_identifier(pascal_case(text), fallback=fallback)


def class_identifier(text: str, *, fallback: str = "Schema") -> str:
    """A PascalCase class name datamodel-code-generator keeps as it is: `pet.owner` ->
    `PetOwner`, `9lives` -> `Schema9lives`, `None` -> `NoneSchema`."""
    name = pascal_case(text) or fallback
    if name[0].isdigit():
        name = fallback + name
    if keyword.iskeyword(name):
        name += fallback
    return name


def unique(name: str, taken: Iterable[str]) -> str:
    """`name`, or `name_2`, `name_3`, ... whichever is first not in `taken`."""
    used = set(taken)
    if name not in used:
        return name
    n = 2
    while f"{name}_{n}" in used:
        n += 1
    return f"{name}_{n}"


def env_prefix(package: str) -> str:
    """Environment variable prefix for a package: `scope3_ai` -> `SCOPE3_AI`."""
    return snake_case(package).upper() or "API"
