"""What is wrong with a spec, as located diagnostics (warnings unless `--strict`): the problems
apigen worked around while reading it, then openapi-spec-validator's findings."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..cache import cache_dir, write_cache_file
from ..diagnostics import Diagnostic, Level, clip, join_pointer
from .document import Spec

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
    """Validate the bundled document; each finding names the file, line and JSON pointer.

    A document that validated clean is remembered (in the user cache folder) by a hash of its
    content with every `description` and `summary` text left out: no validation rule reads
    those texts, so the most common edit, to documentation, is not validated again."""
    marker = _clean_marker(spec)
    if marker is not None and marker.is_file():
        return []
    findings = _validate(spec, strict=strict)
    if not findings:
        write_cache_file(marker, "")
    return findings


# Members whose values are instance data (which a validator may check against a schema): the
# texts inside them are kept.
_DATA = frozenset({"default", "example", "examples", "enum", "const", "value"})


def _without_texts(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: "" if key in ("description", "summary") and isinstance(item, str)
                else item if key in _DATA or str(key).startswith("x-")
                else _without_texts(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_texts(item) for item in value]
    return value


def _clean_marker(spec: Spec) -> Path | None:
    root = cache_dir()
    if root is None or spec.findings:
        return None
    try:
        text = json.dumps(_without_texts(spec.data), ensure_ascii=False, default=repr)
    except (TypeError, ValueError):
        return None
    versions = " ".join(importlib.metadata.version(name) for name in (
        "openapi-spec-validator", "openapi-schema-validator", "jsonschema-rs"))
    digest = hashlib.sha256(f"{versions}\0{text}".encode()).hexdigest()
    return root / "valid" / digest[:2] / digest


def _validate(spec: Spec, *, strict: bool) -> list[Diagnostic]:
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
            message = clip(raw)  # validator messages quote the offending value
            if (pointer, message) in seen:
                continue
            seen.add((pointer, message))
            file, line, inner = spec.locate(pointer)
            findings.append(Diagnostic(level, f"invalid OpenAPI: {message}", file, line, inner))
            if len(findings) >= _MAX_FINDINGS:
                break
    except RecursionError:
        findings.append(Diagnostic(
            level, "OpenAPI validation skipped: the document refers to itself too deeply for "
            "the validator to walk", spec.root.display, None, "/"))
    except Exception as exc:  # the validator can raise on documents it cannot walk
        message = clip(str(exc))
        findings.append(
            Diagnostic(level, f"invalid OpenAPI: {message}", spec.root.display, None, "/")
        )
    return sorted(findings, key=lambda d: (d.file, d.line or 0, d.pointer or "", d.message))
