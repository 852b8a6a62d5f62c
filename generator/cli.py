"""Command line: `apigen generate`, `apigen generate --check`, `apigen names`,
`apigen templates list`.

Exit codes: 0 success, 1 generated code is out of date (`--check`), 2 bad input (a spec, the
configuration, the command line, or a filesystem problem with the output), 3 internal error.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from . import serve as serve_command
from .arguments import parser
from .config import (
    Target,
    check_package_name,
    default_package,
    find_project,
    load_targets,
    package_warning,
    project_naming,
)
from .diagnostics import Diagnostic, GenerationError, Level, shown_path
from .ir.api import Api
from .output import runcache
from .output.api_diff import compare
from .output.api_diff import summary as change_summary
from .output.emit import (
    MANIFEST,
    check_output_location,
    diff_package,
    edited_files,
    output_lock,
    read_manifest,
    write_package_or_refuse,
)
from .pipeline import Result, display_path, generate_target, spec_label, target_api
from .render.environment import builtin_template_dir, template_seams

EXIT_OK, EXIT_DRIFT, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE


@dataclass(frozen=True)
class _Job:
    """One target of this run and how it is placed."""

    target: Target
    root: Path
    """The folder the target's relative settings (a `filters` path) and messages refer to: the
    project root for a configured target, else the current folder."""
    display: str
    """The spec as headers, the manifest and messages name it (see `spec_label`)."""


def _jobs(args: argparse.Namespace, cwd: Path, warnings: list[Diagnostic]) -> list[_Job]:
    """The configured targets of the project (the nearest pyproject.toml with [tool.apigen] at
    or above `cwd`), or the one SPEC; command-line options win over the config."""
    project = find_project(cwd)
    root = project or cwd
    if args.spec is None:
        if args.package or args.output:
            raise GenerationError.single("--package and --output need a SPEC argument",
                                         file="command line")
        jobs = [_Job(t, root, spec_label(t.spec, root))
                for t in load_targets(root, warnings=warnings)]
    else:
        configured = {t.spec.resolve(): t for t in load_targets(root)}
        base = configured.get(args.spec.resolve())
        if args.package:
            package = check_package_name(args.package, file="command line")
        elif base is not None:
            package = base.package
        else:
            package = default_package(args.spec)
            warning = package_warning(args.spec, display=shown_path(args.spec))
            warnings.extend([warning] if warning is not None else [])
        if base is not None:  # a configured spec: named as the configured run names it
            target = replace(base, spec=args.spec, package=package,
                             output=args.output if args.output is not None else base.output)
            jobs = [_Job(target, root, spec_label(args.spec, root))]
        else:  # named relative to the output folder's parent (else by its file name alone),
            # wherever apigen runs from and wherever the project lives
            output = args.output if args.output is not None else cwd / "generated"
            target = Target(spec=args.spec, package=package, output=output,
                            **(project_naming(root) if project is not None else {}))
            label = spec_label(args.spec, output.resolve().parent, outside="name")
            jobs = [_Job(target, cwd, label)]
    filters = getattr(args, "filters", None)
    if filters is not None and filters.endswith(".py"):
        filters = str(Path(filters).resolve())  # a command-line path is relative to here
    overrides = {
        key: value for key, value in (
            ("templates", args.templates),
            ("formatter", getattr(args, "formatter", None)),
            ("filters", filters),
        ) if value is not None
    }
    if getattr(args, "no_detect_pagination", False):
        overrides["detect_pagination"] = False
    if getattr(args, "max_spec_size", None) is not None:
        if args.max_spec_size <= 0:
            raise GenerationError.single("--max-spec-size must be a positive number of MiB",
                                         file="command line")
        overrides["max_spec_size"] = args.max_spec_size
    extra_roots = tuple(getattr(args, "ref_roots", None) or ())
    return [replace(job, target=replace(job.target, **overrides,
                                        ref_roots=(*job.target.ref_roots, *extra_roots)))
            for job in jobs]


def _generate(args: argparse.Namespace) -> int:
    warnings: list[Diagnostic] = []
    jobs = _jobs(args, Path.cwd(), warnings)
    if not args.quiet:
        for warning in warnings:
            print(warning.format(), file=sys.stderr)
    if not jobs:
        print("apigen: nothing to generate: no [tool.apigen] targets and no specs/*.yaml",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    for job in jobs:
        if job.target.spec.is_dir():
            raise GenerationError.single("is a folder, not a spec file",
                                         file=shown_path(job.target.spec))
        templates = job.target.templates
        if templates is not None and not templates.is_dir():
            raise GenerationError.single("is not a folder of templates (--templates or a "
                                         "target's `templates`)", file=shown_path(templates))
        check_output_location(job.target.directory)
    with contextlib.ExitStack() as locks:
        # One run at a time per package folder; a second one waits, then sees the result.
        folders = {job.target.directory.resolve(): job for job in jobs}
        for folder in sorted(folders):
            job = folders[folder]
            locks.enter_context(output_lock(
                folder, label=display_path(job.target.directory, job.root)))
        return _generate_locked(args, jobs)


def _generate_locked(args: argparse.Namespace, jobs: list[_Job]) -> int:
    # Build everything first: one bad spec writes nothing at all. A target whose inputs and
    # output are as the last run left them is not rebuilt (result None).
    results: list[tuple[_Job, Result | None]] = []
    for job in jobs:
        target, root = job.target, job.root
        # -v lists what the IR found (paginated operations), so it always builds.
        fresh = args.force or getattr(args, "verbose", False)
        cached = None if fresh else runcache.lookup(target, root=root, strict=args.strict)
        if cached is not None and _named_spec(target.directory) != job.display:
            cached = None  # the spec is named differently now: the headers change
        result = None if cached is not None else generate_target(
            target, root=root, strict=args.strict, display=job.display)
        shown = result.diagnostics if result is not None else cached or []
        if not args.quiet:
            for diagnostic in shown:
                print(diagnostic.format(), file=sys.stderr)
        if result is not None and getattr(args, "verbose", False) and not args.quiet:
            for line in pagination_lines(result.api):
                print(line, file=sys.stderr)
        results.append((job, result))
    if not args.check and not args.force:
        _refuse_hand_edits([j for j, r in results if r is not None])
    drift = False
    for job, result in results:
        target, root = job.target, job.root
        label = display_path(target.directory, root)
        if result is None:
            if args.summary:
                sys.stdout.write(change_summary([], label=label))
            if not args.quiet:
                print(f"{label}: {'up to date' if args.check else 'unchanged'}", file=sys.stderr)
            continue
        if args.summary:
            old = read_manifest(target.directory)
            new_signature = result.package.manifest_info["signature"]
            changes = compare(old.get("signature") if old else None, new_signature)
            sys.stdout.write(change_summary(changes, label=label))
        if args.check:
            diff = diff_package(result.package, target.directory, label=label)
            if diff:
                drift = True
                sys.stdout.writelines(diff)
                continue
            if not args.quiet:
                print(f"{label}: up to date", file=sys.stderr)
        else:
            changed = write_package_or_refuse(result.package, target.directory)
            if not args.quiet:
                summary = f"{len(changed)} file(s) changed" if changed else "unchanged"
                print(f"{label}: {summary}", file=sys.stderr)
                if args.verbose:
                    for name in changed:
                        print(f"  {name}", file=sys.stderr)
        runcache.remember(target, root=root, strict=args.strict, documents=result.documents,
                          diagnostics=result.diagnostics)
    if drift:
        print("apigen: generated code is out of date; run `apigen generate` and commit the result",
              file=sys.stderr)
        return EXIT_DRIFT
    return EXIT_OK


def pagination_lines(api: Api) -> list[str]:
    """What `-v` says of the paginated operations: one line each (strategy, items field, cursor
    parameter, and whether it was configured or detected)."""
    paginated = [op for op in api.operations if op.pagination is not None]
    lines = [f"{api.package}: {len(paginated)} paginated operation(s)"]
    for op in paginated:
        assert op.pagination is not None
        method = ".".join((*op.resource, op.method_name))
        lines.append(f"  {op.method} {op.path} ({method}): {op.pagination.describe()}")
    return lines


def _named_spec(directory: Path) -> object:
    """The spec as the package's manifest names it."""
    return (read_manifest(directory) or {}).get("spec")


