"""generator.models.typing_spelling: datamodel-code-generator's old typing spellings respelled
for ruff and mypy --strict, touching nothing else."""

from __future__ import annotations

import ast

import pytest

from generator.models.typing_spelling import (
    Spans,
    modernize,
    modernize_annotation,
    replace_nodes,
    typing_imports,
)

HEAD = "from __future__ import annotations\n\n"


def test_annotations_drop_union_quotes_and_typing_aliases() -> None:
    source = HEAD + (
        "from typing import Annotated, Dict, Literal, Optional, Union\n\n"
        "from pydantic import BaseModel, Field\n\n\n"
        "class Node(BaseModel):\n"
        "    children: Optional[Dict[str, \"Node\"]] = None\n"
        "    kind: Union[Literal[\"a\"], Literal[\"b\"]]\n"
        "    tag: Annotated[Union[str, int], Field(alias=\"Tag\", description=\"'x'\")]\n"
    )
    assert modernize(source) == HEAD + (
        "from typing import Annotated, Literal\n\n"
        "from pydantic import BaseModel, Field\n\n\n"
        "class Node(BaseModel):\n"
        "    children: dict[str, Node] | None = None\n"
        "    kind: Literal['a'] | Literal['b']\n"
        "    tag: Annotated[str | int, Field(alias=\"Tag\", description=\"'x'\")]\n"
    )


def test_class_bases_keep_union_when_a_member_is_a_quoted_name() -> None:
    source = HEAD + (
        "from typing import Union\n\n"
        "from pydantic import RootModel\n\n\n"
        "class A(RootModel[Union[\"B\", \"C\"]]):\n"
        "    root: Union[\"B\", \"C\"]\n\n\n"
        "class J(RootModel[Union[int, list[\"J\"]]]):\n"
        "    root: Union[int, list[\"J\"]]\n"
    )
    assert modernize(source) == HEAD + (
        "from typing import Union\n\n"
        "from pydantic import RootModel\n\n\n"
        "class A(RootModel[Union[\"B\", \"C\"]]):\n"
        "    root: B | C\n\n\n"
        "class J(RootModel[int | list['J']]):\n"  # black restores the double quotes
        "    root: int | list[J]\n"
    )


def test_bare_list_gets_type_arguments_and_any_is_imported() -> None:
    source = HEAD + "from pydantic import RootModel\n\n\nclass L(RootModel[list]):\n" \
        "    root: list\n"
    assert modernize(source) == HEAD + (
        "from typing import Any\n\n"
        "from pydantic import RootModel\n\n\n"
        "class L(RootModel[list[Any]]):\n    root: list[Any]\n"
    )


def test_a_model_named_like_a_typing_alias_is_left_alone() -> None:
    source = HEAD + (
        "from pydantic import BaseModel\n\n\nclass Type(BaseModel):\n    x: int\n\n\n"
        "class Holder(BaseModel):\n    type: Type | None = None\n"
    )
    assert modernize(source) == source


def test_field_types_are_respelled_with_the_modules_typing_imports() -> None:
    typing = typing_imports("from typing import Optional, Union\n")
    assert modernize_annotation('Optional[Union[str, "Pet"]]', typing) == "str | Pet | None"
    assert modernize_annotation("Union[str, int]", frozenset()) == "Union[str, int]"
    assert modernize_annotation("list", typing) == "list[Any]"


def test_a_none_default_always_fits_its_annotation() -> None:
    from generator.models.typing_spelling import none_defaults_admit_none

    source = (
        "class M(BaseModel):\n"
        "    a: str = None\n"
        "    b: Annotated[int, Field(ge=1)] = None\n"
        "    c: str | None = None\n"
        "    d: Any = None\n"
        "    e: str\n"
        "    f: str = 'x'\n"
        "    g: Annotated[A | B, Field(discriminator='k')] = None\n"
    )
    assert none_defaults_admit_none(source) == (
        "class M(BaseModel):\n"
        "    a: str | None = None\n"
        "    b: Annotated[int | None, Field(ge=1)] = None\n"
        "    c: str | None = None\n"
        "    d: Any = None\n"
        "    e: str\n"
        "    f: str = 'x'\n"
        "    g: Annotated[A | B | None, Field(discriminator='k')] = None\n"
    )


