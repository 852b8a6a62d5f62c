"""Class names stay put when unrelated schemas are added (issue 6, "Readable names").

A spec whose inline schemas datamodel-code-generator would number or name by the order it meets
them (`SubscriptionSchedule1`, `Type1`, `PetPet1`) is generated, then generated again with
unrelated component schemas added before and after the others, some named like the inline
schemas (`Type`, `Status`, `Schedule`), some with inline schemas of their own that compete for
the same names. Every class of the first run keeps its name. The same holds for a sample of the
real-world corpus. `test_the_library_alone_renames_classes` runs the same comparison without
apigen's naming, to show that the comparison notices a rename.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

import pytest

import generator.models.generate
from generator.models.generate import GeneratedModels, generate_models
from generator.prepare.inline_schemas import hoist_inline_schemas
from generator.spec.checks import check_buildable
from generator.spec.load import load_spec

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "corpus"))

from corpus_manifest import load_entries  # noqa: E402
from corpus_names import class_names, numbered_names, spec_names  # noqa: E402
from shared_data import corpus_or_skip  # noqa: E402

REF = "#/components/schemas/"


def _enum(*values: str) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


def _object(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


def _base_spec() -> dict[str, Any]:
    """Inline schemas the library names by a counter or by the order it meets them."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "Names", "version": "1"},
        "paths": {
            "/subscriptions": {
                "post": {
                    "operationId": "createSubscription",
                    "requestBody": {"content": {"application/json": {"schema": _object(
                        customer={"anyOf": [{"type": "string", "maxLength": 40},
                                            _object(name={"type": "string"})]},
                        metadata={"anyOf": [_object(note={"type": "string"}), _enum("")]},
                    )}}},
                    "responses": {"200": {"description": "ok", "content": {"application/json": {
                        "schema": {"$ref": REF + "subscription"}}}}},
                },
            },
        },
        "components": {"schemas": {
            "subscription": _object(
                # the string branch meets the component `subscription_schedule`
                schedule={"anyOf": [{"type": "string", "maxLength": 5000},
                                    {"$ref": REF + "subscription_schedule"}]},
                status=_enum("active", "canceled"),
                items={"type": "array", "items": _object(price={"type": "string"})},
            ),
            "subscription_schedule": _object(status=_enum("not_started", "active")),
            "Pet": {"oneOf": [
                _object(kind={"type": "string", "enum": ["cat"]}, lives={"type": "integer"}),
                _object(kind={"type": "string", "enum": ["dog"]}, good={"type": "boolean"}),
            ]},
            "Base": _object(id={"type": "string"}),
            # allOf members: the library names their inline enums `Type`, `Type1`, `Status1`
            "SignRequest": {"allOf": [{"$ref": REF + "Base"}, _object(
                type=_enum("sign-request"), status=_enum("sent", "signed"))]},
            "Template": {"allOf": [{"$ref": REF + "Base"}, _object(
                type=_enum("template"), status=_enum("draft"))]},
        }},
    }


def _unrelated(base: str = "Base") -> tuple[dict[str, Any], dict[str, Any]]:
    """Schemas to add before and after the others: sorting first and last, named like inline
    schemas, the library's own numbered names, or holding inline schemas that compete for the
    same names (inside an `allOf` with the component `base`, where the library does not prefix
    them)."""
    first = {
        "Aardvark": {"allOf": [{"$ref": REF + base}, _object(
            type=_enum("aardvark"), status=_enum("asleep"),
            schedule={"anyOf": [{"type": "string"}, _object(at={"type": "string"})]})]},
        "Type": _enum("x", "y"),
        "Status": _object(code={"type": "integer"}),
        "Type1": _object(one={"type": "string"}),
    }
    last = {
        "Schedule": _object(cron={"type": "string"}),
        "SubscriptionSchedule1": _object(other={"type": "string"}),
        "PetPet1": _object(other={"type": "string"}),
        "Zebra": _object(
            stripes={"oneOf": [_object(kind={"type": "string", "enum": ["thin"]}),
                               _object(kind={"type": "string", "enum": ["wide"]})]},
            status=_enum("striped"),
        ),
        "zzz_status": {"allOf": [{"$ref": REF + base}, _object(type=_enum("z"))]},
    }
    return first, last


def _grown(spec: dict[str, Any], first: dict[str, Any], last: dict[str, Any]
           ) -> dict[str, Any]:
    grown = copy.deepcopy(spec)
    schemas = grown["components"]["schemas"]
    assert not (set(first) | set(last)) & set(schemas), "the added schemas must be new"
    grown["components"]["schemas"] = {**first, **schemas, **last}
    return grown


def _models(spec: dict[str, Any], folder: Path) -> GeneratedModels:
    folder.mkdir(parents=True)
    path = folder / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    loaded = load_spec(path)
    check_buildable(loaded)
    hoist_inline_schemas(loaded.data)
    return generate_models(loaded.data, display="spec.json")


