"""Property-based: schemathesis generates requests from each seed spec and sends them to the
generated app running MockHandlers. Valid requests must get a declared status with a body that
conforms to the spec; invalid ones must never get a 5xx. Bounded: a fixed number of examples per
run and a per-example deadline."""

from __future__ import annotations

import importlib
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation import GenerationMode

CREDENTIALS = {
    "scope3_ai": {"Authorization": "Bearer k"},
    "sgp": {"x-api-key": "k"},
}
BOUNDED = settings(max_examples=40, deadline=timedelta(seconds=2), database=None,
                   suppress_health_check=list(HealthCheck))


def schema_for(package: str) -> Any:
    server = importlib.import_module(f"{package}.server")
    return schemathesis.openapi.from_asgi("/openapi.json",
                                          server.create_app(server.MockHandlers()))


@pytest.mark.parametrize("package", sorted(CREDENTIALS))
def test_valid_requests_get_conforming_responses(seed_packages: Path, package: str) -> None:
    schema = schema_for(package)
    headers = CREDENTIALS[package]
    checks = [not_a_server_error, status_code_conformance, content_type_conformance,
              response_schema_conformance]

    @BOUNDED
    @given(case=schema.as_strategy(GenerationMode.POSITIVE))
    def run(case: Any) -> None:
        response = case.call(headers=headers)
        case.validate_response(response, checks=checks, headers=headers)
        assert response.status_code < 300, response.text

    run()


@pytest.mark.parametrize("package", sorted(CREDENTIALS))
def test_invalid_requests_never_get_a_server_error(seed_packages: Path, package: str) -> None:
    schema = schema_for(package)
    headers = CREDENTIALS[package]

    @BOUNDED
    @given(case=schema.as_strategy(GenerationMode.NEGATIVE))
    def run(case: Any) -> None:
        response = case.call(headers=headers)
        case.validate_response(response, checks=[not_a_server_error, content_type_conformance,
                                                 response_schema_conformance], headers=headers)
        assert response.status_code in (400, 401, 422) or response.status_code < 300, \
            response.text

    run()


def test_invalid_requests_get_a_declared_status_and_shape(seed_packages: Path) -> None:
    """scope3_ai declares a 400 with its `Error` schema (and a 401): a request that fails
    validation gets that status and a body of that shape, not FastAPI's 422. (sgp is left out:
    it declares no 401, which a request that loses its credentials gets.)"""
    schema = schema_for("scope3_ai")
    headers = CREDENTIALS["scope3_ai"]

    @settings(BOUNDED, derandomize=True)
    @given(case=schema.as_strategy(GenerationMode.NEGATIVE))
    def run(case: Any) -> None:
        response = case.call(headers=headers)
        case.validate_response(response, checks=[not_a_server_error, status_code_conformance,
                                                 content_type_conformance,
                                                 response_schema_conformance], headers=headers)

    run()
