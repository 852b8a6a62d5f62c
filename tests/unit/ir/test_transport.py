"""The transport's header names (generator/ir/transport.py, `[tool.apigen]` keys in
generator/config.py): configuration over the document's extensions over the defaults; a
malformed extension is one located warning (an error under --strict), a malformed setting
refuses to start."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import load_targets
from generator.diagnostics import GenerationError, Level
from generator.ir.features import TransportHeaders
from generator.ir.transport import transport_headers
from generator.pipeline import generate_target

SPEC = """\
openapi: 3.1.0
info: {title: t, version: "1"}
x-apigen-request-id-header: X-Trace-Id
x-apigen-retry-count-header: {EXTENSION}
paths: {}
"""


def settled(document: dict[str, object], configured: dict[str, str | None] | None = None
            ) -> tuple[TransportHeaders, list[tuple[str, str]]]:
    warnings: list[tuple[str, str]] = []
    headers = transport_headers(document, configured or {}, env_log="PKG_LOG",
                                warn=lambda message, pointer: warnings.append((message, pointer)))
    return headers, warnings


def test_defaults() -> None:
    headers, warnings = settled({})
    assert headers == TransportHeaders("Idempotency-Key", "X-Retry-Count", "x-request-id",
                                       "PKG_LOG")
    assert warnings == []


def test_extensions_name_or_turn_off_each_header() -> None:
    headers, warnings = settled({"x-apigen-idempotency-header": "Idem-Key",
                                 "x-apigen-retry-count-header": False,
                                 "x-apigen-request-id-header": "X-Trace-Id"})
    assert (headers.idempotency, headers.retry_count, headers.request_id) == (
        "Idem-Key", None, "X-Trace-Id")
    assert warnings == []


def test_configuration_wins_over_the_document() -> None:
    headers, _ = settled({"x-apigen-idempotency-header": "Idem-Key",
                          "x-apigen-request-id-header": "X-Trace-Id"},
                         {"idempotency": None, "request_id": "Request-Id"})
    assert (headers.idempotency, headers.request_id) == (None, "Request-Id")


@pytest.mark.parametrize("value", ["Idem Key", "Idem:Key", 7, ["a"], True, "Ключ"])
def test_a_malformed_extension_warns_and_keeps_the_default(value: object) -> None:
    headers, warnings = settled({"x-apigen-idempotency-header": value})
    assert headers.idempotency == "Idempotency-Key"
    ((message, pointer),) = warnings
    assert pointer == "/x-apigen-idempotency-header"
    assert "must be an HTTP header name" in message and "'Idempotency-Key'" in message


def project(tmp_path: Path, extension: str, settings: str) -> Path:
    (tmp_path / "spec.yaml").write_text(SPEC.replace("{EXTENSION}", extension), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.apigen]\n{settings}\n[[tool.apigen.targets]]\nspec = "spec.yaml"\n'
        'package = "pkg"\n', encoding="utf-8")
    return tmp_path


def test_table_settings_reach_the_generated_config(tmp_path: Path) -> None:
    root = project(tmp_path, "X-Attempt", 'idempotency_header = "Request-Key"\n'
                   "request_id_header = false")
    (target,) = load_targets(root)
    assert target.header_names == (("idempotency", "Request-Key"), ("request_id", None))

    result = generate_target(target, root=root)

    config = result.package.files["_config.py"].decode()
    assert 'IDEMPOTENCY_HEADER: str | None = "Request-Key"' in config
    assert 'RETRY_COUNT_HEADER: str | None = "X-Attempt"' in config  # from the document
    assert "REQUEST_ID_HEADER: str | None = None" in config
    assert 'ENV_LOG = "PKG_LOG"' in config
    assert result.diagnostics == []


def test_a_malformed_extension_is_a_located_warning(tmp_path: Path) -> None:
    root = project(tmp_path, '"Bad Name"', "")
    (target,) = load_targets(root)

    result = generate_target(target, root=root)

    (warning,) = [d for d in result.diagnostics if "x-apigen" in d.message]
    assert warning.level is Level.WARNING
    assert (warning.file, warning.line, warning.pointer) == (
        "spec.yaml", 4, "/x-apigen-retry-count-header")
    assert b'"X-Retry-Count"' in result.package.files["_config.py"]
    with pytest.raises(GenerationError, match="x-apigen-retry-count-header must be"):
        generate_target(target, root=root, strict=True)


def test_a_malformed_setting_refuses(tmp_path: Path) -> None:
    root = project(tmp_path, "X-Attempt", 'retry_count_header = "Retry Count"')
    with pytest.raises(GenerationError, match="retry_count_header must be an HTTP header name"):
        load_targets(root)
