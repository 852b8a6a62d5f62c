"""The server templates' shared macros (`templates/macros/server.jinja`), rendered alone."""

from __future__ import annotations

from typing import Any

from generator.ir.server_nodes import ServerImports
from generator.render.environment import builtin_template_dir, make_environment


def _macros() -> Any:
    return make_environment().get_template("macros/server.jinja").module


def _imports(**overrides: object) -> ServerImports:
    values: dict[str, object] = dict(stdlib=(("typing", "_typing"),),
                                     third_party=(("fastapi", "_fastapi"),), models=True,
                                     credentials=False, reply_classes=())
    values.update(overrides)
    return ServerImports(**values)  # type: ignore[arg-type]


def test_import_block_sections_and_their_own_lines() -> None:
    text = str(_macros().import_block(_imports(), stdlib=["from typing import Protocol"],
                                      local=["from . import _runtime"])).strip()
    assert text == ("import typing as _typing\nfrom typing import Protocol\n\n"
                    "import fastapi as _fastapi\n\n"
                    "from .. import models as _models\nfrom . import _runtime")


def test_import_block_leaves_empty_sections_out() -> None:
    text = str(_macros().import_block(_imports(stdlib=(), models=False),
                                      local=["from .types import Credentials"])).strip()
    assert text == "import fastapi as _fastapi\n\nfrom .types import Credentials"
    empty = _imports(stdlib=(), third_party=(), models=False)
    assert str(_macros().import_block(empty)).strip() == ""


def test_every_server_module_prints_its_imports_through_the_one_macro() -> None:
    server = builtin_template_dir() / "server"
    users = {p.name for p in server.glob("*.jinja") if "server.imports(" in p.read_text()}
    assert users == {"routes.py.jinja", "handlers.py.jinja", "mock.py.jinja"}
    for name in users:
        text = (server / name).read_text(encoding="utf-8")
        assert text.count("server.import_block(imports") == 1, name
        assert "import {{ module }} as {{ alias }}" not in text, name