def _refuse_hand_edits(jobs: list[_Job]) -> None:
    edited = [f"{display_path(j.target.directory, j.root)}/{name}"
              for j in jobs for name in edited_files(j.target.directory)]
    if edited:
        raise GenerationError.single(
            f"generated file(s) edited by hand since the last generation: "
            f"{', '.join(edited)} (their sha256 no longer matches {MANIFEST}); move the "
            "change into a template override, or pass --force to overwrite it",
            file=edited[0],
        )


def _names(args: argparse.Namespace) -> int:
    args.output = args.templates = None
    if args.spec is not None and not args.spec.is_file():  # a configured target's package
        root = find_project(Path.cwd()) or Path.cwd()
        named = [t for t in load_targets(root) if t.package == str(args.spec)]
        if not named:
            raise GenerationError.single(
                f"{str(args.spec)!r} is neither a configured target nor a spec file",
                file="command line")
        args.spec = named[0].spec
    warnings: list[Diagnostic] = []
    jobs = _jobs(args, Path.cwd(), warnings)
    if not jobs:
        print("apigen: no [tool.apigen] targets and no specs/*.yaml", file=sys.stderr)
        return EXIT_BAD_INPUT
    failed = False
    for job in jobs:
        api, diagnostics = target_api(job.target, root=job.root, strict=args.strict,
                                      display=job.display)
        for diagnostic in [*warnings, *diagnostics]:
            print(diagnostic.format(), file=sys.stderr)
        failed = failed or any(d.level is Level.ERROR for d in diagnostics)
        warnings = []
        print(names_table(api, title=f"{job.target.package} ({job.display})"))
    return EXIT_BAD_INPUT if failed else EXIT_OK


