"""Pagination on the command line: `apigen generate -v` lists each paginated operation
(strategy, items field, cursor parameter, where it came from); `--no-detect-pagination` and
`detect_pagination = false` keep only the configured ones; a target's `pagination` table
configures operations by operationId, and a malformed entry is a located warning (an error
under --strict)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "tests" / "golden" / "feature_pagination" / "spec.yaml"


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(SPEC, tmp_path / "shop.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def configure(project: Path, table: str) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.apigen]\n[[tool.apigen.targets]]\nspec = "shop.yaml"\npackage = "shop"\n'
        + table, encoding="utf-8")


def listed(err: str) -> list[str]:
    return [line.strip() for line in err.splitlines() if line.startswith("  GET ")]


def test_verbose_lists_what_was_detected_and_configured(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "shop.yaml", "--package", "shop", "-v"]) == 0
    err = capsys.readouterr().err
    assert "shop: 6 paginated operation(s)" in err
    assert listed(err) == [
        "GET /customers (customers.list): cursor, items data, cursor parameter starting_after,"
        " cursor field has_more [detected]",
        "GET /events (events.list): next_cursor, items items, cursor parameter page_token, "
        "cursor field next_page_token [detected]",
        "GET /orders (orders.list): offset, items results, cursor parameter offset [detected]",
        "GET /products (products.list): page, items data, cursor parameter page [detected]",
        "GET /commits (commits.list): link, items (the body) [detected]",
        "GET /logs (logs.list): next_cursor, items entries, cursor parameter after, cursor "
        "field continuation [extension]",
    ]
    client = (project / "generated" / "shop" / "_client.py").read_text()
    assert "-> _paging.SyncPage[_models.Customer]:" in client
    # Again, with nothing changed: the list is not lost to the run cache.
    assert main(["generate", "shop.yaml", "--package", "shop", "-v"]) == 0
    assert len(listed(capsys.readouterr().err)) == 6


def test_the_switch_keeps_only_configured_pagination(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "shop.yaml", "--package", "shop", "-v",
                 "--no-detect-pagination"]) == 0
    assert [line.split(":")[0] for line in listed(capsys.readouterr().err)] == [
        "GET /logs (logs.list)"]
    client = (project / "generated" / "shop" / "_client.py").read_text()
    assert "-> _models.CustomerList:" in client


def test_the_config_key_turns_detection_off_and_the_table_configures(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, 'detect_pagination = false\n[tool.apigen.targets.pagination]\n'
              'listOrders = {strategy = "offset", limit_param = "limit"}\nlistLogs = false\n')
    assert main(["generate", "-v"]) == 0
    assert listed(capsys.readouterr().err) == [
        "GET /orders (orders.list): offset, items results, cursor parameter offset [config]"]


def test_a_malformed_table_entry_warns_with_its_location_and_strict_refuses(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, '[tool.apigen.targets.pagination]\nlistOrders = {strategy = "sideways"}\n')
    assert main(["generate", "-v"]) == 0
    err = capsys.readouterr().err
    assert ("pyproject.toml [tool.apigen] targets[0]: warning: pagination of operation "
            "'listOrders': strategy must be one of") in err
    assert "(at pagination.listOrders)" in err
    assert "GET /orders" not in err
    assert main(["generate", "--strict", "--force"]) == 2
    assert "error: pagination of operation 'listOrders'" in capsys.readouterr().err


def test_a_table_that_is_not_a_table_is_bad_input(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, 'pagination = "cursor"\n')
    assert main(["generate"]) == 2
    assert "pagination must be a table" in capsys.readouterr().err


def test_summary_reports_a_newly_paginated_operation_as_a_changed_return(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "shop.yaml", "--package", "shop", "-q",
                 "--no-detect-pagination"]) == 0
    capsys.readouterr()
    assert main(["generate", "shop.yaml", "--package", "shop", "-q", "--summary"]) == 0
    out = capsys.readouterr().out
    assert "returns _models.CustomerList -> _paging.SyncPage[_models.Customer]" in out


def test_the_switch_must_be_a_boolean(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, 'detect_pagination = "no"\n')
    assert main(["generate"]) == 2
    assert "detect_pagination must be true or false, not 'no'" in capsys.readouterr().err
