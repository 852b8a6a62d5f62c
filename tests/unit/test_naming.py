from __future__ import annotations

import keyword

import pytest

from generator import naming


@pytest.mark.parametrize(("text", "expected"), [
    ("createModel", "create_model"),
    ("model-groups", "model_groups"),
    ("HTTPError", "http_error"),
    ("getV4ModelGroups", "get_v4_model_groups"),
    ("x-api-key", "x_api_key"),
    ("Crème brûlée", "creme_brulee"),
    ("already_snake", "already_snake"),
])
def test_snake_case(text: str, expected: str) -> None:
    assert naming.snake_case(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("model-groups", "ModelGroups"),
    ("createModel", "CreateModel"),
    ("create_model", "CreateModel"),
])
def test_pascal_case(text: str, expected: str) -> None:
    assert naming.pascal_case(text) == expected


@pytest.mark.parametrize("word", [*keyword.kwlist, "match", "case", "self"])
def test_reserved_words_get_an_underscore(word: str) -> None:
    name = naming.safe_identifier(word)
    assert name.isidentifier()
    assert not keyword.iskeyword(name)
    assert name != word


@pytest.mark.parametrize("text", ["123abc", "", "🎉", "__init__", "a b c", "...", "ünïcödé"])
def test_identifiers_are_always_valid(text: str) -> None:
    name = naming.snake_identifier(text)
    assert name.isidentifier() and name.isascii()
    assert not (name.startswith("__") and name.endswith("__"))


def test_unique_appends_the_first_free_number() -> None:
    assert naming.unique("name", set()) == "name"
    assert naming.unique("name", {"name", "name_2"}) == "name_3"


def test_env_prefix() -> None:
    assert naming.env_prefix("scope3_ai") == "SCOPE3_AI"
    assert naming.env_prefix("sgp") == "SGP"


@pytest.mark.parametrize(("text", "expected"), [
    ("PetOwner", "PetOwner"),
    ("pet.owner", "PetOwner"),
    ("pet-owner", "PetOwner"),
    ("pet_owner", "PetOwner"),
    ("9lives", "Schema9lives"),
    ("None", "NoneSchema"),
    ("__init__", "Init"),
    ("🚀", "Schema"),
])
def test_class_identifier(text: str, expected: str) -> None:
    assert naming.class_identifier(text) == expected
