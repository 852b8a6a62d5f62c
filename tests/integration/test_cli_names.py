"""`apigen names` and the method naming settings of `[tool.apigen]` (`naming`, `names`) as a
user meets them: the operation -> method table, the overlay applied without editing the spec,
a located warning for an overlay entry that cannot apply (`--strict` refuses), a bad setting
refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "tests" / "golden" / "feature_naming"


@pytest.fixture
def naming_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(CASE / "spec.yaml", tmp_path / "naming.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _configure(project: Path, text: str) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.apigen]\n[[tool.apigen.targets]]\nspec = "naming.yaml"\npackage = "naming"\n'
        + text, encoding="utf-8")


def _table(out: str) -> dict[str, list[str]]:
    """operationId -> [METHOD, path, client.namespace.method], from `apigen names`."""
    rows = [line.split() for line in out.splitlines() if line.startswith("  ")]
    return {row[2]: [row[0], row[1], row[3]] for row in rows}


def test_names_prints_each_operation_and_its_method(
        naming_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["names", "naming.yaml"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "naming (naming.yaml)"
    table = _table(out)
    assert table["linkTokenCreate"] == ["POST", "/link/token/create",
                                        "client.link.token.create"]
    assert table["cancelEmail"] == ["POST", "/emails/{email_id}/cancel", "client.emails.cancel"]
    assert table["healthAlive"][2] == "client.health.alive"
    assert table["sendEmail"][2] == "client.emails.create"
    assert list(table) == ["linkTokenCreate", "linkTokenGet", "accountsGet", "listEmails",
                           "sendEmail", "getEmail", "cancelEmail", "listAttachments",
                           "healthAlive", "listPets", "findPetsByStatus", "searchPets",
                           "getMe", "updateMe", "exportReport"]  # spec order


def test_the_overlay_and_operation_id_naming_come_from_the_target(
        naming_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _configure(naming_project, 'naming = "operation_id"\n[tool.apigen.targets.names]\n'
               'sendEmail = "mail.outbox.send"\nlinkTokenCreate = "new_token"\n')
    assert main(["names"]) == 0
    captured = capsys.readouterr()
    table = _table(captured.out)
    assert table["sendEmail"][2] == "client.mail.outbox.send"
    assert table["linkTokenCreate"][2] == "client.link.new_token"  # a bare method keeps its tag
    assert table["cancelEmail"][2] == "client.emails.cancel_email"
    assert captured.err == ""
    assert main(["generate", "-q"]) == 0
    client = (naming_project / "generated" / "naming" / "_client.py").read_text()
    assert "class MailOutboxResource(" in client and "    def send(" in client


def test_an_overlay_entry_that_cannot_apply_is_a_located_warning(
        naming_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _configure(naming_project, '[tool.apigen.targets.names]\nnoSuchOperation = "x.y"\n'
               'listPets = "pets.find_by_status"\n')
    assert main(["names"]) == 0
    captured = capsys.readouterr()
    where = "pyproject.toml:6"
    assert (f"{where}: warning: names: no operation has the operationId 'noSuchOperation' "
            "(at /tool/apigen/targets/0/names/noSuchOperation)") in captured.err
    # The overlay wins; the operation that held the name falls back to its operationId.
    table = _table(captured.out)
    assert table["listPets"][2] == "client.pets.find_by_status"
    assert table["findPetsByStatus"][2] == "client.pets.find_pets_by_status"
    assert main(["names", "--strict"]) == 2
    assert f"{where}: error: names: no operation" in capsys.readouterr().err
    assert main(["generate", "--strict", "-q"]) == 2
    assert not (naming_project / "generated").exists()


def test_a_taken_overlay_name_is_reported_with_the_name_given(
        naming_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _configure(naming_project, '[tool.apigen.targets.names]\nlistPets = "emails.attachments"\n')
    assert main(["names"]) == 0
    captured = capsys.readouterr()
    assert _table(captured.out)["listPets"][2] == "client.emails.attachments_"
    assert ("pyproject.toml:6: warning: names: 'emails.attachments' is taken; 'listPets' is "
            "client.emails.attachments_ (at /tool/apigen/targets/0/names/listPets)"
            ) in captured.err


@pytest.mark.parametrize(("setting", "message"), [
    ('naming = "tags"', "naming must be one of 'path', 'operation_id', not 'tags'"),
    ('names = ["a"]', 'names must be a table of operationId = "namespace.method" strings'),
    ('names = {a = 1}', 'names must be a table of operationId = "namespace.method" strings'),
])
def test_a_bad_naming_setting_is_refused(naming_project: Path, setting: str, message: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    _configure(naming_project, setting + "\n")
    assert main(["names"]) == 2
    assert message in capsys.readouterr().err


def test_a_target_is_named_by_its_package(
        naming_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _configure(naming_project, "")
    assert main(["names", "naming"]) == 0
    assert _table(capsys.readouterr().out)["accountsGet"][2] == "client.accounts.get"
    assert main(["names", "nothing"]) == 2
    assert "'nothing' is neither a configured target nor a spec file" in capsys.readouterr().err