def test_a_default_on_a_model_type_is_built_as_that_model() -> None:
    from generator.models.typing_spelling import model_defaults_typed

    source = (
        "class Bar(RootModel[str]):\n    root: str = 'bar'\n\n\n"
        "class Mode(Enum):\n    A = 'a'\n\n\n"
        "class Foo(BaseModel):\n"
        "    bar: Annotated[Bar | None, Field(validate_default=True)] = 'bar'\n"
        "    mode: Mode | None = 'a'\n"
        "    later: Annotated[Zed, Field(validate_default=True)] = ['x', -1]\n"
        "    plain: str = 'bar'\n\n\n"
        "class Zed(RootModel[list[str | int]]):\n    root: list[str | int]\n")
    typed = model_defaults_typed(source)
    assert "= Bar.model_validate('bar')\n" in typed
    assert "mode: Mode | None = Mode('a')\n" in typed
    assert "= Field(default_factory=lambda: Zed.model_validate(['x', -1]))\n" in typed
    assert "plain: str = 'bar'\n" in typed and "root: str = 'bar'\n" in typed


def test_list_and_dict_defaults_of_models_build_each_item() -> None:
    from generator.models.typing_spelling import model_defaults_typed

    source = (
        "class Point(BaseModel):\n    x: int | None = None\n\n\n"
        "class Holder(BaseModel):\n"
        "    points: Annotated[list[Point], Field(validate_default=True)] = [{'x': 1}, {}]\n"
        "    named: dict[str, Point] | None = {'a': {'x': 3}}\n"
        "    plain: list[int] = [1]\n")
    typed = model_defaults_typed(source)
    assert "= [Point.model_validate({'x': 1}), Point.model_validate({})]\n" in typed
    assert "= {'a': Point.model_validate({'x': 3})}\n" in typed
    assert "plain: list[int] = [1]\n" in typed


def test_a_default_of_a_model_that_is_not_complete_yet_is_built_on_use() -> None:
    """`Query` is defined above `Search` but names `Bool`, defined below: pydantic cannot build
    a `Query` until the module's `model_rebuild()` calls, so the default waits for first use
    (found on a search engine's document, whose package failed at import)."""
    from generator.models.typing_spelling import model_defaults_typed

    source = (
        "class Leaf(BaseModel):\n    x: int | None = None\n\n\n"
        "class Query(BaseModel):\n    bool: Bool | None = None\n    leaf: Leaf | None = None\n\n\n"
        "class Search(BaseModel):\n"
        "    query: Query | None = {'leaf': {'x': 1}}\n"
        "    leaf: Leaf | None = {'x': 2}\n\n\n"
        "class Bool(BaseModel):\n    must: list[Query] | None = None\n")
    typed = model_defaults_typed(source)
    assert ("query: Query | None = Field(default_factory=lambda: "
            "Query.model_validate({'leaf': {'x': 1}}))\n") in typed
    assert "leaf: Leaf | None = Leaf.model_validate({'x': 2})\n" in typed


@pytest.mark.parametrize("separator", ["\f", "\v", "\x1c", "\u2028", "\u2029", "\x85"])
def test_replace_nodes_counts_lines_as_python_does(separator: str) -> None:
    # str.splitlines also breaks at these; Python's tokenizer (and so ast's line numbers) does
    # not: a spec's text holding one in a docstring must not shift every later edit.
    source = f'class A:\n    """one{separator}two"""\n    x: Optional[int] = None\n'
    tree = ast.parse(source)
    annotation = tree.body[0].body[1].annotation  # type: ignore[attr-defined]
    assert Spans(source).text(annotation) == "Optional[int]"
    assert replace_nodes(source, [(annotation, "int | None")]) == (
        f'class A:\n    """one{separator}two"""\n    x: int | None = None\n')


def test_replace_nodes_keeps_utf8_columns_and_edit_order() -> None:
    source = 'x: "é" = Optional[int]\ny: Union[a, b] = 1\n'
    tree = ast.parse(source)
    first, second = tree.body  # type: ignore[misc]
    edits = [(second.annotation, "a | b"), (first.value, "int | None")]  # type: ignore[attr-defined]
    assert replace_nodes(source, edits) == 'x: "é" = int | None\ny: a | b = 1\n'
