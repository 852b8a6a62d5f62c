"""The `custom_templates_*` golden cases: a replaced file, block overrides through `extends`, an
added file and a custom filter. Their expected packages pass ruff and mypy --strict, import, run,
and carry the customization exactly where it was asked for and nowhere else."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from golden_shared import assemble
from lint import ruff_findings

from generator.cli import main
from generator.config import Target
from generator.diagnostics import GenerationError
from generator.ir.api import Api
from generator.output.formatting import format_source
from generator.pipeline import generate_target
from generator.render.environment import (
    load_filters,
    make_environment,
    output_templates,
    render_templates,
    template_blocks,
)

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
# Case -> the files its templates change (every other file is what the built-ins make).
CASES = {
    "custom_templates_replace": {"__init__.py", "server/__init__.py"},
    "custom_templates_extends": {"_client.py", "server/routes.py"},
    "custom_templates_add": {"cli.py"},
    "custom_templates_filter": {"__init__.py", "paths.py"},
}
LOG_LINE = '_base.logger.warning("%s: deleting for good", "deletePet")'


def _package(case: str) -> Path:
    """The committed package, with the runtime files it shares with the home case filled in."""
    return assemble(case) / case


def _python(case: str, *code: str, args: tuple[str, ...] = ()
            ) -> subprocess.CompletedProcess[str]:
    """Run the `code` pieces with the case's expected folder as the working directory (and on
    sys.path)."""
    script = "\n".join(textwrap.dedent(piece) for piece in code)
    return subprocess.run(
        [sys.executable, "-c", script, *args], cwd=_package(case).parent,
        capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": str(_package(case).parent)},
    )


def test_every_case_is_here() -> None:
    assert {p.name for p in GOLDEN.glob("custom_templates_*")} == set(CASES)


def _target(case: str, *, customized: bool) -> Target:
    folder = GOLDEN / case
    target = Target(spec=folder / "spec.yaml", package=case, output=folder / "expected")
    if not customized:
        return target
    filters = "filters.py" if (folder / "filters.py").is_file() else None
    return replace(target, templates=folder / "templates", filters=filters)


@pytest.mark.parametrize("case", CASES)
def test_only_the_customized_files_differ_from_the_builtins(case: str) -> None:
    """Templates change the files they name; every other file is byte for byte the default."""
    plain, custom = (
        generate_target(_target(case, customized=customized), root=GOLDEN / case).package.files
        for customized in (False, True)
    )
    changed = {name for name in set(plain) | set(custom) if plain.get(name) != custom.get(name)}
    assert changed == CASES[case]


@pytest.mark.parametrize("case", CASES)
def test_ruff_is_clean(case: str) -> None:
    assert ruff_findings([case], cwd=_package(case).parent) == []


@pytest.mark.parametrize("case", CASES)
def test_mypy_strict_is_clean(case: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file", os.devnull,
         case], cwd=_package(case).parent, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("case", CASES)
def test_every_module_imports(case: str) -> None:
    result = _python(case, f"""
        import importlib, pkgutil
        import {case}
        for module in pkgutil.walk_packages({case}.__path__, "{case}."):
            importlib.import_module(module.name)
        print("ok")
    """)
    assert result.stdout == "ok\n", result.stderr


# A client whose transport answers from a table: `client(replies)` in the probes below.
CLIENT = """
    import httpx
    seen = []
    def client(module, replies, *, flavour=""):
        def answer(request):
            seen.append(request)
            status, body = replies[request.method + " " + request.url.path]
            return httpx.Response(status, json=body)
        http = (httpx.AsyncClient if flavour else httpx.Client)(
            transport=httpx.MockTransport(answer))
        return getattr(module, flavour + "Client")(api_key="k", http_client=http)
