"""Widening a `oneOf` variant's minimal instance until it fits that variant alone.

A minimal instance often fits several variants: `{}` fits every object without required
properties, `[]` every array. Two moves rule the others out: one more optional property of the
variant (or one array item), and a property another variant declares given a value that one
refuses while this variant accepts it (Supabase's `oneOf: [AccessTokenResponse, User]`, objects
of optional properties that allow unknown keys: `{"id": 0}` is an access token response with an
unknown key, and no user, whose `id` is a string). The models keep such a key: `open_variants`
lets a `oneOf` variant that allows unknown keys keep them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol


class Synthesizer(Protocol):
    """What this module uses of `samples.Synthesizer` (which imports this module)."""

    def is_valid(self, schema: Any, instance: Any) -> bool: ...

    def try_build(self, schema: Any, *, text: str, depth: int) -> Any: ...

    def deref(self, schema: Any, depth: int) -> tuple[Any, int]: ...

    def properties_of(self, schema: Any, depth: int) -> dict[str, Any]: ...


WIDENING = 16
"""Optional properties tried, per `oneOf` variant, to make an instance fit it alone."""
PROBES: tuple[Any, ...] = (0, "", False, None, [], {})
"""Values of every JSON type, tried where a property's declaration must refuse the value."""


def widened(synth: Synthesizer, variant: Any, built: Any, *, text: str,
            depth: int) -> Iterator[Any]:
    """`built` (an instance of `variant`) with one more optional property, or with one
    item where it is an empty array: values that may rule out overlapping variants."""
    variant, depth = synth.deref(variant, depth)
    if isinstance(built, list) and not built and isinstance(variant, dict):
        item = synth.try_build(variant.get("items", {}), text=text, depth=depth + 1)
        if item is not NOTHING:
            yield [item]
    if isinstance(built, dict):
        optional = [(n, p) for n, p in synth.properties_of(variant, depth).items()
                    if n not in built]
        for name, declared in optional[:WIDENING]:
            value = synth.try_build(declared, text=text, depth=depth + 1)
            if value is not NOTHING:
                yield {**built, name: value}


def refuting(synth: Synthesizer, variant: Any, others: list[Any], built: Any, *, text: str,
             depth: int) -> Any:
    """`built` (an instance of `variant`) with, for each of `others` that accepts it, a
    property that one declares set to a value it refuses and `variant` accepts; NOTHING when
    some other variant cannot be ruled out so."""
    if not isinstance(built, dict) or not synth.is_valid(variant, built):
        return NOTHING
    current = built
    ruled_out: list[Any] = []
    for other in others:
        ruled_out.append(other)
        if not synth.is_valid(other, current):
            continue
        # A value that rules this one out must not let one ruled out before back in.
        current = next((candidate for candidate in _refutations(
            synth, variant, other, current, text=text, depth=depth)
            if synth.is_valid(variant, candidate)
            and not any(synth.is_valid(gone, candidate) for gone in ruled_out)),
            NOTHING)
        if current is NOTHING:
            return NOTHING
    return current


def _refutations(synth: Synthesizer, variant: Any, other: Any, built: dict[str, Any], *,
                 text: str, depth: int) -> Iterator[dict[str, Any]]:
    """`built` with one property `other` declares, or one it does not, set to a value
    `variant` may allow there: its own declaration's sample and enum values, then a value of
    each JSON type."""
    own = synth.properties_of(variant, depth)
    theirs = synth.properties_of(other, depth)
    # A key `other` does not declare rules it out where it forbids unknown keys.
    unknown = next(f"{text or 'key'}{i or ''}" for i in range(len(theirs) + len(built) + 1)
                   if f"{text or 'key'}{i or ''}" not in {*theirs, *built})
    for name in [*list(theirs)[:WIDENING], unknown]:
        declared, _ = synth.deref(own.get(name), depth)
        values: list[Any] = []
        if isinstance(declared, dict):
            values.append(synth.try_build(declared, text=text, depth=depth + 1))
            enum = declared.get("enum")
            values += enum if isinstance(enum, list) else []
        values += PROBES
        for value in values:
            if value is not NOTHING and built.get(name, NOTHING) != value:
                yield {**built, name: value}


class _Nothing:
    """No value (None is one)."""


NOTHING: Any = _Nothing()