def names_table(api: Api, *, title: str) -> str:
    """One line per operation in spec order: `METHOD path  operationId  client.ns.method`,
    columns aligned."""
    rows = [(op.method, op.path, op.operation_id,
             "client." + ".".join((*op.resource, op.method_name)))
            for op in api.operations]
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(3)]
    lines = [title]
    lines += ["  " + "  ".join(cell.ljust(widths[i]) if i < 3 else cell
                               for i, cell in enumerate(row)).rstrip()
              for row in rows]
    return "\n".join(lines)


def _templates(args: argparse.Namespace) -> int:
    root = builtin_template_dir()
    names = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.jinja"))
    if args.templates_command == "copy":
        if args.path not in names:
            raise GenerationError.single(
                f"no built-in template {args.path!r}; `apigen templates list` shows them",
                file="command line")
        target = args.to / args.path
        if target.exists():
            raise GenerationError.single("already exists; not overwritten", file=str(target))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / args.path, target)
        print(f"copied {args.path} to {target}; edit it, then generate with "
              f"--templates {args.to}")
        return EXIT_OK
    for name in names:
        # A scoped block inside loops: `method_body(is_async, raw, resource, op)` names the
        # loop variables its override sees.
        blocks = [f"{block}({', '.join(names)})" if names else block
                  for block, names in template_seams(name)]
        print(name + (f"  blocks: {', '.join(blocks)}" if blocks else ""))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return _main(args)
    except KeyboardInterrupt:
        print("apigen: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`apigen templates list | head`): stop quietly, as a shell tool
        # killed by SIGPIPE does, and keep Python from complaining when it flushes stdout.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except Exception as exc:  # the last resort: a bug of apigen's (or of a plug-in) is one line
        if getattr(args, "verbose", False):
            traceback.print_exc()
        spec = getattr(args, "spec", None)
        print(f"apigen: internal error: {type(exc).__name__}: {_one_line(exc)}; "
              f"please report it with this spec ({spec or 'the configured specs'})"
              + ("" if getattr(args, "verbose", False) else "; -v shows the traceback"),
              file=sys.stderr)
        return EXIT_INTERNAL


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300] + " ..." if len(text) > 300 else text


def _main(args: argparse.Namespace) -> int:
    try:
        if args.command == "generate":
            return _generate(args)
        if args.command == "names":
            return _names(args)
        if args.command == "serve":
            return serve_command.run(args)
        if args.command == "diff":
            args.check, args.summary, args.force = True, True, False
            return _generate(args)
        return _templates(args)
    except GenerationError as exc:
        for diagnostic in exc.diagnostics:
            if diagnostic.level is Level.ERROR or not getattr(args, "quiet", False):
                print(diagnostic.format(), file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