"""
PET = {"id": 7, "name": "Rex", "tag": None}


def test_replaced_init_is_the_users_and_the_client_still_works() -> None:
    case = "custom_templates_replace"
    source = (_package(case) / "__init__.py").read_text()
    assert "vendored by the platform team" in source and "NotGiven" not in source
    result = _python(case, CLIENT, f"""
        import {case} as pkg
        from {case} import server
        assert pkg.__version__ == "1.2.0"
        assert pkg.__all__ == ["APIError", "APIStatusError", "AsyncClient", "Client",
                               "__version__", "models"]
        assert server.__all__ == ["Handlers", "MockHandlers", "create_app"]
        pets = client(pkg, {{"GET /v1/pets": (200, [{PET!r}])}}).pets.list(limit=1)
        assert pets == [pkg.models.Pet(id=7, name="Rex", tag=None)], pets
        print("ok")
    """)
    assert result.stdout == "ok\n", result.stderr


def _functions_with(path: Path, text: str) -> tuple[list[str], int]:
    """`Class.method` of every function whose body holds `text`, and how many functions there are
    in all."""
    source = path.read_text()
    found, total = [], 0
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    total += 1
                    if text in (ast.get_source_segment(source, item) or ""):
                        found.append(f"{node.name}.{item.name}")
    return found, total


def test_method_body_override_is_in_every_flavour_of_the_delete_method_only() -> None:
    client = _package("custom_templates_extends") / "_client.py"
    found, total = _functions_with(client, LOG_LINE)
    # The with_raw_response namespaces reuse these two methods, override included.
    assert sorted(found) == ["AsyncPetsResource.delete", "PetsResource.delete"]
    assert total > 15  # every other method (overloads included) is left alone
    assert client.read_text().count(LOG_LINE) == 2


def test_route_options_override_is_on_the_delete_route_only() -> None:
    routes = (_package("custom_templates_extends") / "server" / "routes.py").read_text()
    assert routes.count("openapi_extra=") == 1
    decorator = routes[routes.index("openapi_extra="):]
    assert decorator.index(")") < decorator.index("async def _delete_pet_endpoint(")


def test_extended_client_logs_and_extended_routes_declare_the_extra() -> None:
    case = "custom_templates_extends"
    result = _python(case, CLIENT, f"""
        import asyncio, logging
        import {case} as pkg
        from {case}.server import MockHandlers, build_router
        records = []
        logging.getLogger("{case}").addHandler(logging.Handler())
        logging.getLogger("{case}").handlers[0].emit = records.append
        replies = {{"DELETE /v1/pets/7": (204, None), "GET /v1/pets/7": (200, {PET!r})}}
        assert client(pkg, replies).pets.delete(pet_id=7) is None
        assert client(pkg, replies).pets.retrieve(pet_id=7).name == "Rex"
        asyncio.run(client(pkg, replies, flavour="Async").pets.delete(pet_id=7))
        raw = client(pkg, replies).with_raw_response.pets.delete(pet_id=7)
        assert raw.status_code == 204 and raw.parse() is None
        assert [r.getMessage() for r in records] == ["deletePet: deleting for good"] * 3, records
        routes = build_router(MockHandlers()).routes
        extras = {{route.name: route.openapi_extra for route in routes}}
        assert extras.pop("delete_pet") == {{"x-destructive": True}}
        assert set(extras.values()) == {{None}}, extras
        print("ok")
    """)
    assert result.stdout == "ok\n", result.stderr


def test_added_cli_runs() -> None:
    case = "custom_templates_add"
    helped = _python(case, f"import runpy; runpy.run_module('{case}.cli', run_name='__main__')",
                     args=("--help",))
    assert helped.returncode == 0, helped.stderr
    assert "pets.photos.list" in helped.stdout and "health.list" in helped.stdout
    assert "pets.create" not in helped.stdout  # operations with a body are left out
    result = _python(case, CLIENT, f"""
        import json, contextlib, io
        import {case} as pkg
        from {case}.cli import main
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["pets.retrieve", "--pet-id", "7"],
                        client=client(pkg, {{"GET /v1/pets/7": (200, {PET!r})}}))
        assert code == 0 and json.loads(out.getvalue()) == {PET!r}, out.getvalue()
        assert seen[0].headers["Authorization"] == "Bearer k"
        print("ok")
    """)
    assert result.stdout == "ok\n", result.stderr


def test_custom_filters_print_the_added_file_and_the_overridden_block() -> None:
    case = "custom_templates_filter"
    result = _python(case, f"""
        import {case} as pkg
        from {case} import paths
        assert pkg.__doc__.startswith("PET SHELTER: "), pkg.__doc__
        assert paths.LIST_PET_PHOTOS == "/pets/{{petId}}/photos"
        assert paths.GET_HEALTH == "/health"
        print("ok")
    """)
    assert result.stdout == "ok\n", result.stderr


def test_filters_flag_of_the_cli_gives_the_golden_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = "custom_templates_filter"
    monkeypatch.chdir(GOLDEN / case)
    assert main(["generate", "spec.yaml", "--templates", "templates", "--filters", "filters.py",
                 "--output", str(tmp_path), "--package", case, "-q"]) == 0
    assert (tmp_path / case / "paths.py").read_bytes() == (_package(case) / "paths.py").read_bytes()


def test_a_missing_filter_fails_naming_the_template() -> None:
    case = GOLDEN / "custom_templates_filter"
    target = Target(spec=case / "spec.yaml", package="x", output=case / "expected",
                    templates=case / "templates")
    with pytest.raises(GenerationError) as failure:
        generate_target(target, root=case)
    message = failure.value.diagnostics[0].format()
    assert "constant_name" in message or "shout" in message, message
    assert ".py.jinja" in message, message


# -- the worked examples of docs/templates.md -------------------------------------------------

DOC = ROOT / "docs" / "templates.md"
# "`DIR/path`:" (or "`module.py` ...:") then a fenced block: one file of an example.
_FILE = re.compile(r"^`(?:DIR/)?(?P<path>[^`]+)`[^\n]*:\n\n```(?:jinja|python)\n(?P<code>.*?)```",
                   re.MULTILINE | re.DOTALL)
_EXTENDS = re.compile(r'{%\s*extends\s+"builtin:(?P<name>[^"]+)"\s*%}')
_BLOCK = re.compile(r"{%-?\s*block\s+(?P<name>\w+)")


def _examples() -> dict[str, dict[str, str]]:
    """Each "### " section of "Worked examples": its files, by path."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## Worked examples"):text.index("## The template context")]
    examples: dict[str, dict[str, str]] = {}
    for chunk in section.split("\n### ")[1:]:
        title = chunk.splitlines()[0]
        examples[title] = {m["path"]: m["code"] for m in _FILE.finditer(chunk)}
    return examples


