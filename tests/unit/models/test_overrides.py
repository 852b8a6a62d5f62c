"""generator.models.overrides: an allOf subclass's redeclared field gets a targeted
`# type: ignore[assignment]` exactly when mypy would refuse the narrowing."""

from __future__ import annotations

from generator.models.overrides import mark_incompatible_overrides

SOURCE = '''\
class Person(BaseModel):
    id: int | None = None


class Boss(Person):
    rank: int | None = None


class Pet(BaseModel):
    name: str
    kind: str | None = None
    owner: Person | None = None
    weight: float | None = None
    tags: list[str] | None = None


class Dog(Pet):
    model_config = ConfigDict(populate_by_name=True)
    name: Annotated[str, Field(max_length=5)]
    kind: DogKind
    owner: Boss | None = None
    weight: int | None = None
    tags: list[DogTag] | None = None


class Puppy(Dog):
    owner: Annotated[
        Other | None, Field(description="x")
    ] = None
'''


def test_only_the_narrowings_mypy_refuses_are_marked() -> None:
    lines = mark_incompatible_overrides(SOURCE).splitlines()
    marked = [line.strip() for line in lines if line.endswith("# type: ignore[assignment]")]
    assert marked == [
        "kind: DogKind  # type: ignore[assignment]",
        "tags: list[DogTag] | None = None  # type: ignore[assignment]",
        "owner: Annotated[  # type: ignore[assignment]",
    ]


def test_a_module_without_subclasses_is_unchanged() -> None:
    assert mark_incompatible_overrides("class A(BaseModel):\n    x: int\n") == \
        "class A(BaseModel):\n    x: int\n"


def test_a_literal_over_its_base_type_is_not_marked() -> None:
    source = ("class Pet(BaseModel):\n    kind: str\n    size: Literal['s', 'm'] | None = None\n"
              "    mode: Mode\n\n\n"
              "class Cat(Pet):\n    kind: Literal['cat'] = Field(..., alias='petType')\n"
              "    size: Literal['s'] | None = None\n    mode: Literal['x']\n")
    marked = [line.strip() for line in mark_incompatible_overrides(source).splitlines()
              if line.endswith("# type: ignore[assignment]")]
    assert marked == ["mode: Literal['x']  # type: ignore[assignment]"]


def test_a_branch_root_model_does_not_borrow_its_parents_default() -> None:
    """The library copies `default: segment` of a `oneOf` field into the RootModel of its array
    branch (`root: list[Item] = Item.SEGMENT`, which mypy refuses); only a RootModel whose own
    schema has a default keeps it."""
    from generator.models.overrides import drop_borrowed_root_defaults

    source = (
        "class Branch(RootModel[list[Item]]):\n"
        "    root: Annotated[\n        list[Item], Field(min_length=1)\n    ] = Item.SEGMENT\n\n\n"
        "class Own(RootModel[int]):\n    root: int = 20\n\n\n"
        "class Plain(BaseModel):\n    root: int = 3\n")
    fixed = drop_borrowed_root_defaults(source, {"Own"})
    assert "    root: Annotated[\n        list[Item], Field(min_length=1)\n    ]\n" in fixed
    assert "root: int = 20\n" in fixed and "root: int = 3\n" in fixed
    assert drop_borrowed_root_defaults(fixed, {"Own"}) == fixed


def test_bases_declaring_one_field_differently_are_marked_on_the_class_line() -> None:
    """`allOf: [{oneOf: [User, Service]}, Base]` becomes `class RequestUser(User, Base)`; both
    bases declare `kind` with their own enum (mypy: incompatible with definition in base
    class)."""
    from generator.models.overrides import mark_incompatible_overrides

    source = (
        "class UserKind(Enum):\n    USER = 'user'\n\n\n"
        "class BaseKind(Enum):\n    USER = 'user'\n\n\n"
        "class User(BaseModel):\n    kind: UserKind | None = None\n    name: str\n\n\n"
        "class Base(BaseModel):\n    kind: BaseKind | None = None\n    name: str\n\n\n"
        "class RequestUser(User, Base):\n    model_config = ConfigDict()\n\n\n"
        "class Agreeing(User, BaseModel):\n    model_config = ConfigDict()\n")
    marked = mark_incompatible_overrides(source)
    assert "class RequestUser(User, Base):  # type: ignore[misc, unused-ignore]\n" in marked
    assert "class Agreeing(User, BaseModel):\n" in marked


