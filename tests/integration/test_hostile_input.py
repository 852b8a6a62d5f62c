"""Hostile and broken files: `$ref` confinement, size, nesting and alias limits, encodings.

Every refusal is one located `error:` line, exit 2, an output folder left as it was, and no word
of a file outside the folders the user allowed.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cli import main

SECRET = "OUTSIDE-SECRET-3b1d"
SPEC_HEAD = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"
SEED = Path(__file__).resolve().parents[2] / "specs" / "sgp.yaml"


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@contextlib.contextmanager
def _cwd(folder: Path) -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


@pytest.fixture()
def layout(tmp_path: Path) -> Path:
    """`project/spec/` holds the spec; `project/outside.yaml` and `project/shared/` lie beside
    it, outside the spec's folder; `out/` already holds a file that must survive."""
    spec_dir = tmp_path / "project" / "spec"
    spec_dir.mkdir(parents=True)
    (tmp_path / "project" / "outside.yaml").write_text(
        f"Pet: {{type: object, description: {SECRET}}}\n", encoding="utf-8")
    shared = tmp_path / "project" / "shared"
    shared.mkdir()
    (shared / "pet.yaml").write_text(
        "Pet: {type: object, properties: {id: {type: integer}}}\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("kept\n", encoding="utf-8")
    return spec_dir


def _generate(spec: Path, *extra: str, quiet: bool = True) -> tuple[int, str]:
    out = spec.parents[2] / "out"
    stderr = io.StringIO()
    with _cwd(spec.parent), contextlib.redirect_stderr(stderr), \
            contextlib.redirect_stdout(io.StringIO()):
        code = main(["generate", spec.name, "--output", str(out), "--package", "pkg",
                     *(["-q"] if quiet else []), "--formatter", "ruff", *extra])
    return code, stderr.getvalue()


def _refused(spec: Path, *extra: str) -> str:
    """Run, assert the refusal contract, return the error line."""
    out = spec.parents[2] / "out"
    before = _digest(out)
    code, stderr = _generate(spec, *extra)
    assert code == 2, stderr
    assert "Traceback" not in stderr
    assert SECRET not in stderr
    errors = [line for line in stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1, stderr
    # Named as apigen names an explicit spec (relative to the output folder's parent).
    assert errors[0].split(": error: ")[0].split(":")[0].endswith(spec.name), errors[0]
    assert _digest(out) == before
    return errors[0]


def _ref_spec(spec_dir: Path, ref: str, suffix: str = ".yaml") -> Path:
    spec = spec_dir / f"openapi{suffix}"
    spec.write_text(SPEC_HEAD + f"components: {{schemas: {{P: {{$ref: '{ref}'}}}}}}\n",
                    encoding="utf-8")
    return spec


@pytest.mark.parametrize("ref", [
    "../outside.yaml#/Pet",
    "../shared/pet.yaml#/Pet",
    "sub/../../outside.yaml#/Pet",
    "/etc/hostname",
    "/etc/passwd#/root",
    "%2E%2E/outside.yaml#/Pet",
])
def test_ref_outside_the_spec_folder_is_refused(layout: Path, ref: str) -> None:
    spec = _ref_spec(layout, ref)
    error = _refused(spec)
    assert ":4: error: $ref to " in error
    assert "leaves the folders apigen may read" in error
    assert error.endswith("(at /components/schemas/P/$ref)")


def test_symlink_out_of_the_spec_folder_is_refused(layout: Path) -> None:
    (layout / "link.yaml").symlink_to(layout.parent / "outside.yaml")
    error = _refused(_ref_spec(layout, "link.yaml#/Pet"))
    assert "leaves the folders apigen may read" in error


def test_ref_root_allows_a_folder(layout: Path) -> None:
    spec = _ref_spec(layout, "../shared/pet.yaml#/Pet")
    code, stderr = _generate(spec, "--ref-root", "../shared")
    assert code == 0, stderr
    models = (layout.parents[1] / "out" / "pkg" / "models.py").read_text(encoding="utf-8")
    # The component that refers to the other file's schema is that schema, under its name.
    assert "class P(BaseModel)" in models and "class Pet(" not in models


def test_ref_roots_from_pyproject(layout: Path) -> None:
    project = layout.parent
    (project / "pyproject.toml").write_text(
        '[[tool.apigen.targets]]\nspec = "spec/openapi.yaml"\npackage = "pkg"\n'
        'output = "../out"\nformatter = "ruff"\nref_roots = ["shared"]\n', encoding="utf-8")
    _ref_spec(layout, "../shared/pet.yaml#/Pet")
    with _cwd(project), contextlib.redirect_stderr(io.StringIO()) as err:
        code = main(["generate", "-q"])
    assert code == 0, err.getvalue()
    assert (project.parent / "out" / "pkg" / "models.py").is_file()


def test_alias_bomb_is_refused_quickly(layout: Path) -> None:
    levels = [f"  l0: &l0 [{', '.join(['lol'] * 9)}]"]
    levels += [f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    spec = layout / "openapi.yaml"
    spec.write_text(SPEC_HEAD + "x-bomb:\n" + "\n".join(levels) + "\n", encoding="utf-8")
    assert spec.stat().st_size < 1000
    error = _refused(spec)
    assert "YAML aliases expand this document past" in error


def test_shared_anchors_within_budget_are_read(layout: Path) -> None:
    spec = layout / "openapi.yaml"
    spec.write_text(SPEC_HEAD + "components:\n  schemas:\n    A: &a {type: object, properties: "
                    "{id: {type: integer}}}\n    B: *a\n", encoding="utf-8")
    code, stderr = _generate(spec)
    assert code == 0, stderr


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_2000_deep_nesting_is_refused(layout: Path, suffix: str) -> None:
    spec = layout / f"openapi{suffix}"
    deep = "[" * 2000 + "]" * 2000
    if suffix == ".json":
        spec.write_text('{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, '
                        f'"paths": {{}}, "x-deep": {deep}}}', encoding="utf-8")
    else:
        spec.write_text(SPEC_HEAD + f"x-deep: {deep}\n", encoding="utf-8")
    error = _refused(spec)
    assert "nesting" in error


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_nesting_past_the_limit_is_located(layout: Path, suffix: str) -> None:
    spec = layout / f"openapi{suffix}"
    deep = "[" * 150 + "]" * 150
    if suffix == ".json":
        spec.write_text('{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, '
                        f'"paths": {{}},\n"x-deep": {deep}}}', encoding="utf-8")
    else:
        spec.write_text(SPEC_HEAD + f"x-deep: {deep}\n", encoding="utf-8")
    error = _refused(spec)
    line = 2 if suffix == ".json" else 4
    assert f"{spec.name}:{line}: error: nesting deeper than 100 levels (at /x-deep/0/0/" in error


def test_oversized_document_is_refused_before_reading(layout: Path) -> None:
    spec = layout / "openapi.json"
    filler = json.dumps({"x": "y" * 1000})
    with spec.open("w", encoding="utf-8") as handle:
        handle.write('{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},'
                     ' "x-filler": [')
        handle.write(",".join([filler] * 53_000))
        handle.write("]}")
    assert spec.stat().st_size > 50 * 1024 * 1024
    error = _refused(spec)
    assert "over the 32 MiB limit" in error


def test_size_limit_is_settable(layout: Path) -> None:
    spec = layout / "openapi.yaml"
    spec.write_text(SPEC_HEAD + "x-filler: '" + "y" * 200_000 + "'\n", encoding="utf-8")
    error = _refused(spec, "--max-spec-size", "0.1")
    assert "file is 0.2 MiB, over the 0.1 MiB limit" in error


def _seed_as(suffix: str) -> str:
    text = SEED.read_text(encoding="utf-8")
    if suffix == ".json":
        import yaml

        return json.dumps(yaml.safe_load(text), default=str)
    return text


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom"])
def test_encodings_with_a_bom_read_alike(layout: Path, suffix: str, encoding: str) -> None:
    text = _seed_as(suffix)
    spec = layout / f"openapi{suffix}"
    if encoding == "utf-16-le-bom":
        spec.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    elif encoding == "utf-16-be-bom":
        spec.write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    else:
        spec.write_text(text, encoding=encoding)
    code, stderr = _generate(spec)
    assert code == 0, stderr
    assert (layout.parents[1] / "out" / "pkg" / "_client.py").is_file()


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_utf16_without_a_bom_is_refused_alike(layout: Path, suffix: str) -> None:
    spec = layout / f"openapi{suffix}"
    spec.write_bytes(_seed_as(suffix).encode("utf-16-le"))
    error = _refused(spec)
    assert "NUL character" in error or "not UTF-8" in error


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_invalid_utf8_is_one_located_line(layout: Path, suffix: str) -> None:
    spec = layout / f"openapi{suffix}"
    spec.write_bytes(SPEC_HEAD.encode() + b"x-bad: '\xff\xfe caf\xe9'\n")
    error = _refused(spec)
    assert f"{spec.name}:4: error: not UTF-8 text: byte 0xff" in error


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_nul_byte_is_one_located_line(layout: Path, suffix: str) -> None:
    text = _seed_as(suffix)
    spec = layout / f"openapi{suffix}"
    cut = text.index("\n", 10) + 1 if suffix == ".yaml" else 20
    spec.write_text(text[:cut] + "\x00" + text[cut:], encoding="utf-8")
    error = _refused(spec)
    assert "NUL character at column" in error


def test_spec_that_is_a_folder(layout: Path) -> None:
    folder = layout / "api.yaml"
    folder.mkdir()
    error = _refused(folder)
    assert error.endswith("api.yaml: error: is a folder, not a spec file")


LITERAL_REFS = """openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /pets:
    post:
      operationId: createPet
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
            example: {$ref: 'https://example.invalid/remote.yaml#/Pet'}
            examples:
              one: {value: {$ref: '../outside.yaml#/Pet'}}
      responses:
        default: {$ref: '#/components/responses/Ok'}
components:
  responses:
    Ok: {description: ok}
  schemas:
    Pet:
      type: object
      default: {$ref: '/etc/hostname'}
      examples: [{$ref: '#/nowhere'}]
      properties:
        default: {$ref: '#/components/schemas/Tag'}
        enum: {type: string, enum: [{$ref: '#/nowhere'}]}
    Tag: {type: string}
"""


def test_ref_shaped_literal_data_is_data(layout: Path) -> None:
    """`$ref` keys inside examples, defaults and enums are data: never followed or refused;
    a property named `default` is still a schema whose `$ref` is followed."""
    spec = layout / "openapi.yaml"
    spec.write_text(LITERAL_REFS, encoding="utf-8")
    code, stderr = _generate(spec)
    assert code == 0, stderr
    assert SECRET not in stderr
    package = layout.parents[1] / "out" / "pkg"
    served = json.loads((package / "openapi.json").read_text(encoding="utf-8"))
    body = served["paths"]["/pets"]["post"]["requestBody"]["content"]["application/json"]
    assert body["example"] == {"$ref": "https://example.invalid/remote.yaml#/Pet"}
    assert body["examples"]["one"]["value"] == {"$ref": "../outside.yaml#/Pet"}
    assert "default: Tag | None" in (package / "models.py").read_text(encoding="utf-8")


def test_operation_id_that_is_not_a_string_is_dropped_with_a_warning(layout: Path) -> None:
    spec = layout / "openapi.yaml"
    spec.write_text(SPEC_HEAD.replace("paths: {}\n", "") + "paths:\n  /pets:\n    get:\n"
                    "      operationId: [1, 2]\n      responses: {'200': {description: ok}}\n",
                    encoding="utf-8")
    out = layout.parents[1] / "out"
    stderr = io.StringIO()
    with _cwd(layout), contextlib.redirect_stderr(stderr), \
            contextlib.redirect_stdout(io.StringIO()):
        code = main(["generate", spec.name, "--output", str(out), "--package", "pkg",
                     "--formatter", "ruff"])
    assert code == 0, stderr.getvalue()
    assert ("openapi.yaml:6: warning: operationId must be a non-empty string, not list "
            "'[1, 2]'") in stderr.getvalue()
    assert "def list(" in (out / "pkg" / "_client.py").read_text(encoding="utf-8")


def test_validator_quotes_of_the_spec_are_short(layout: Path) -> None:
    """A validation warning quoting a huge value of the spec quotes about 120 characters of it,
    on one line."""
    spec = layout / "openapi.yaml"
    spec.write_text(SPEC_HEAD + f"externalDocs: {{url: ['{'x' * 5000}', '{SECRET}']}}\n",
                    encoding="utf-8")
    code, stderr = _generate(spec, quiet=False)
    assert code == 0, stderr
    warnings = [line for line in stderr.splitlines() if "warning: invalid OpenAPI" in line]
    assert warnings, stderr
    for line in warnings:
        quote = line.split("warning: invalid OpenAPI: ", 1)[1].rsplit(" (at ", 1)[0]
        assert len(quote) <= 120, line
    assert SECRET not in stderr


def test_required_that_is_not_a_list_is_dropped_with_a_warning(layout: Path) -> None:
    spec = layout / "openapi.yaml"
    spec.write_text(SPEC_HEAD + "components:\n  schemas:\n    A:\n      type: object\n"
                    "      properties:\n        id: {type: integer, required: true}\n"
                    "      required: id\n", encoding="utf-8")
    code, stderr = _generate(spec, quiet=False)
    assert code == 0, stderr
    assert ("openapi.yaml:9: warning: 'required' of a schema must be a list of property names, "
            "not bool; ignored (at /components/schemas/A/properties/id/required)") in stderr
    assert "not str; ignored (at /components/schemas/A/required)" in stderr


def test_discriminator_that_is_not_a_mapping_is_dropped_with_a_warning(layout: Path) -> None:
    """Swagger 2's bare property name (or a number) as a discriminator: ignored, located; the
    package still imports."""
    spec = layout / "openapi.yaml"
    spec.write_text(SPEC_HEAD + "components:\n  schemas:\n    Pet:\n      oneOf:\n"
                    "        - {type: object, properties: {kind: {const: cat}}}\n"
                    "        - {type: object, properties: {kind: {const: dog}}}\n"
                    "      discriminator: petType\n", encoding="utf-8")
    code, stderr = _generate(spec, quiet=False)
    assert code == 0, stderr
    assert ("openapi.yaml:10: warning: a discriminator must be a mapping with a 'propertyName' "
            "string; ignored") in stderr
    out = layout.parents[1] / "out"
    done = subprocess.run([sys.executable, "-c", "import pkg.models"], cwd=out,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


_HALF = "\ud83d"  # a lone surrogate: JSON spells it "\ud83d", UTF-8 cannot hold it


def _surrogate_spec() -> dict[str, object]:
    """A lone surrogate in every kind of place: info, a path, an operationId, a parameter name
    and description, a property name, an enum value, an example, a tag."""
    return {
        "openapi": "3.1.0",
        "info": {"title": f"t{_HALF}", "version": "1", "description": f"d{_HALF}"},
        "tags": [{"name": f"tag{_HALF}"}],
        "paths": {f"/items{_HALF}/{{id}}": {"get": {
            "operationId": f"get{_HALF}Item", "tags": [f"tag{_HALF}"],
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                {"name": f"q{_HALF}", "in": "query", "description": f"x{_HALF}",
                 "schema": {"type": "string", "enum": [f"a{_HALF}", "b"]}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Item"},
                "example": {f"name{_HALF}": f"v{_HALF}"}}}}}}}},
        "components": {"schemas": {"Item": {"type": "object", "properties": {
            f"name{_HALF}": {"type": "string", "description": f"n{_HALF}"}}}}},
    }


def test_lone_surrogates_anywhere_are_replaced_with_located_warnings(layout: Path) -> None:
    spec = layout / "openapi.json"
    spec.write_text(json.dumps(_surrogate_spec(), indent=1), encoding="ascii")
    code, stderr = _generate(spec, quiet=False)
    assert code == 0, stderr
    warnings = [line for line in stderr.splitlines() if "lone surrogate" in line]
    assert len(warnings) >= 10
    assert all(re.match(r"\S*openapi\.json:\d+: warning: ", line) for line in warnings)
    package = spec.parents[2] / "out" / "pkg"
    assert "\ufffd" in (package / "openapi.json").read_text(encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", "import pkg, pkg.server"],
                          cwd=package.parent, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    before = _digest(package.parent)
    code, stderr = _generate(spec, "--strict")
    errors = [line for line in stderr.splitlines() if ": error: " in line]
    assert code == 2 and errors and "Traceback" not in stderr
    assert all(re.match(r"\S*openapi\.json:\d+: error: text holds a lone surrogate", line)
               for line in errors)
    assert _digest(package.parent) == before


@pytest.mark.parametrize("document", [
    # A `format` that is no string (the fuzzer's mutant of a corpus document).
    SPEC_HEAD + "components:\n  schemas:\n    A:\n      type: [string, 'null']\n"
    "      format: {type: integer}\n",
    # Server variables that are no mapping, and a `servers` that is no list.
    "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"
    "servers:\n  - url: 'https://{region}.example.com'\n    variables: 1e+308\n",
    "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\nservers: 7\n",
])
def test_malformed_values_where_a_mapping_or_string_belongs_are_warned_not_a_crash(
        layout: Path, document: str) -> None:
    spec = layout / "openapi.yaml"
    spec.write_text(document, encoding="utf-8")
    code, stderr = _generate(spec, quiet=False)
    assert code == 0, stderr
    assert "internal error" not in stderr
    assert "openapi.yaml:" in stderr  # the validator's located warning