@pytest.fixture(scope="module")
def pets_api() -> Api:
    case = GOLDEN / "custom_templates_extends"
    target = Target(spec=case / "spec.yaml", package="pets", output=case / "expected")
    return generate_target(target, root=case).api


def test_docs_have_one_worked_example_per_seam() -> None:
    blocks = {
        block
        for files in _examples().values()
        for code in files.values() if _EXTENDS.search(code)
        for block in _BLOCK.findall(code)
    }
    assert {"module_docstring", "imports", "resource_class", "method", "method_body",
            "client_init", "route_options", "handler_docstring", "mock_handler_body"} <= blocks
    assert "handler_signature" in DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize("title", _examples())
def test_worked_example_renders_valid_python_that_differs_from_the_builtins(
    title: str, pets_api: Api, tmp_path: Path
) -> None:
    files = _examples()[title]
    assert files, f"no files found in the example {title!r}"
    folder = tmp_path / "DIR"
    filters = None
    for path, code in files.items():
        if path.endswith(".jinja"):
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(code, encoding="utf-8")
            extends = _EXTENDS.search(code)
            if extends:  # a block the built-in does not have would be ignored silently
                assert set(_BLOCK.findall(code)) <= set(template_blocks(extends["name"])), path
        else:
            (tmp_path / path).write_text(code, encoding="utf-8")
            filters = load_filters(Path(path).stem, root=tmp_path)
            # Imported by name: other tests' modules of that name must not find this one.
            sys.modules.pop(Path(path).stem, None)
    env = make_environment(user_dir=folder, extra_filters=filters)
    rendered = render_templates(env, output_templates(folder), {"api": pets_api})
    builtin = render_templates(make_environment(), output_templates(None), {"api": pets_api})
    changed = {name for name in rendered if rendered[name] != builtin.get(name)}
    assert changed, "the example changes nothing"
    for name in sorted(n for n in changed if n.endswith(".py")):
        source = format_source(rendered[name], formatter="black")  # as the pipeline does
        assert ruff_findings([name], stdin=source) == [], name