def test_enum_members_repeating_a_value_are_dropped() -> None:
    from generator.models.overrides import drop_duplicate_enum_members

    source = (
        "class Kind(Enum):\n    NUMERIC = 'NUMERIC'\n    BOOLEAN = 'BOOLEAN'\n"
        "    numeric_1 = 'NUMERIC'\n\n\n"
        "class Used(Enum):\n    A = 'a'\n    a_1 = 'a'\n\n\n"
        "class Holder(BaseModel):\n    used: Used = Used.a_1\n")
    fixed = drop_duplicate_enum_members(source)
    assert "numeric_1" not in fixed and "    BOOLEAN = 'BOOLEAN'\n\n\n" in fixed
    assert "    a_1 = 'a'\n" in fixed


def test_enum_members_named_l_o_i_are_renamed_with_their_references() -> None:
    from generator.models.overrides import settle_enum_member_names

    source = (
        "class Status(Enum):\n    I = 'I'\n    I_ = 'I_'\n    O = 'O'\n    L = 'l'\n\n\n"
        "class Other(Enum):\n    I = 'i'\n\n\n"
        "class Holder(BaseModel):\n    status: Status = Status.I\n    other: Other = Other.I\n"
        "    I: int = 1\n")
    fixed = settle_enum_member_names(source)
    assert "    I__ = 'I'\n    I_ = 'I_'\n    O_ = 'O'\n    L = 'l'\n" in fixed
    assert "    status: Status = Status.I__\n    other: Other = Other.I_\n" in fixed
    assert "    I: int = 1\n" in fixed  # not an enum: a field keeps its name (aliases settle it)
    assert settle_enum_member_names(fixed) == fixed


def test_fields_snake_cased_to_l_are_renamed_in_source_and_metadata() -> None:
    from generator.models.overrides import rename_ambiguous_fields

    source = (
        "class Cert(BaseModel):\n"
        "    l_: Annotated[str | None, Field(alias='l')] = None\n"
        "    l: Annotated[str | None, Field(alias='L')] = None\n"
        "    o: int = 0\n\n\n"
        "class Kind(Enum):\n    l = 'x'\n")
    metadata = {"models": [{"class_name": "Cert", "fields": [
        {"name": "l_", "alias": "l"}, {"name": "l", "alias": "L"}, {"name": "o", "alias": None}]}]}
    fixed, renamed = rename_ambiguous_fields(source, metadata)
    assert "    l__: Annotated[str | None, Field(alias='L')] = None\n" in fixed
    assert "    l_: Annotated[str | None, Field(alias='l')] = None\n" in fixed
    assert "class Kind(Enum):\n    l = 'x'\n" in fixed  # enum members: the other pass
    assert [f["name"] for f in renamed["models"][0]["fields"]] == ["l_", "l__", "o"]
    assert rename_ambiguous_fields(fixed, renamed) == (fixed, renamed)


def test_sentence_long_enum_member_names_are_cut_at_a_word() -> None:
    from generator.models.overrides import MAX_MEMBER_NAME, settle_enum_member_names

    long = "A_PROCESSING_INSTRUCTION_OF__ORDER_COMPLETE_ON_PAYMENT_APPROVAL__IS_REQUIRED"
    twin = long.replace("REQUIRED", "MISSING")
    source = (f"class Reason(Enum):\n    {long} = 'a'\n    {twin} = 'b'\n\n\n"
              f"class Holder(BaseModel):\n    reason: Reason = Reason.{twin}\n")
    fixed = settle_enum_member_names(source)
    short = "A_PROCESSING_INSTRUCTION_OF__ORDER_COMPLETE_ON"
    assert len(short) <= MAX_MEMBER_NAME
    assert f"    {short} = 'a'\n    {short}_2 = 'b'\n" in fixed
    assert f"reason: Reason = Reason.{short}_2\n" in fixed
