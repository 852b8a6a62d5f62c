"""load -> validate -> build IR -> models -> render -> format: one target, in memory."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import __version__
from .cache import cache_dir
from .config import Target
from .diagnostics import Diagnostic, GenerationError, Level
from .ir.api import Api
from .ir.build import build_api
from .ir.pagination import PaginationSettings
from .ir.served_document import served_document
from .models.generate import MODEL_OPTIONS, generate_models
from .output.api_diff import api_signature
from .output.emit import Package, header, readable_json
from .output.formatting import Formatting
from .prepare.event_envelopes import served_events
from .prepare.inline_schemas import hoist_inline_schemas
from .prepare.open_variants import open_one_of_variants
from .prepare.read_write import split_read_write
from .prepare.union_wrappers import unwrap_union_wrappers
from .render.environment import load_filters, make_environment, output_templates, render_templates
from .spec.checks import check_buildable
from .spec.document import Spec
from .spec.limits import Limits, MiB
from .spec.load import load_spec
from .spec.validate import validate_spec


@dataclass
class Result:
    package: Package
    api: Api
    diagnostics: list[Diagnostic]
    documents: list[str]
    """Absolute paths of every file the spec was read from (root first)."""


def display_path(path: Path, root: Path) -> str:
    """How a spec is named in headers and messages: relative to the project when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def spec_label(spec: Path, anchor: Path, *, outside: str = "relative") -> str:
    """How headers and the manifest name a spec: relative to `anchor` (the project root, or
    the output folder's parent), so the bytes depend neither on the current folder nor on where
    the project lives. A spec outside `anchor` is named with `..` (`outside="relative"`), or by
    its file name alone (`outside="name"`)."""
    resolved, base = spec.resolve(), anchor.resolve()
    if outside == "name" and not resolved.is_relative_to(base):
        return resolved.name
    try:
        return Path(os.path.relpath(resolved, base)).as_posix()
    except ValueError:  # another drive (Windows)
        return resolved.name


def generate_target(target: Target, *, root: Path, strict: bool = False,
                    display: str | None = None) -> Result:
    """Produce the whole package of one target, or raise GenerationError (nothing written).
    `root` is the folder a `filters` path is relative to; `display` names the spec in headers
    and messages (default: relative to `root`)."""
    if display is None:
        display = display_path(target.spec, root)
    limits = Limits() if target.max_spec_size is None else Limits(
        max_spec_bytes=int(target.max_spec_size * MiB))
    spec = load_spec(target.spec, display=display, ref_roots=target.ref_roots, limits=limits)
    known = len(spec.findings)  # what generation works around later is reported too
    pending = _PendingValidation(spec, strict=strict)
    try:
        return _generate(target, spec, pending, root=root, display=display,
                         later=lambda: _later_findings(spec, known, strict=strict))
    finally:
        pending.close()


def target_api(target: Target, *, root: Path, strict: bool = False,
               display: str | None = None) -> tuple[Api, list[Diagnostic]]:
    """The IR of one target without rendering it (`apigen names`), and what reading and
    building it reported (the validator's findings aside); `strict` makes them errors."""
    if display is None:
        display = display_path(target.spec, root)
    limits = Limits() if target.max_spec_size is None else Limits(
        max_spec_bytes=int(target.max_spec_size * MiB))
    spec = load_spec(target.spec, display=display, ref_roots=target.ref_roots, limits=limits)
    check_buildable(spec)
    hoist_inline_schemas(spec.data)
    open_one_of_variants(spec.data)
    split_read_write(spec.data)
    models = generate_models(spec.data, display=display)
    api = build_api(spec, models, package=target.package, spec_path=display,
                    apigen_version=__version__, env_api_key=target.api_key_env,
                    env_base_url=target.base_url_env, method_naming=target.naming,
                    names=target.names, names_source=target.names_source,
                    names_at=target.names_at)
    return api, _later_findings(spec, 0, strict=strict)


def _later_findings(spec: Spec, known: int, *, strict: bool) -> list[Diagnostic]:
    """Warnings recorded after validation started (renames made while building the IR)."""
    level = Level.ERROR if strict else Level.WARNING
    return [replace(d, level=level) for d in spec.findings[known:]]


