"""generator.ir.regex_sample: a short string that matches a schema's pattern."""

from __future__ import annotations

import re

import pytest

from generator.ir.regex_sample import matching_string


@pytest.mark.parametrize("pattern", [
    r"^(0|[1-9][0-9]*)$",
    r"^[a-z]{3,5}-\d+$",
    r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$",
    r"^#?([a-f0-9]{6}|[a-f0-9]{3})$",
    r"^\w+(\.\w+)*$",
    r"^(?:https?://)?[A-Z][a-z]+$",
    r"[0-9]",
    r"^\S+$",
    r"^[A-Z]{2}$",
])
def test_the_result_matches(pattern: str) -> None:
    value = matching_string(pattern)
    assert value is not None
    assert re.search(pattern, value)


def test_length_bounds_are_met_by_repeating_more() -> None:
    value = matching_string(r"^[a-z]+$", min_length=5)
    assert value is not None and len(value) >= 5 and re.search(r"^[a-z]+$", value)
    assert matching_string(r"^[a-z]{4}$", max_length=3) is None


@pytest.mark.parametrize("pattern", [r"(a)\1", r"[", r"(?<name>x)"])
def test_what_it_cannot_follow_gives_none(pattern: str) -> None:
    assert matching_string(pattern) is None
