"""The Jinja environment: user templates first, built-ins after, and the filters that keep spec
strings inert wherever a template prints them."""

from __future__ import annotations

import importlib.util
import pickle
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2

from .. import naming
from ..cache import cache_dir, write_cache_file
from ..diagnostics import GenerationError
from ..literals import comment, docstring, pyrepr, pystr
from .server_markers import fastapi_marker

BUILTIN_PREFIX = "builtin:"
TEMPLATE_SUFFIX = ".jinja"
# Folders of the template tree that hold macros and partials, never rendered on their own.
PARTIAL_DIRS = ("macros",)
# Every generated package has it: a built-in template folder without it is a broken install.
_ENTRY_TEMPLATE = "__init__.py.jinja"



def builtin_template_dir() -> Path:
    """Built-in templates: the folder of the `generator.templates` package, which the install
    maps to the repository's top-level `templates/` (setup.py). Editable, wheel and sdist
    installs are all found the same way; a folder without the templates is a broken install and
    an error, never an empty set of templates (which would quietly generate models only)."""
    package = f"{__name__.partition('.')[0]}.templates"
    try:
        spec = importlib.util.find_spec(package)
    except ImportError:
        spec = None
    locations = list((spec and spec.submodule_search_locations) or [])
    for location in locations:
        if (Path(location) / _ENTRY_TEMPLATE).is_file():
            return Path(location)
    detail = (f"no {_ENTRY_TEMPLATE} in {', '.join(locations)}" if locations
              else f"no package {package}")
    raise GenerationError.single(
        f"apigen's built-in templates are missing ({detail}): the installation is broken; "
        "reinstall apigen (from a clone: pip install -e .)",
        file=str(Path(__file__).resolve().parent))



FILTERS: dict[str, Callable[..., Any]] = {
    "docstring": docstring,
    "comment": comment,
    "pystr": pystr,
    "pyrepr": pyrepr,
    "snake": naming.snake_case,
    "pascal": naming.pascal_case,
    "fastapi_marker": fastapi_marker,
}


def load_filters(spec: str, *, root: Path) -> dict[str, Callable[..., Any]]:
    """Public functions of a user's module, by name: `team_filters` or `tools/filters.py`."""
    import importlib
    import importlib.util
    import sys

    try:
        if spec.endswith(".py"):
            path = (root / spec).resolve()
            module_spec = importlib.util.spec_from_file_location(f"_apigen_filters_{path.stem}",
                                                                 path)
            if module_spec is None or module_spec.loader is None:
                raise ImportError(f"cannot load {path}")
            module = importlib.util.module_from_spec(module_spec)
            module_spec.loader.exec_module(module)
        else:
            sys.path.insert(0, str(root))
            try:
                module = importlib.import_module(spec)
            finally:
                sys.path.remove(str(root))
    except Exception as exc:  # any failure importing user code is bad input
        raise GenerationError.single(f"cannot import filters module {spec!r}: {exc}",
                                     file="pyproject.toml [tool.apigen]") from None
    return {
        name: value for name, value in vars(module).items()
        if callable(value) and not name.startswith("_")
        and getattr(value, "__module__", None) == module.__name__
    }


class _TemplateCodeCache(jinja2.BytecodeCache):
    """Compiled templates, shared by every environment of the process (a run with several
    targets compiles each template once) and kept in the user cache folder for the next run.
    Jinja keys entries by template file name and checks the source's hash before use."""

    def __init__(self) -> None:
        self._memory: dict[str, bytes] = {}

    def _path(self, key: str) -> Path | None:
        root = cache_dir()
        return None if root is None else root / "templates" / f"{key}.code"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._memory.get(bucket.key)
        path = self._path(bucket.key)
        if data is None and path is not None:
            try:
                data = path.read_bytes()
            except OSError:
                return
        if data is not None:
            try:
                bucket.bytecode_from_string(data)
            except (EOFError, ValueError, TypeError, pickle.UnpicklingError):  # damaged: a miss
                bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = bucket.bytecode_to_string()
        if self._memory.get(bucket.key) != data:
            self._memory[bucket.key] = data
            write_cache_file(self._path(bucket.key), data)


