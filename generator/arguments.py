"""The command line's arguments: `apigen generate | diff | names | serve | templates` and their
options (the CLI's behaviour is in `cli.py`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import __version__
from . import serve as serve_command


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="apigen",
        description="Generate vendorable Python packages (models, client, server) from OpenAPI.",
    )
    parser.add_argument("--version", action="version", version=f"apigen {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    gen = commands.add_parser(
        "generate",
        help="generate every configured target, or one SPEC",
        description="With no SPEC: every target of [tool.apigen] in ./pyproject.toml, or every "
        "specs/*.yaml|yml|json into generated/<stem>/.",
    )
    gen.add_argument("spec", nargs="?", type=Path, help="one spec to generate instead")
    gen.add_argument("--output", type=Path, help="folder that receives the package "
                     "(default: generated); the package is written to OUTPUT/PACKAGE/")
    gen.add_argument("--package", help="package name (default: the spec's file stem)")
    gen.add_argument("--templates", type=Path, help="folder of templates that override or "
                     "extend the built-ins")
    gen.add_argument("--filters", metavar="MODULE", help="module whose public functions "
                     "become Jinja filters: a dotted name importable from the current folder, "
                     "or a path ending in .py (overrides the target's `filters`)")
    gen.add_argument("--check", action="store_true", help="write nothing; exit 1 and print a "
                     "diff when the output is out of date")
    gen.add_argument("--formatter", choices=("black", "ruff"), help="code formatter "
                     "(default: black, or the target's `formatter`); ruff is much faster")
    gen.add_argument("--summary", action="store_true", help="also print what changed in the "
                     "API (operations, parameters, fields) since the last generation")
    gen.add_argument("--no-detect-pagination", action="store_true", help="paginate only the "
                     "operations configured so (x-apigen-pagination, a target's `pagination`); "
                     "-v lists the paginated ones")
    common_options(gen)
    input_options(gen)
    gen.add_argument("--force", action="store_true", help="overwrite generated files even if "
                     "they were edited by hand since the last generation")

    diff = commands.add_parser(
        "diff", help="what changed in the API since the last generation, then the text diff "
        "(same as `generate --check --summary`)")
    diff.add_argument("spec", nargs="?", type=Path, help="one spec instead of every target")
    diff.add_argument("--output", type=Path, help="folder holding the package")
    diff.add_argument("--package", help="package name (default: the spec's file stem)")
    diff.add_argument("--templates", type=Path, help="template folder")
    diff.add_argument("--filters", metavar="MODULE", help="filters module (as for generate)")
    common_options(diff)
    input_options(diff)

    templates = commands.add_parser("templates", help="inspect and copy the built-in templates")
    templates_commands = templates.add_subparsers(dest="templates_command", required=True)
    templates_commands.add_parser("list", help="print every built-in template and its blocks")
    copy = templates_commands.add_parser("copy", help="copy a built-in template into your "
                                         "template folder to start an override")
    copy.add_argument("path", help="template path as `apigen templates list` prints it")
    copy.add_argument("--to", type=Path, required=True, help="your template folder")
    names = commands.add_parser(
        "names", help="print each operation's client method (METHOD path, operationId, "
        "client.namespace.method)",
        description="With no SPEC: every configured target (as `generate` finds them).")
    names.add_argument("spec", nargs="?", type=Path, metavar="TARGET|SPEC", help="a configured "
                       "target's package name, or a spec file (default: every target)")
    names.add_argument("--package", help="package name (default: the spec's file stem)")
    names.add_argument("--strict", action="store_true", help="warnings are errors")
    input_options(names)
    serve_command.add_parser(commands)
    return parser


def common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="validation warnings are errors")
    loud = parser.add_mutually_exclusive_group()
    loud.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    loud.add_argument("-v", "--verbose", action="store_true", help="list every file written")


def input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ref-root", type=Path, action="append", dest="ref_roots",
                        metavar="FOLDER", help="a folder besides the spec's own that external "
                        "$refs may read (repeatable; adds to the target's ref_roots)")
    parser.add_argument("--max-spec-size", type=float, metavar="MIB", help="largest spec "
                        "file read, in MiB (default 32)")
