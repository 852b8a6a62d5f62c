"""Jinja filters of the `custom_templates_filter` golden case: every public function of this
module becomes a filter (`apigen generate --filters filters.py`)."""

from __future__ import annotations

import re


def constant_name(value: str) -> str:
    """`listPets` -> `LIST_PETS`: a Python constant name made from an operationId."""
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", str(value))
    name = re.sub(r"[^0-9A-Za-z]+", "_", words).strip("_").upper()
    return name if name and not name[0].isdigit() else f"_{name}"


def shout(value: str) -> str:
    """Upper case, for titles that must stand out."""
    return str(value).upper()
