"""`[tool.apigen]` in pyproject.toml -> typed targets. Without it: every `specs/*.yaml|yml|json`
becomes `generated/<stem>/`."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import naming
from .diagnostics import Diagnostic, GenerationError, Level, escape_pointer_token, shown_path
from .ir.transport import header_name_problem

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

SPEC_SUFFIXES = (".yaml", ".yml", ".json")
# The transport's header settings (`<field>_header` keys; see `ir.parts.TransportHeaders`).
HEADER_FIELDS = ("idempotency", "retry_count", "request_id")
_TARGET_KEYS = {
    "spec", "package", "output", "templates", "filters", "formatter", "api_key_env",
    "base_url_env", "ref_roots", "max_spec_size", "pagination", "detect_pagination",
    "naming", "names", *(f"{f}_header" for f in HEADER_FIELDS),
}
NAMINGS = ("path", "operation_id")


@dataclass(frozen=True)
class Target:
    """One spec and where its package goes: `<output>/<package>/`."""

    spec: Path
    package: str
    output: Path
    templates: Path | None = None
    formatter: str = "black"
    """`black` (the default) or `ruff` (ruff's formatter: much faster on very large specs)."""
    filters: str | None = None
    """Module (dotted name importable from the project root, or a `.py` path) whose public
    functions become Jinja filters."""
    api_key_env: tuple[str, ...] = ()
    """Extra environment variables for the credential (after `<PACKAGE>_API_KEY`)."""
    base_url_env: tuple[str, ...] = ()
    """Extra environment variables for the base URL (after `<PACKAGE>_BASE_URL`)."""
    ref_roots: tuple[Path, ...] = ()
    """Folders besides the spec's own that external `$ref`s may read from."""
    max_spec_size: float | None = None
    """Largest spec file read, in MiB (default: `limits.MAX_SPEC_BYTES`)."""
    header_names: tuple[tuple[str, str | None], ...] = ()
    """The transport headers configured (`idempotency`, `retry_count`, `request_id`; None
    for none), which win over the document's `x-apigen-*-header` extensions."""
    pagination: dict[str, Any] = field(default_factory=dict)
    """operationId -> pagination settings (as in `x-apigen-pagination`), or false; checked
    against the spec when it is read (see `ir/pagination.py`)."""
    pagination_where: str = "pyproject.toml [tool.apigen]"
    """Where `pagination` is configured, for messages."""
    detect_pagination: bool = True
    """Detect the common pagination shapes (`detect_pagination = false`, or
    `--no-detect-pagination`, turns it off)."""
    naming: str = "path"
    """How client methods are named: `path` (namespaces from the path, methods from the HTTP
    method or a trailing action segment) or `operation_id` (namespace from the first tag,
    method from the snake_case operationId)."""
    names: tuple[tuple[str, str], ...] = ()
    """The names overlay: (operationId, `namespace.method` or `method`) pairs, in file order."""
    names_source: str = "pyproject.toml"
    """The file the overlay was read from, for its warnings."""
    names_at: tuple[tuple[str, str, int | None], ...] = ()
    """Where each overlay entry is: (operationId, JSON pointer into the TOML, line)."""

    @property
    def directory(self) -> Path:
        return self.output / self.package


def default_package(spec: Path) -> str:
    """The package name a spec gets when none is chosen: its file stem, made acceptable."""
    return naming.suggested_package_name(spec.stem)


def package_warning(spec: Path, *, display: str) -> Diagnostic | None:
    """Say so when the name derived from the spec's file name is not its plain stem."""
    plain = naming.snake_case(spec.stem)
    chosen = default_package(spec)
    if chosen == plain:
        return None
    reason = naming.package_name_problem(plain) or "is reserved"
    return Diagnostic(Level.WARNING, f"no package name given and {plain!r} {reason}; using "
                      f"{chosen!r} (choose one with --package or a target's `package`)", display)


def check_package_name(name: str, *, file: str) -> str:
    problem = naming.package_name_problem(name)
    if problem is not None:
        raise GenerationError.single(
            f"package name {name!r} {problem}; try {naming.suggested_package_name(name)!r}",
            file=file,
        )
    return name


def find_project(start: Path) -> Path | None:
    """The nearest folder at or above `start` whose pyproject.toml has a [tool.apigen] table
    (as ruff and pytest find their configuration), or None."""
    start = start.resolve()
    for folder in (start, *start.parents):
        pyproject = folder / "pyproject.toml"
        try:
            text = pyproject.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if "apigen" not in text:
            continue
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise GenerationError.single(f"invalid TOML: {exc}",
                                         file=shown_path(pyproject)) from None
        tool = data.get("tool")
        if isinstance(tool, dict) and isinstance(tool.get("apigen"), dict):
            return folder
    return None


def _formatter(value: Any, *, file: str) -> str:
    if value not in ("black", "ruff"):
        raise GenerationError.single(
            f"formatter must be 'black' or 'ruff', not {value!r}", file=file)
    return str(value)


def _strings(value: Any, *, key: str, file: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise GenerationError.single(f"[tool.apigen] {key} must be a string or list of strings",
                                 file=file)


def _size(value: Any, *, file: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise GenerationError.single(
            f"max_spec_size must be a positive number of MiB, not {value!r}", file=file)
    return float(value)


def _header_names(raw: dict[str, Any], table: dict[str, Any], *,
                  file: str) -> tuple[tuple[str, str | None], ...]:
    """The `<field>_header` settings given (the target's, else the table's): a header name,
    or `false` (or "") for none."""
    names: list[tuple[str, str | None]] = []
    for setting in HEADER_FIELDS:
        key = f"{setting}_header"
        value = raw.get(key, table.get(key))
        if value is None:
            continue
        problem = header_name_problem(value)
        if problem is not None:
            raise GenerationError.single(f"{key} {problem}", file=file)
        names.append((setting, value or None))
    return tuple(names)


def _pagination(value: Any, *, file: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise GenerationError.single(
            "pagination must be a table: operationId -> settings (or false)", file=file)
    return dict(value)


def _flag(value: Any, *, key: str, file: str) -> bool:
    if not isinstance(value, bool):
        raise GenerationError.single(f"{key} must be true or false, not {value!r}", file=file)
    return value


def _naming(value: Any, *, file: str) -> str:
    if value not in NAMINGS:
        raise GenerationError.single(
            f"naming must be one of {', '.join(map(repr, NAMINGS))}, not {value!r}", file=file)
    return str(value)


def _names(value: Any, *, file: str) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise GenerationError.single(
            'names must be a table of operationId = "namespace.method" strings', file=file)
    return tuple(value.items())


def _located(names: dict[str, str], pointer: str, text: str
             ) -> tuple[tuple[str, str, int | None], ...]:
    """Each overlay entry's JSON pointer in the TOML and the line its key is first written on
    (None when it cannot be found, a key spelled with escapes)."""
    located = []
    for key in names:
        match = re.search(rf"""(?m)(?:^|[{{,])[ \t]*(["']?){re.escape(key)}\1[ \t]*=""", text)
        line = text.count("\n", 0, match.start()) + 1 if match else None
        located.append((key, f"{pointer}/{escape_pointer_token(key)}", line))
    return tuple(located)


def project_naming(root: Path) -> dict[str, Any]:
    """The method naming settings `[tool.apigen]` gives every spec (`naming`, `names`), as
    `Target` fields: for a spec the project does not configure as a target."""
    targets = load_targets(root, defaults_only=True)
    if not targets:
        return {}
    return {"naming": targets[0].naming, "names": targets[0].names,
            "names_source": targets[0].names_source, "names_at": targets[0].names_at}


def load_targets(root: Path, *, warnings: list[Diagnostic] | None = None,
                 defaults_only: bool = False) -> list[Target]:
    """Targets from `root/pyproject.toml`, or the `specs/` default when it configures none.
    Paths in the table are relative to `root`. A package name derived from a spec's file name
    that had to be changed adds a warning to `warnings`."""
    pyproject = root / "pyproject.toml"
    table: dict[str, Any] = {}
    if pyproject.is_file():
        try:
            table = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise GenerationError.single(f"invalid TOML: {exc}",
                                         file=shown_path(pyproject)) from None
        table = table.get("tool", {}).get("apigen", {})
    display = f"{shown_path(pyproject)} [tool.apigen]"

    def derived(spec: Path) -> str:
        warning = package_warning(spec, display=shown_path(spec))
        if warning is not None and warnings is not None:
            warnings.append(warning)
        return default_package(spec)

    naming_default = _naming(table.get("naming", "path"), file=display)
    names_default = dict(_names(table.get("names"), file=display))
    text = pyproject.read_text(encoding="utf-8") if table else ""
    shared: dict[str, Any] = {
        "names_source": shown_path(pyproject),
        "names_at": _located(names_default, "/tool/apigen/names", text),
        "header_names": _header_names({}, table, file=display),
        "detect_pagination": _flag(table.get("detect_pagination", True),
                                   key="detect_pagination", file=display)}
    if defaults_only:
        return [Target(spec=root, package="api", output=root, naming=naming_default,
                       names=tuple(names_default.items()), **shared)]
    raw_targets = table.get("targets")
    if raw_targets is None:
        specs = sorted(p for p in (root / "specs").glob("*") if p.suffix in SPEC_SUFFIXES)
        default_output = root / str(table.get("output", "generated"))
        return [Target(spec=p, package=derived(p), output=default_output,
                       naming=naming_default, names=tuple(names_default.items()), **shared)
                for p in specs]
    if not isinstance(raw_targets, list):
        raise GenerationError.single("[tool.apigen] targets must be an array of tables",
                                     file=display)
    targets: list[Target] = []
    for index, raw in enumerate(raw_targets):
        where = f"{display} targets[{index}]"
        if not isinstance(raw, dict) or not isinstance(raw.get("spec"), str):
            raise GenerationError.single("each target needs a 'spec' path", file=where)
        unknown = set(raw) - _TARGET_KEYS
        if unknown:
            raise GenerationError.single(
                f"unknown keys {sorted(unknown)}; allowed: {sorted(_TARGET_KEYS)}", file=where
            )
        spec = root / raw["spec"]
        own_names = dict(_names(raw.get("names"), file=where))
        package = (check_package_name(str(raw["package"]), file=where) if raw.get("package")
                   else derived(spec))
        templates = raw.get("templates")
        targets.append(Target(
            spec=spec,
            package=package,
            output=root / str(raw.get("output", table.get("output", "generated"))),
            templates=root / templates if isinstance(templates, str) else None,
            filters=str(raw["filters"]) if raw.get("filters") else None,
            formatter=_formatter(raw.get("formatter", table.get("formatter", "black")),
                                 file=where),
            api_key_env=_strings(raw.get("api_key_env", []), key="api_key_env", file=where),
            base_url_env=_strings(raw.get("base_url_env", []), key="base_url_env", file=where),
            ref_roots=tuple(root / r for r in _strings(
                raw.get("ref_roots", table.get("ref_roots", [])), key="ref_roots", file=where)),
            max_spec_size=_size(raw.get("max_spec_size", table.get("max_spec_size")),
                                file=where),
            header_names=_header_names(raw, table, file=where),
            pagination=_pagination(raw.get("pagination"), file=where),
            pagination_where=where,
            detect_pagination=_flag(
                raw.get("detect_pagination", table.get("detect_pagination", True)),
                key="detect_pagination", file=where),
            naming=_naming(raw.get("naming", naming_default), file=where),
            names=tuple({**names_default, **own_names}.items()),
            names_source=shown_path(pyproject),
            names_at=(*shared["names_at"],
                      *_located(own_names, f"/tool/apigen/targets/{index}/names", text)),
        ))
    return targets
