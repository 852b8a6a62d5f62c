"""Different values of one schema, for an array sample with `uniqueItems` and `minItems` > 1
(Discord's bulk delete takes 2 to 100 different message ids)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_TRIES = 64


def distinct(first: Any, count: int, valid: Callable[[Any], bool],
             pool: list[Any] | tuple[Any, ...] = ()) -> list[Any] | None:
    """`count` different values that `valid` accepts: `first`, the values of `pool` (an
    `enum`), then small variations of `first` (a number moved by i, a string with i appended or
    replacing its last character, the other boolean); None when there are not enough (an
    object item, a one-value enum)."""
    found = [first]
    for candidate in pool:
        if len(found) < count and candidate not in found and valid(candidate):
            found.append(candidate)
    for i in range(1, _TRIES):
        if len(found) == count:
            break
        for candidate in _variations(first, i):
            if candidate not in found and valid(candidate):
                found.append(candidate)
                break
    return found if len(found) == count else None


def _variations(first: Any, i: int) -> list[Any]:
    if isinstance(first, bool):
        return [not first]
    if isinstance(first, (int, float)):
        return [first + i, first - i]
    if isinstance(first, str):
        return [f"{first}{i}", str(i), f"{first[:-1]}{i}"]
    return []
