"""What is wrong with a spec, as located diagnostics (warnings unless `--strict`): the problems
apigen worked around while reading it, then openapi-spec-validator's findings."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .diagnostics import Diagnostic, Level, join_pointer
from .loader import Spec

_MAX_FINDINGS = 50


def _validator_for(version: str) -> Any:
    from openapi_spec_validator import (
        OpenAPIV30SpecValidator,
        OpenAPIV31SpecValidator,
        OpenAPIV32SpecValidator,
    )

    if version.startswith("3.0"):
        return OpenAPIV30SpecValidator
    return OpenAPIV32SpecValidator if version.startswith("3.2") else OpenAPIV31SpecValidator


def validate_spec(spec: Spec, *, strict: bool) -> list[Diagnostic]:
    """Validate the bundled document; each finding names the file, line and JSON pointer."""
    level = Level.ERROR if strict else Level.WARNING
    validator = _validator_for(str(spec.data.get("openapi", "3.1")))(spec.data)
    findings = [replace(d, level=level) for d in spec.findings]
    seen: set[tuple[str, str]] = set()
    try:
        errors = validator.iter_errors()
        for error in errors:
            pointer = join_pointer(*getattr(error, "absolute_path", ()))
            # First paragraph only: the rest repeats the schema path and the instance.
            raw = str(getattr(error, "message", error)).split("\n\n")[0]
            message = " ".join(raw.split())
            if len(message) > 300:
                message = message[:297] + "..."
            if (pointer, message) in seen:
                continue
            seen.add((pointer, message))
            file, line, inner = spec.locate(pointer)
            findings.append(Diagnostic(level, f"invalid OpenAPI: {message}", file, line, inner))
            if len(findings) >= _MAX_FINDINGS:
                break
    except Exception as exc:  # the validator can raise on documents it cannot walk
        message = " ".join(str(exc).split())[:300]
        findings.append(
            Diagnostic(level, f"invalid OpenAPI: {message}", spec.root.display, None, "/")
        )
    return sorted(findings, key=lambda d: (d.file, d.line or 0, d.pointer or "", d.message))
