"""The single source of truth for Python identifiers derived from spec strings."""

from __future__ import annotations

import builtins
import importlib.metadata
import keyword
import re
import sys
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


# What a generated package imports at run time: pyproject's `runtime` extra.
RUNTIME_DISTRIBUTIONS = ("pydantic", "email-validator", "httpx", "fastapi", "uvicorn",
                         "python-multipart")
# The top-level import names of those distributions and of everything they require. A fixed
# list, so a package name is accepted or refused the same way on every machine; a test derives
# the set from the installed metadata and fails when a dependency brings a new name.
RUNTIME_IMPORT_NAMES = frozenset({
    "pydantic", "pydantic_core", "pydantic_settings", "annotated_types", "annotated_doc",
    "typing_extensions", "typing_inspection", "email_validator", "dns", "idna", "httpx",
    "httpcore", "h11", "h2", "hpack", "hyperframe", "certifi", "anyio", "sniffio",
    "exceptiongroup", "fastapi", "starlette", "uvicorn", "click", "colorama", "multipart",
    "python_multipart", "opentelemetry", "importlib_metadata", "zipp",
})
_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def installed_import_names(seeds: Iterable[str]) -> frozenset[str]:
    """The import names of `seeds` and of everything they require (extras aside), as far as
    the installed metadata tells."""
    names: set[str] = set()
    pending = [_canonical(seed) for seed in seeds]
    seen: set[str] = set()
    while pending:
        dist_name = pending.pop()
        if dist_name in seen:
            continue
        seen.add(dist_name)
        try:
            dist = importlib.metadata.distribution(dist_name)
        except importlib.metadata.PackageNotFoundError:
            continue
        names |= _top_level(dist)
        for requirement in dist.requires or ():
            marker = requirement.partition(";")[2]
            match = _REQUIREMENT_NAME.match(requirement)
            if match and "extra" not in marker:
                pending.append(_canonical(match.group(1)))
    return frozenset(names)


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _top_level(dist: importlib.metadata.Distribution) -> set[str]:
    listed = dist.read_text("top_level.txt")
    if listed:
        return {line.strip() for line in listed.splitlines() if line.strip().isidentifier()}
    names: set[str] = set()
    for file in dist.files or ():
        first = file.parts[0]
        if len(file.parts) == 1:
            first = first.removesuffix(".py") if first.endswith(".py") else first.split(".")[0]
        if first.isidentifier() and not first.startswith("__"):
            names.add(first)
    return names


def package_name_problem(name: str) -> str | None:
    """Why `name` cannot be a generated package's name (None when it can): it must be importable
    and must not shadow a module that the package or a script beside it imports."""
    if not name.isidentifier() or not name.isascii() or name != name.lower():
        return "is not a lower-case Python identifier"
    if keyword.iskeyword(name):
        return "is a Python keyword, so the package could not be imported"
    if name in sys.stdlib_module_names:
        return "is a standard-library module, which the package would shadow"
    if name in RUNTIME_IMPORT_NAMES:
        return "is a module the generated code needs at run time, which the package would shadow"
    return None


def suggested_package_name(text: str) -> str:
    """A package name close to `text` that `package_name_problem` accepts: `class` ->
    `class_`, `typing` -> `typing_api`, `My-API` -> `my_api`."""
    name = snake_identifier(text, fallback="api")
    for _ in range(5):
        if package_name_problem(name) is None:
            return name
        name = f"{name}_" if keyword.iskeyword(name) else f"{name}_api"
    return name
