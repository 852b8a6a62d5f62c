"""`apigen serve`: generate one target into a temporary folder and run its mock server.

The package is generated exactly as `apigen generate` would (same templates and filters), imported
from the temporary folder, and `server.create_app(server.MockHandlers(api_key=...))` runs under
uvicorn. Nothing is written to the project.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import socket
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from .config import Target, default_package, find_project, load_targets, project_naming
from .diagnostics import GenerationError
from .ir.api import Api
from .ir.nodes import Operation
from .output.emit import write_package
from .pipeline import generate_target

# Placeholder argument values in the printed client call, by type hint.
_PLACEHOLDERS = {"str": '"example"', "int": "1", "float": "1.0", "bool": "True"}


def add_parser(commands: Any) -> None:
    """Register `serve` on the CLI's subcommands."""
    serve = commands.add_parser(
        "serve",
        help="run the mock server of one target (the generated MockHandlers under uvicorn)",
        description="Generate TARGET (a configured package name or a spec file; default: the "
        "first configured target) into a temporary folder and serve it with MockHandlers, "
        "which answer every operation from the spec's examples.",
    )
    serve.add_argument("target", nargs="?", help="package name of a configured target, or a "
                       "spec file")
    serve.add_argument("--host", default="127.0.0.1", help="interface to listen on "
                       "(default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks "
                       "a free one)")
    serve.add_argument("--api-key", help="let in only this credential, in whichever scheme the "
                       "spec declares (HTTP basic: user:password); default: any non-empty one")


def resolve_target(choice: str | None, *, root: Path) -> Target:
    """The configured target named `choice` (package or spec), a spec file, or the first one."""
    targets = load_targets(root)
    if choice is None:
        if not targets:
            raise GenerationError.single(
                "nothing to serve: no [tool.apigen] targets and no specs/*.yaml",
                file="command line")
        return targets[0]
    for target in targets:
        if target.package == choice:
            return target
    path = Path(choice)
    if path.is_file():
        for target in targets:
            if target.spec.resolve() == path.resolve():
                return target
        return Target(spec=path, package=default_package(path), output=root / "generated",
                      **project_naming(root))
    known = ", ".join(t.package for t in targets) or "none"
    raise GenerationError.single(
        f"{choice!r} is neither a configured target (known: {known}) nor a spec file",
        file="command line")


def mock_app(target: Target, *, root: Path, workdir: Path, api_key: str | None
             ) -> tuple[Any, Api]:
    """Generate `target` into `workdir`, import it, and build its mock app."""
    result = generate_target(replace(target, output=workdir), root=root)
    write_package(result.package, workdir / target.package)
    for name in [m for m in sys.modules if m == target.package
                 or m.startswith(target.package + ".")]:
        del sys.modules[name]  # a package of the same name imported earlier must not win
    sys.path.insert(0, str(workdir))
    importlib.invalidate_caches()
    server = importlib.import_module(f"{target.package}.server")
    return server.create_app(server.MockHandlers(api_key=api_key)), result.api


def example_call(op: Operation) -> str:
    """`client.<namespace>.<method>(required=...)` for one operation."""
    arguments = [p for p in op.parameters if p.required]
    names = [f"{p.name}={_PLACEHOLDERS.get(p.type.hint, '...')}" for p in arguments]
    if op.body is not None:
        if op.body.fields:
            names += [f"{f.name}={_PLACEHOLDERS.get(f.type.hint, '...')}"
                      for f in op.body.fields if f.required]
        elif op.body.required:
            names.append("body=...")
    return f"client.{'.'.join((*op.resource, op.method_name))}({', '.join(names)})"


def banner(api: Api, *, url: str, api_key: str | None) -> str:
    """What `apigen serve` prints: where it listens and how to call it."""
    key = api_key if api_key is not None else "any-non-empty-key"
    lines = [
        f"Serving the {api.title} mock at {url}",
        f"  spec: {url}/openapi.json    docs: {url}/docs",
        "  credentials: " + (f"only {api_key!r}" if api_key is not None
                             else "any non-empty credential"),
        "",
        "Call it with the generated client:",
        "",
        f"    import {api.package}",
        "",
        f"    client = {api.package}.Client(api_key={key!r}, base_url={url!r})",
    ]
    lines += [f"    {example_call(op)}" for op in api.operations[:3]]
    lines += ["", "Stop with Ctrl+C.", ""]
    return "\n".join(lines)


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def run(args: argparse.Namespace) -> int:
    """`apigen serve`: exit 0 after Ctrl+C, 2 when the target or the address is bad."""
    try:
        import uvicorn
    except ImportError:
        raise GenerationError.single("apigen serve needs the runtime dependencies: "
                                     "pip install 'apigen[runtime]'", file="command line") from None
    root = find_project(Path.cwd()) or Path.cwd()  # the project, as `generate` finds it
    target = resolve_target(args.target, root=root)
    try:
        sock = _listen(args.host, args.port)
    except OSError as exc:
        raise GenerationError.single(f"cannot listen on {args.host}:{args.port}: {exc}",
                                     file="command line") from None
    with sock, tempfile.TemporaryDirectory(prefix="apigen-serve-") as tmp:
        app, api = mock_app(target, root=root, workdir=Path(tmp), api_key=args.api_key)
        host = f"[{args.host}]" if ":" in args.host else args.host
        url = f"http://{host}:{sock.getsockname()[1]}"
        print(banner(api, url=url, api_key=args.api_key), flush=True)
        server = uvicorn.Server(uvicorn.Config(app, log_level="info"))
        with contextlib.suppress(KeyboardInterrupt):  # re-raised by uvicorn after shutdown
            server.run(sockets=[sock])
    return 0
