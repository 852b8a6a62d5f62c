"""generator.models.open_enums: every enum class of models.py gets the forward-compatible
base of `_enums.py`, the import follows the others (isort's local section), and the library's
`enum` import goes when nothing uses it any more."""

from __future__ import annotations

from generator.models.open_enums import open_enums

SOURCE = '''from __future__ import annotations

from enum import Enum, IntEnum
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
)


class Color(Enum):
    RED = "red"


class Level(IntEnum):
    LOW = 10


class Mixed(str, Enum):
    A = "a"


class Thing(BaseModel):
    """An Enum in a docstring: class Fake(Enum): is not code."""

    color: Color
    kind: Literal["thing"]
'''


def test_enum_classes_get_the_open_bases_and_the_import() -> None:
    out = open_enums(SOURCE)
    assert "class Color(_enums.OpenEnum):" in out
    assert "class Level(_enums.OpenIntEnum):" in out
    assert "class Mixed(str, Enum):" in out  # left alone: it keeps `Enum` imported
    assert "from enum import Enum\n" in out
    assert "    ConfigDict,\n)\n\nfrom . import _enums\n\n\nclass Color" in out
    compile(out, "models.py", "exec")


def test_the_enum_import_goes_when_no_class_uses_it() -> None:
    source = SOURCE.replace("class Mixed(str, Enum):\n    A = \"a\"\n\n\n", "")
    out = open_enums(source)
    assert "from enum" not in out
    assert out.startswith("from __future__ import annotations\n\nfrom typing import Literal\n")


def test_models_without_enums_are_unchanged() -> None:
    source = SOURCE.split("class Color")[0] + "class Thing(BaseModel):\n    x: int\n"
    assert open_enums(source) == source


def test_an_emptied_import_section_leaves_one_blank_line() -> None:
    source = SOURCE.replace("from typing import Literal\n", "").replace(
        "class Mixed(str, Enum):\n    A = \"a\"\n\n\n", "").replace(
        '    kind: Literal["thing"]\n', "")
    out = open_enums(source)
    assert out.startswith("from __future__ import annotations\n\nfrom pydantic import (\n")
    assert "    ConfigDict,\n)\n\nfrom . import _enums\n\n\nclass Color" in out