def _renamed(before: GeneratedModels, after: GeneratedModels) -> list[str]:
    """Classes of `before` whose name is not the same in `after`: gone from it, or now naming
    another schema."""
    problems = [f"{name}: no longer a class" for name in before.class_order
                if name not in after.class_names]
    refs_before = _unique_refs(before)
    refs_after = _unique_refs(after)
    problems += [f"{ref}: {name} -> {refs_after[ref]}" for ref, name in refs_before.items()
                 if ref in refs_after and refs_after[ref] != name]
    return problems


def _unique_refs(models: GeneratedModels) -> dict[str, str]:
    """Schema location -> class, for the locations exactly one class is made from."""
    seen: dict[str, list[str]] = {}
    for c in models.classes:
        if c.class_name in models.class_names:
            seen.setdefault(c.source_ref, []).append(c.class_name)
    return {ref: names[0] for ref, names in seen.items() if len(set(names)) == 1}


def test_adding_unrelated_schemas_renames_no_class(tmp_path: Path) -> None:
    spec = _base_spec()
    before = _models(spec, tmp_path / "before")
    after = _models(_grown(spec, *_unrelated()), tmp_path / "after")
    assert _renamed(before, after) == []
    assert len(after.class_order) > len(before.class_order) + 8
    # and what the names are: the component keeps its name, each inline schema gets its place
    for name in ("Subscription", "SubscriptionSchedule", "SubscriptionScheduleString",
                 "SubscriptionStatus", "SubscriptionItem", "PetCat", "PetDog", "SignRequestType",
                 "SignRequestStatus", "TemplateType", "TemplateStatus",
                 "CreateSubscriptionRequestCustomer", "CreateSubscriptionRequestMetadataEmpty"):
        assert name in before.class_names, sorted(before.class_names)
    spec_words = spec_names([spec])
    assert numbered_names(list(before.class_order), spec_words) == []
    assert [str(n) for n in numbered_names(list(after.class_order), spec_names(
        [_grown(spec, *_unrelated())]))] == []


def test_names_do_not_depend_on_the_order_of_the_schemas(tmp_path: Path) -> None:
    spec = _grown(_base_spec(), *_unrelated())
    reverse = copy.deepcopy(spec)
    reverse["components"]["schemas"] = dict(reversed(spec["components"]["schemas"].items()))
    forward = _models(spec, tmp_path / "forward")
    backward = _models(reverse, tmp_path / "backward")
    assert _unique_refs(forward) == _unique_refs(backward)
    assert forward.class_names == backward.class_names


def test_a_component_keeps_its_name_over_an_inline_schema(tmp_path: Path) -> None:
    """The one rename adding a schema can cause: a new component called exactly what an inline
    schema's class is called takes the name, and the inline class adds its kind."""
    spec = _base_spec()
    before = _models(spec, tmp_path / "before")
    grown = _grown(spec, {}, {"SubscriptionStatus": _object(since={"type": "string"})})
    after = _models(grown, tmp_path / "after")
    assert _renamed(before, after) == [
        f"{REF}Subscription/properties/status: SubscriptionStatus -> SubscriptionStatusEnum"]
    assert _unique_refs(after)[REF + "SubscriptionStatus"] == "SubscriptionStatus"


def test_the_library_alone_renames_classes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    """Without apigen's names the same comparison finds renames and numbered names: the tests
    above can fail."""
    monkeypatch.setattr(generator.models.generate, "settle_class_names", lambda *args: {})
    spec = _base_spec()
    before = _models(spec, tmp_path / "before")
    after = _models(_grown(spec, *_unrelated()), tmp_path / "after")
    assert _renamed(before, after) != []
    assert numbered_names(list(before.class_order), spec_names([spec])) != []


# A sample of the corpus: documents whose inline schemas the library numbers or names by order.
CORPUS_SAMPLE = ("opc-baseline-3.0", "fcg-discriminator-in-root-with-properties", "dmcg-anyof",
                 "dmcg-enum-models", "svix")


def _corpus_spec(entry_id: str) -> dict[str, Any]:
    entry = next(e for e in load_entries(corpus_or_skip()) if e.id == entry_id)
    return load_spec(entry.path).data


@pytest.mark.parametrize("entry_id", CORPUS_SAMPLE)
def test_corpus_names_survive_added_schemas(entry_id: str, tmp_path: Path) -> None:
    spec = _corpus_spec(entry_id)  # bundled: one self-contained document
    existing = spec["components"]["schemas"]
    first, last = _unrelated(base=next(iter(existing)))
    first = {k: v for k, v in first.items() if k not in existing}
    last = {k: v for k, v in last.items() if k not in existing}
    grown = _grown(spec, first, last)
    before = _models(spec, tmp_path / "before")
    after = _models(grown, tmp_path / "after")
    assert _renamed(before, after) == []
    assert set(before.class_order) < set(after.class_order)
    assert class_names(after.source) == [n for n in after.class_order if n[0] != "_"]