_CODE_CACHE = _TemplateCodeCache()


def make_environment(
    *, user_dir: Path | None = None, extra_filters: dict[str, Callable[..., Any]] | None = None
) -> jinja2.Environment:
    """User folder first (same relative path replaces a built-in), then the built-ins, which a
    user template can also reach explicitly as `builtin:<path>` to extend them."""
    builtin = jinja2.FileSystemLoader(str(builtin_template_dir()))
    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(user_dir)))
    loaders.append(jinja2.PrefixLoader({BUILTIN_PREFIX.rstrip(":"): builtin}, delimiter=":"))
    loaders.append(builtin)
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_CODE_CACHE,
    )
    env.filters.update(FILTERS)
    if extra_filters:
        env.filters.update(extra_filters)
    return env


def _template_names(root: Path) -> Iterator[str]:
    for path in sorted(root.rglob(f"*{TEMPLATE_SUFFIX}")):
        relative = path.relative_to(root)
        if relative.parts[0] in PARTIAL_DIRS:
            continue
        yield relative.as_posix()


def output_templates(user_dir: Path | None) -> list[str]:
    """Every template that produces a file: built-ins plus the user's own additions."""
    names = set(_template_names(builtin_template_dir()))
    if user_dir is not None:
        names |= set(_template_names(user_dir))
    return sorted(names)


def template_blocks(name: str) -> list[str]:
    """Names of the `{% block %}`s a built-in template defines, in order (the override seams)."""
    return [block for block, _ in template_seams(name)]


def template_seams(name: str) -> list[tuple[str, tuple[str, ...]]]:
    """Each `{% block %}` of a built-in template with the loop variables an override sees: a
    `scoped` block inside `{% for %}` loops is rendered once per iteration with the loops'
    targets (and the `{% set %}`s of their bodies); other blocks see only `api`."""
    env = make_environment()
    source = (builtin_template_dir() / name).read_text(encoding="utf-8")
    seams: list[tuple[str, tuple[str, ...]]] = []

    def visit(nodes: list[jinja2.nodes.Node], scope: tuple[str, ...]) -> None:
        for node in nodes:
            if isinstance(node, jinja2.nodes.Block):
                seams.append((node.name, scope if node.scoped else ()))
                visit(node.body, scope)
            elif isinstance(node, jinja2.nodes.For):
                visit(node.body, scope + _target_names(node.target))
                visit(node.else_, scope)
            elif isinstance(node, jinja2.nodes.Assign) and scope:
                scope += tuple(n for n in _target_names(node.target) if n not in scope)
            elif not isinstance(node, jinja2.nodes.Macro):
                visit(list(node.iter_child_nodes()), scope)

    visit(env.parse(source).body, ())
    return seams


def _target_names(target: jinja2.nodes.Node) -> tuple[str, ...]:
    if isinstance(target, jinja2.nodes.Name):
        return (target.name,)
    return tuple(n.name for n in target.find_all(jinja2.nodes.Name))


def render_templates(env: jinja2.Environment, names: list[str], context: dict[str, Any], *,
                     each: Callable[[str, str], None] | None = None) -> dict[str, str]:
    """Render each template to its output path (the name without `.jinja`); `each(path, text)`
    hears of every file as soon as it is rendered."""
    out: dict[str, str] = {}
    for name in names:
        try:
            text = env.get_template(name).render(**context)
        except jinja2.TemplateSyntaxError as exc:
            raise GenerationError.single(
                f"template syntax error: {exc.message}", file=exc.filename or name,
                line=exc.lineno,
            ) from None
        except jinja2.UndefinedError as exc:
            raise GenerationError.single(
                f"template error: {exc.message}", file=name, line=_template_line(exc),
            ) from None
        except jinja2.TemplateError as exc:
            raise GenerationError.single(f"template error: {exc}", file=name) from None
        if text.strip():
            out[name[: -len(TEMPLATE_SUFFIX)]] = text
            if each is not None:
                each(name[: -len(TEMPLATE_SUFFIX)], text)
    return out


def _template_line(exc: BaseException) -> int | None:
    """The template line an exception was raised from (Jinja keeps it in the traceback)."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(TEMPLATE_SUFFIX):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