def _generate(target: Target, spec: Spec, pending: _PendingValidation, *, root: Path,
              display: str, later: Callable[[], list[Diagnostic]]) -> Result:
    try:
        check_buildable(spec)
        source_document = readable_json(served_events(served_document(spec)))
        hoist_inline_schemas(spec.data)
        open_one_of_variants(spec.data)
        split_read_write(spec.data)
        unwrap_union_wrappers(spec.data)
        models = generate_models(spec.data, display=display)
    except GenerationError as exc:  # show what validation found along with the fatal error
        raise GenerationError([*pending.result(), *exc.diagnostics]) from None
    options: dict[str, Any] = {"models": MODEL_OPTIONS, "formatter": target.formatter}
    # The header (which names the spec's hash) goes on after formatting, so a spec edit does
    # not make every file's formatting a cache miss. A leading comment is left alone by black.
    formatting = Formatting(formatter=target.formatter, cache=cache_dir())
    try:
        # The models are formatted by the pool while the rest is built and rendered.
        formatting.add({"models.py": models.source})
        api = build_api(
            spec,
            models,
            package=target.package,
            spec_path=display,
            apigen_version=__version__,
            env_api_key=target.api_key_env,
            env_base_url=target.base_url_env,
            options=options,
            header_names=dict(target.header_names),
            paging=PaginationSettings(table=target.pagination, where=target.pagination_where,
                                      detect=target.detect_pagination),
            method_naming=target.naming,
            names=target.names,
            names_source=target.names_source,
            names_at=target.names_at,
        )
        filters = load_filters(target.filters, root=root) if target.filters else None
        env = make_environment(user_dir=target.templates, extra_filters=filters)

        def start(name: str, text: str) -> None:
            if name.endswith(".py") and name != "models.py":
                formatting.add({name: text})

        rendered = render_templates(env, output_templates(target.templates), {"api": api},
                                    each=start)
        rendered["models.py"] = models.source
        formatted = formatting.result()
    finally:
        formatting.close()
    stamp = header(apigen_version=__version__, spec_path=display, spec_sha256=api.spec_sha256)
    files = {name: (stamp + formatted[name] if name in formatted else text).encode("utf-8")
             for name, text in sorted(rendered.items())}
    files["py.typed"] = b""
    files["openapi.json"] = source_document.encode("utf-8")
    manifest_info = {
        "apigen_version": __version__,
        "spec": display,
        "spec_sha256": api.spec_sha256,
        "package": target.package,
        "options": options,
        "signature": api_signature(api, models),
    }
    diagnostics = [*pending.result(), *later()]
    if any(d.level is Level.ERROR for d in diagnostics):
        raise GenerationError(diagnostics)
    documents = [str(path) for path in spec.documents]
    return Result(Package(files=files, manifest_info=manifest_info), api, diagnostics, documents)


# Validating a large spec takes seconds; a forked child does it while models are generated and
# templates rendered. The child sees the spec as loaded (copy-on-write), before hoisting.
_BACKGROUND_MIN_CHARS = 500_000


class _PendingValidation:
    def __init__(self, spec: Spec, *, strict: bool) -> None:
        self._result: list[Diagnostic] | None = None
        self._process: Any = None
        size = sum(len(document.text) for document in spec.documents.values())
        methods = multiprocessing.get_all_start_methods()
        if size < _BACKGROUND_MIN_CHARS or "fork" not in methods:
            self._result = validate_spec(spec, strict=strict)
            return
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)

        def run() -> None:
            try:
                sender.send(validate_spec(spec, strict=strict))
            except BaseException as exc:  # hand any failure to the parent, which re-raises
                sender.send(exc)

        self._process = context.Process(target=run, daemon=True)
        self._process.start()

    def result(self) -> list[Diagnostic]:
        if self._result is None:
            value = self._receiver.recv()
            self._process.join()
            self._process = None
            if isinstance(value, BaseException):
                raise value
            self._result = list(value)
        return self._result

    def close(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._process = None

