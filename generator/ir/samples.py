"""JSON bodies the generated server can always send: spec examples that validate, else a minimal
instance synthesized from the schema.

The mock answers with these, and the generated routes use an error response's sample as the body
of the 401 or 500 they send on their own. Every candidate is checked with the spec's own schema
dialect (openapi-schema-validator, which openapi-spec-validator already depends on), so a sample
never contradicts the spec; an example that does not validate is passed over. A schema no instance
satisfies strictly (`oneOf` variants that overlap: `oneOf: [A, A]`, a `{}` branch, 3.0 `const`
that the 3.0 dialect ignores) gets a sample valid with every `oneOf` read as `anyOf`, which the
generated models accept (pydantic takes the first variant that fits); `noted_sample` says so,
and generation warns at the response.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from ..spec.operations import DocumentView
from ..spec.walk import MAX_DEPTH
from .distinct import distinct
from .sample_formats import (
    format_checker,
    minimal_number,
    minimal_string,
    sample_kind,
    schema_examples,
)
from .sample_tags import any_of, discriminator_tags, variant_tag
from .sample_widening import NOTHING, refuting, widened


class _Unsynthesizable(Exception):
    """The schema admits no instance this module knows how to build."""


class Synthesizer:
    """Builds and checks sample instances of the schemas of one bundled spec."""

    def __init__(self, data: dict[str, Any], *, resolve: Callable[[str], Any]) -> None:
        self.data = data
        self.resolve = resolve
        self.oas30 = DocumentView(data).is_oas30
        self._expanding: set[int] = set()
        """Base schemas whose mapped subtypes are being built (a subtype `allOf`s its base)."""
        self._samples: dict[str, tuple[Any, bool, bool]] = {}
        """`sample()` answers by arguments: many operations share an error response."""
        self._relaxed: Synthesizer | None = None
        """The synthesizer of the spec with every `oneOf` read as `anyOf` (made when needed)."""
        self.strict_only = False
        """True for that relaxed synthesizer itself (it has no fallback)."""
        self._tags: dict[str, tuple[str, str]] | None = None
        """Schemas some discriminator names -> their tag (`sample_tags`), found when needed."""

    # -- validation ------------------------------------------------------------------------

    def is_valid(self, schema: Any, instance: Any) -> bool:
        """True when `instance` validates against `schema` (refs resolved within the spec)."""
        if not isinstance(schema, dict):
            return True
        root = {**self.data, **schema}
        # Imported here: the validators cost a fifth of a second, and a run with nothing to
        # regenerate never validates a sample.
        from openapi_schema_validator import OAS30ReadValidator, OAS31Validator

        checker = format_checker(oas30=self.oas30)
        if self.oas30:
            validator: Any = OAS30ReadValidator(root, format_checker=checker)
        else:
            validator = OAS31Validator(root, format_checker=checker)
        try:
            return not any(True for _ in validator.iter_errors(instance))
        except Exception:  # an unresolvable or unsupported construct: treat as not checkable
            return False

    # -- synthesis -------------------------------------------------------------------------

    def sample(self, schema: Any, *, text: str, examples: tuple[Any, ...] = ()) -> tuple[Any, bool]:
        """The first of `examples` that validates, else a synthesized instance, with a flag
        that is False when nothing valid could be produced."""
        value, ok, _ = self.noted_sample(schema, text=text, examples=examples)
        return value, ok

    def noted_sample(self, schema: Any, *, text: str,
                     examples: tuple[Any, ...] = ()) -> tuple[Any, bool, bool]:
        """`sample()` and a third flag, False when the value is valid only with every `oneOf`
        read as `anyOf` (no instance found fits exactly one variant)."""
        try:
            key = json.dumps([schema, text, examples], sort_keys=True, default=repr)
        except (TypeError, ValueError):  # keys json cannot order: work it out uncached
            return self._sample(schema, text=text, examples=examples)
        if key not in self._samples:
            self._samples[key] = self._sample(schema, text=text, examples=examples)
        value, ok, exact = self._samples[key]
        return copy.deepcopy(value), ok, exact

    def _sample(self, schema: Any, *, text: str,
                examples: tuple[Any, ...]) -> tuple[Any, bool, bool]:
        for example in examples:
            if self.is_valid(schema, example):
                return example, True, True
        try:
            built = self.build(schema, text=text)
        except _Unsynthesizable:
            built = NOTHING
        if built is not NOTHING and self.is_valid(schema, built):
            return built, True, True
        value, ok = self._relaxed_sample(schema, text=text)
        return value, ok, False

    def _relaxed_sample(self, schema: Any, *, text: str) -> tuple[Any, bool]:
        """An instance valid when every `oneOf` is read as `anyOf` (see the module docstring)."""
        if self.strict_only:
            return None, False
        if self._relaxed is None:
            resolved: dict[str, Any] = {}

            def resolve(ref: str) -> Any:
                if ref not in resolved:
                    resolved[ref] = any_of(self.resolve(ref))
                return resolved[ref]

            self._relaxed = Synthesizer(any_of(self.data), resolve=resolve)
            self._relaxed.strict_only = True
        relaxed = any_of(schema)
        try:
            built = self._relaxed.build(relaxed, text=text)
        except _Unsynthesizable:
            return None, False
        return (built, True) if self._relaxed.is_valid(relaxed, built) else (None, False)

    def build(self, schema: Any, *, text: str, depth: int = 0) -> Any:
        """A minimal instance: required properties only, the smallest arrays and numbers,
        schema-level examples and defaults where given, and `text` for free strings."""
        if depth > MAX_DEPTH:
            raise _Unsynthesizable
        if schema is False:
            raise _Unsynthesizable
        if not isinstance(schema, dict):
            return text
        if isinstance(schema.get("$ref"), str):
            target = self.resolve(schema["$ref"])
            built = self.build(target, text=text, depth=depth + 1)
            return self._tagged(schema["$ref"], target, built, text=text, depth=depth)
        if "const" in schema:
            return schema["const"]
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            return next((v for v in enum if v is not None), enum[0])
        mapped = self._mapped_subtype(schema, text=text, depth=depth)
        if mapped is not None:
            return mapped
        if "allOf" in schema and isinstance(schema["allOf"], list):
            return self._all_of(schema, text=text, depth=depth)
        for key in ("oneOf", "anyOf"):
            variants = schema.get(key)
            if isinstance(variants, list) and variants:
                return self._first_variant(schema, variants, text=text, depth=depth)
        for candidate in schema_examples(schema):
            if self.is_valid(schema, candidate):
                return candidate
        return self._by_type(schema, sample_kind(schema), text=text, depth=depth)

    def _tagged(self, ref: str, target: Any, built: Any, *, text: str, depth: int) -> Any:
        """`built` with the discriminator tag its model requires (see `sample_tags`)."""
        if self._tags is None:
            self._tags = discriminator_tags(self.data)
        tag = self._tags.get(ref)
        if tag is None or not isinstance(built, dict) or tag[0] in built:
            return built
        name, value = tag
        declared = self.properties_of(target, depth).get(name)
        if isinstance(declared, dict) and isinstance(declared.get("$ref"), str):
            declared = self.resolve(declared["$ref"])
        if isinstance(declared, dict) and ("const" in declared or "enum" in declared):
            value = self.build(declared, text=text, depth=depth + 1)
        tagged = {**built, name: value}
        return tagged if self.is_valid(target, tagged) else built

    def _all_of(self, schema: dict[str, Any], *, text: str, depth: int) -> Any:
        parts = [self.build(part, text=text, depth=depth + 1) for part in schema["allOf"]]
        rest = {k: v for k, v in schema.items() if k != "allOf"}
        if sample_kind(rest) is not None:
            # `required` may name properties that only the `allOf` parts declare.
            properties = {**self.properties_of(schema, depth), **(rest.get("properties") or {})}
            rest = {**rest, "properties": properties}
            parts.append(self.build(rest, text=text, depth=depth + 1))
        if any(isinstance(p, dict) for p in parts):
            # A `oneOf`/`anyOf` part may have given a scalar variant: an object one is needed.
            parts = [p if isinstance(p, dict) else self._object_variant(part, p, text=text,
                                                                        depth=depth + 1)
                     for part, p in zip([*schema["allOf"], rest], parts, strict=False)]
            # A part that constrains nothing (`{}`, a remote schema opened to any value) takes
            # the object its siblings build: its free text is no instance of them.
            parts = [p for part, p in zip([*schema["allOf"], rest], parts, strict=False)
                     if isinstance(p, dict) or not self._unconstrained(part, depth)]
        if parts and all(isinstance(p, dict) for p in parts):
            merged: dict[str, Any] = {}
            for part in parts:
                merged.update(part)
            # A part may require a property only a sibling part declares (it was then built
            # as a free value): build it from the declaration.
            declared = self.properties_of(schema, depth)
            for name, value in merged.items():
                if name in declared and not self.is_valid(declared[name], value):
                    merged[name] = self.build(declared[name], text=text, depth=depth + 1)
            return merged
        return parts[0] if parts else text

    def _unconstrained(self, schema: Any, depth: int) -> bool:
        """Whether `schema` admits every value (only annotations such as a description)."""
        schema, depth = self.deref(schema, depth)
        if schema is True:
            return True
        return isinstance(schema, dict) and not (set(schema) - _ANNOTATIONS)

    def deref(self, schema: Any, depth: int) -> tuple[Any, int]:
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) \
                and depth < MAX_DEPTH:
            schema, depth = self.resolve(schema["$ref"]), depth + 1
        return schema, depth

    def _object_variant(self, schema: Any, built: Any, *, text: str, depth: int) -> Any:
        """The first object instance of a variant of `schema` valid for it, else `built`."""
        schema, depth = self.deref(schema, depth)
        variants = [*(schema.get("oneOf") or []), *(schema.get("anyOf") or [])] \
            if isinstance(schema, dict) else []
        for variant in variants:
            try:
                candidate = self.build(variant, text=text, depth=depth + 1)
            except _Unsynthesizable:
                continue
            if isinstance(candidate, dict) and self.is_valid(schema, candidate):
                return candidate
        return built

    def properties_of(self, schema: Any, depth: int) -> dict[str, Any]:
        """Properties `schema` declares itself or through `$ref` and `allOf`."""
        if depth > MAX_DEPTH:
            return {}
        if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            return self.properties_of(self.resolve(schema["$ref"]), depth + 1)
        if not isinstance(schema, dict):
            return {}
        found: dict[str, Any] = {}
        for part in schema.get("allOf") or []:
            found.update(self.properties_of(part, depth + 1))
        if isinstance(schema.get("properties"), dict):
            found.update(schema["properties"])
        return found

    def _first_variant(self, schema: dict[str, Any], variants: list[Any], *, text: str,
                       depth: int) -> Any:
        # Non-null variants first; the first one whose instance satisfies the whole schema wins.
        # A minimal instance may fit several `oneOf` variants (`{}` fits every object without
        # required properties), so a second pass widens each variant's instance with one of its
        # optional properties, or one array item, until it fits that variant alone; a third
        # gives it a key another variant declares (or forbids) with a value that one refuses.
        ordered = sorted(variants, key=lambda v: isinstance(v, dict) and v.get("type") == "null")
        built_by_variant: list[tuple[Any, list[Any]]] = []
        for variant in ordered:
            try:
                built = self.build(variant, text=text, depth=depth + 1)
            except _Unsynthesizable:
                continue
            if isinstance(built, dict) and sample_kind(schema) == "object":
                built = {**self._by_type(schema, "object", text=text, depth=depth), **built}
                # A variant may only require properties the schema itself declares
                # (Intercom's `anyOf: [{required: [id]}, {required: [email]}]`): they were
                # built as free values; build them from the declaration.
                declared = self.properties_of(schema, depth)
                own = self.properties_of(variant, depth)
                for name, value in list(built.items()):
                    if name in declared and name not in own \
                            and not self.is_valid(declared[name], value):
                        built[name] = self.build(declared[name], text=text, depth=depth + 1)
            tag = variant_tag(schema, variant)
            candidates = [built]
            if tag is not None and isinstance(built, dict):
                # Models pick the variant by this value, which the JSON Schema leaves free.
                candidates.insert(0, {**built, tag[0]: tag[1]})
            for candidate in candidates:
                if self.is_valid(schema, candidate):
                    return candidate
            built_by_variant.append((variant, candidates))
        if "oneOf" in schema:
            for variant, candidates in built_by_variant:
                for candidate in candidates:
                    for wider in widened(self, variant, candidate, text=text, depth=depth + 1):
                        if self.is_valid(schema, wider):
                            return wider
            for variant, candidates in built_by_variant:
                others = [v for v in variants if v is not variant]
                for candidate in candidates:
                    for base in (candidate, *widened(self, variant, candidate, text=text,
                                                     depth=depth + 1)):
                        found = refuting(self, variant, others, base, text=text,
                                         depth=depth + 1)
                        if found is not NOTHING and self.is_valid(schema, found):
                            return found
        raise _Unsynthesizable

    def try_build(self, schema: Any, *, text: str, depth: int) -> Any:
        """`build()`, or NOTHING when the schema admits no instance this module can build."""
        try:
            return self.build(schema, text=text, depth=depth)
        except _Unsynthesizable:
            return NOTHING

    def _mapped_subtype(self, schema: dict[str, Any], *, text: str, depth: int) -> Any:
        """For a base schema whose `discriminator.mapping` names its subtypes (which `allOf`
        it), an instance of the first subtype that can be built, tagged; else None."""
        discriminator = schema.get("discriminator")
        if (not isinstance(discriminator, dict) or "oneOf" in schema or "anyOf" in schema
                or id(schema) in self._expanding):
            return None
        name = discriminator.get("propertyName")
        mapping = discriminator.get("mapping")
        if not isinstance(name, str) or not isinstance(mapping, dict):
            return None
        self._expanding.add(id(schema))
        try:
            for key, target in mapping.items():
                if not isinstance(target, str) or not target.startswith("#"):
                    continue
                try:
                    built = self.build({"$ref": target}, text=text, depth=depth + 1)
                except (_Unsynthesizable, KeyError):
                    continue
                if isinstance(built, dict):
                    return {**built, name: key}
        finally:
            self._expanding.discard(id(schema))
        return None

    def _by_type(self, schema: dict[str, Any], kind: str | None, *, text: str,
                 depth: int) -> Any:
        if kind == "object":
            return self._object(schema, text=text, depth=depth)
        if kind == "array":
            count = int(schema.get("minItems", 0) or 0)
            if count == 0:
                return []
            item = self.build(schema.get("items", {}), text=text, depth=depth + 1)
            if schema.get("uniqueItems") is True and count > 1:
                items = schema.get("items", {})
                pool = items.get("enum") if isinstance(items, dict) else None
                found = distinct(item, count, lambda value: self.is_valid(items, value),
                                 pool if isinstance(pool, list) else ())
                if found is None:
                    raise _Unsynthesizable
                return found
            return [item] * count
        if kind == "string":
            return minimal_string(schema, text=text)
        if kind in ("integer", "number"):
            return minimal_number(schema, integer=kind == "integer")
        if kind == "boolean":
            return False
        if kind == "null":
            return None
        return text

    def _object(self, schema: dict[str, Any], *, text: str, depth: int) -> dict[str, Any]:
        raw = schema.get("properties")
        properties: dict[str, Any] = raw if isinstance(raw, dict) else {}
        required = [r for r in schema.get("required") or [] if isinstance(r, str)]
        extra = schema.get("additionalProperties", True)
        out: dict[str, Any] = {}
        for name in required:
            if name in properties:
                out[name] = self.build(properties[name], text=text, depth=depth + 1)
            elif extra is not False:
                out[name] = self.build(extra, text=text, depth=depth + 1)
            else:
                raise _Unsynthesizable
        # `minProperties`: declared optional properties first, then made-up keys if allowed.
        wanted = schema.get("minProperties")
        wanted = wanted if isinstance(wanted, int) and not isinstance(wanted, bool) else 0
        for name, declared in properties.items():
            if len(out) >= wanted:
                break
            if name not in out:
                out[name] = self.build(declared, text=text, depth=depth + 1)
        while len(out) < wanted and extra is not False:
            out[f"{text or 'key'}{len(out)}"] = self.build(extra, text=text, depth=depth + 1)
        return out


_ANNOTATIONS = frozenset({"title", "description", "example", "examples", "default",
                          "deprecated", "readOnly", "writeOnly", "$comment", "externalDocs",
                          "nullable", "xml"})
"""Keywords that constrain no value (`nullable` only widens a typed schema)."""
