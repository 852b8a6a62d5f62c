"""Class names for `models.py` that say where each schema lives, never a counter.

datamodel-code-generator names a class after its schema (`Charge`) or, for an inline schema,
after its parent and property (`ChargeStatus`, with `naming_strategy: parent-prefixed`). Where
two names meet it falls back to a counter or a filler, and which class gets the plain name
depends on the order it meets them: `SubscriptionSchedule1` for the string branch of
`subscription.schedule` (the component `subscription_schedule` took the plain name), `Type1`
for an enum inside an `allOf`, `PetPet1` for a branch of a `oneOf`, `Item2` for the component
`Item` when an inline `item` came first.

`settle_class_names` reads the library's output (the module and its model metadata) and gives
every class a name made from the place its schema lives:

- a component schema keeps its component name (plus `Model` when that is a name `models.py`
  may import, as the library does for `IntEnum`);
- an inline schema is its parent class's name plus its role there: the library's name where it
  made one from the property (`ChargeStatus`), else the property (`SignRequestType`), `Item`
  for array items, `Value` for map values, and for a `oneOf`/`anyOf` branch its title, its tag
  (`PetCat` from `type: cat`), its discriminator mapping key, its single value (`Empty` for
  Stripe's `""`), else its type (`SubscriptionScheduleString`), or its only property where
  two branches have the same type (`FruitApples`, `FruitBananas`);
- a class the library made beside the schema's own class (the enum inside a nullable wrapper,
  a branch copied into an `allOf`, the base it shares among the copies) is named after where
  it is used.

Components are named first and always keep their names; then every other schema's class,
parents before children, in the order of their paths; a name already taken moves on to the next
candidate (the role, then the kind: `Enum`, `Object`, `Union`, ...). So a class's name depends
on its own place and content only, not on the order of the schemas, and adding a schema renames
no existing class unless the new schema claims exactly that class's name (or two inline schemas
spell the same name, `A.bC` and `AB.c`: the one whose path sorts first keeps it).
`rename_classes` then rewrites the module's identifiers (never its strings).
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .. import naming
from ..scopes import AMBIGUOUS
from .class_roles import BRANCHES, branch_role, library_tail_ok, member_role, schema_at
from .rename import mentioned

# PascalCase names `models.py` imports in some modules and not in others (pydantic, typing,
# enum, decimal, uuid, ipaddress): a component with one of these names is always called
# `<Name>Model`, as the library calls it when the name is imported, so that its name does not
# depend on the other schemas. (Names imported that are not listed here are avoided too.)
_MODULE_NAMES = frozenset({
    "Annotated", "Any", "AnyUrl", "AwareDatetime", "Base64Str", "BaseModel", "ConfigDict",
    "Decimal", "Dict", "EmailStr", "Enum", "Field", "IntEnum", "IPv4Address", "IPv6Address",
    "IPvAnyAddress", "Literal", "NaiveDatetime", "RootModel", "StrEnum", "StringConstraints",
    "TypeAliasType", "UUID", "Union",
})
_COMPONENT = ("components", "schemas")
_ROOT_ROLES = {"list": "List", "List": "List", "set": "Set", "Set": "Set", "dict": "Map",
               "Dict": "Map", "str": "String", "int": "Integer", "float": "Number",
               "bool": "Boolean"}
_ENUM_BASES = frozenset({"Enum", "IntEnum", "StrEnum"})

Location = tuple[str, ...]
"""Where a schema lives: the steps of its JSON pointer (`components`, `schemas`, `Pet`, ...)."""


@dataclass
class _Class:
    name: str
    """The library's name."""
    node: ast.ClassDef
    path: Location | None = None
    """Where the schema lives (the library's `source_path`); None when it does not say."""
    users: list[tuple[_Class, str | None]] = field(default_factory=list)
    """(class, field) pairs that mention this class; field None for a base or a root type."""


def settle_class_names(tree: ast.Module, models: list[dict[str, Any]],
                       schemas: dict[str, Any]) -> dict[str, str]:
    """Library name -> path-derived name, for every class whose name changes.

    `tree` is the library's module, `models` its model metadata (`class_name`, `source_path`),
    `schemas` the `components.schemas` it read.
    """
    classes = [_Class(node.name, node) for node in tree.body
               if isinstance(node, ast.ClassDef) and not node.name.startswith("_")]  # not ours
    by_name = {c.name: c for c in classes}
    for model in models:
        found = by_name.get(str(model.get("class_name")))
        path = model.get("source_path")
        if found is not None and found.path is None and isinstance(path, list):
            found.path = tuple(str(p) for p in path)
    for c in classes:
        if c.path is None and c.name in schemas:
            c.path = (*_COMPONENT, c.name)  # the library lists no metadata for some enums
    _link_users(classes, by_name)
    imported = {alias.asname or alias.name for node in tree.body
                if isinstance(node, ast.ImportFrom) for alias in node.names}
    final = _Namer(classes, schemas, reserved=_MODULE_NAMES | AMBIGUOUS | imported).settle()
    return {old: new for old, new in final.items() if old != new}


def _link_users(classes: list[_Class], by_name: dict[str, _Class]) -> None:
    for c in classes:
        mentions: list[tuple[str, str | None]] = []
        for base in c.node.bases:
            mentions += [(name, None) for name in mentioned(base)]
        for statement in c.node.body:
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                attribute = statement.target.id
                where = None if attribute == "root" else attribute
                mentions += [(name, where) for name in mentioned(statement.annotation)]
        for name, where in dict.fromkeys(mentions):
            used = by_name.get(name)
            if used is not None and used is not c:
                used.users.append((c, where))


def _kind(c: _Class) -> str:
    """`Enum`, `Root` (a RootModel) or `Model`."""
    for base in c.node.bases:
        if isinstance(base, ast.Name) and base.id in _ENUM_BASES:
            return "Enum"
        if isinstance(base, ast.Subscript) and getattr(base.value, "id", None) == "RootModel":
            return "Root"
    return "Model"


def _kind_role(c: _Class) -> str:
    """What a class is, as a word that tells it from a namesake: `Enum`, `Object`, or what a
    root model holds (`Union`, `List`, `Map`, `String`, ...)."""
    kind = _kind(c)
    if kind != "Root":
        return "Enum" if kind == "Enum" else "Object"
    for base in c.node.bases:
        if isinstance(base, ast.Subscript) and getattr(base.value, "id", None) == "RootModel":
            inner = base.slice
            if isinstance(inner, ast.BinOp) or (isinstance(inner, ast.Subscript) and getattr(
                    inner.value, "id", None) in ("Union", "Optional")):
                return "Union"
            head = inner.value if isinstance(inner, ast.Subscript) else inner
            return _ROOT_ROLES.get(getattr(head, "id", ""), "Value")
    return "Value"


def _path_order(path: Location) -> tuple[int, Location]:
    return len(path), path


def _common(path: Location, other: Location) -> int:
    """Length of the longest common prefix of two paths."""
    n = 0
    while n < min(len(path), len(other)) and path[n] == other[n]:
        n += 1
    return n


def _is_component(path: Location) -> bool:
    return len(path) == 3 and path[:2] == _COMPONENT


class _Namer:
    def __init__(self, classes: list[_Class], schemas: dict[str, Any], *,
                 reserved: frozenset[str] | set[str]) -> None:
        self.classes = classes
        self.by_name = {c.name: c for c in classes}
        self.schemas = schemas
        self.groups: dict[Location, list[_Class]] = defaultdict(list)
        for c in classes:
            if c.path is not None:
                self.groups[c.path].append(c)
        self.primary: dict[Location, _Class] = {}
        for path in sorted(self.groups, key=_path_order):  # parents first
            self.primary[path] = self._primary(path, self.groups[path])
        self.final: dict[str, str] = {}
        self.taken: set[str] = set(reserved)

    # -- which of a path's classes is the schema's own ------------------------------------------

    def _primary(self, path: Location, group: list[_Class]) -> _Class:
        if len(group) == 1:
            return group[0]
        if _is_component(path):
            key = naming.class_identifier(path[2])
            named = [c for c in group if re.fullmatch(re.escape(key) + r"(\d*|Model)", c.name)]
            if named:
                return min(named, key=lambda c: (c.name != key, len(c.name)))
        parent = self._parent(path)[0]
        if parent is not None:
            used = [c for c in group if any(u is parent for u, _ in c.users)]
            if len(used) == 1:
                return used[0]
        return group[0]

    def _parent(self, path: Location) -> tuple[_Class | None, int]:
        """The class of the nearest schema above `path` that has one, and its path's length."""
        for end in range(len(path) - 1, 2, -1):
            if path[:end] in self.primary:
                return self.primary[path[:end]], end
        return None, 3

    # -- naming ---------------------------------------------------------------------------------

    def settle(self) -> dict[str, str]:
        """Components first (they keep their names whatever else exists), then every other
        class once the class it is named after has its name: parents before children, paths in
        order, then module order."""
        for path, c in sorted(self.primary.items(), key=lambda item: _path_order(item[0])):
            if _is_component(path):
                key = naming.class_identifier(path[2])
                self._assign(c, [key, key + "Model"])
        homes = {c.name: self._home(c) for c in self.classes if c.name not in self.final}
        pending = sorted((c for c in self.classes if c.name not in self.final),
                         key=lambda c: _path_order(c.path or ("~",)))
        while pending:
            ready = [c for c in pending if all(d in self.final for d in homes[c.name][1])]
            for c in ready or pending[:1]:  # classes named after each other: break the cycle
                self._assign(c, self._candidates(c, homes[c.name][0]))
            pending = [c for c in pending if c.name not in self.final]
        return self.final

    def _assign(self, c: _Class, candidates: list[str]) -> None:
        """The first free candidate; past them the library's own name when free, else the first
        candidate and a counter (the corpus test reports such names)."""
        for name in [*candidates, c.name]:
            if name and name not in self.taken:
                break
        else:
            n = 2
            while f"{candidates[0]}{n}" in self.taken:
                n += 1
            name = f"{candidates[0]}{n}"
        self.taken.add(name)
        self.final[c.name] = name

    def _now(self, name: str) -> str:
        return self.final.get(name, name)

    def _home(self, c: _Class) -> tuple[tuple[str, _Class | None, str | None], list[str]]:
        """How `c` is named, and the classes whose names it needs: ("parent", P, None) below the
        class P its schema sits in (or that the library named it after), ("field", U, f) after
        the one field that uses it, or ("helper", None, None) after its uses."""
        parent = None
        if c.path is not None and not _is_component(c.path):
            parent = self._parent(c.path)[0]
        users = [u for u, _ in c.users if u is not c]
        if c.path is not None and not _is_component(c.path) and (
                parent is None or not users or parent in users):
            if not users and parent is not None and not c.name.startswith(parent.name):
                # used nowhere, named by the library after the class it was making then
                maker = next((self.by_name[c.name[:end]] for end in range(len(c.name) - 1, 0, -1)
                              if c.name[:end] in self.by_name), None)
                if maker is not None:
                    return ("parent", maker, None), [maker.name]
            return ("parent", parent, None), [parent.name] if parent is not None else []
        prefixed = [u for u in users if c.name.startswith(u.name) and c.name != u.name]
        if prefixed and c.path is not None:
            adopted = max(prefixed, key=lambda u: len(u.name))
            return ("parent", adopted, None), [adopted.name]
        fields = {(u.name, f) for u, f in c.users if f is not None and u is not c}
        if c.path is not None and not _is_component(c.path) and len(fields) == 1 \
                and len({u.name for u in users}) == 1:
            user, attribute = next(iter(fields))
            return ("field", self.by_name[user], attribute), [user]
        needs = [u.name for u in users]
        primary = self.primary.get(c.path) if c.path is not None else None
        if primary is not None and primary is not c:
            needs.append(primary.name)
        return ("helper", None, None), needs

    def _candidates(self, c: _Class, home: tuple[str, _Class | None, str | None]) -> list[str]:
        how, by, attribute = home
        if how == "field" and by is not None and attribute is not None and c.path is not None:
            tail = c.path[-2:] if len(c.path) >= 2 and c.path[-2] in BRANCHES else ()
            role = self._role(c.path[:len(c.path) - len(tail)], tail, c) if tail else ""
            named = self._now(by.name) + naming.pascal_case(attribute)
            return [named + role, named + role + _kind_role(c)]
        if how == "parent" and c.path is not None:
            return self._inline_candidates(c, by)
        return self._helper_candidates(c)

    def _inline_candidates(self, c: _Class, parent: _Class | None) -> list[str]:
        assert c.path is not None
        if parent is None:  # the component made no class of its own
            prefix_old = prefix_new = naming.class_identifier(c.path[2])
            start = 3
        else:
            prefix_old, prefix_new = parent.name, self._now(parent.name)
            start = _common(c.path, parent.path or c.path[:3])
        rest = c.path[start:]
        if not rest and parent is not None:  # made for the same schema as its parent
            role = prefix_new + (self._copy_role(c) if _kind(parent) == "Root" else
                                 _kind_role(c))
        else:
            role = prefix_new + self._role(c.path[:start], rest, c)
        candidates = [role, role + _kind_role(c)]
        if c.name.startswith(prefix_old) and library_tail_ok(c.name[len(prefix_old):],
                                                                prefix_old, rest):
            candidates.insert(0, prefix_new + c.name[len(prefix_old):])
        return candidates

    def _helper_candidates(self, c: _Class) -> list[str]:
        """A class the library made beside its schema's own class, or without saying where its
        schema is: named after where it is used."""
        primary = self.primary.get(c.path) if c.path is not None else None
        owner = self._now(primary.name) if primary is not None and primary is not c else None
        users = [(u, f) for u, f in c.users if u is not c]
        fields = {(u.name, f) for u, f in users if f is not None}
        roots = {u.name for u, f in users if f is None and _kind(u) == "Root"}
        bases = [u for u, f in users if f is None and _kind(u) != "Root"]
        candidates = []
        if owner is not None and users and all(u is primary for u, _ in users):
            candidates.append(owner + _kind_role(c))  # e.g. the enum inside a nullable wrapper
        if len(fields) == 1 and not roots:
            user, attribute = next(iter(fields))
            candidates.append(self._now(user) + naming.pascal_case(attribute))
        if len(roots) == 1 and not fields:
            candidates.append(self._now(next(iter(roots))) + self._copy_role(c))
        if users and len(bases) == len(users):  # the base the library gives a union's copies
            candidates.append((owner or self._now(bases[0].name)) + "Base")
        if owner is not None:
            candidates.append(owner + _kind_role(c))
        return candidates or [c.name]

    def _copy_role(self, c: _Class) -> str:
        """The role of a union branch the library made: the component class it copies, else
        the branch's own role, else its kind."""
        for base in c.node.bases:
            copied = self.by_name.get(getattr(base, "id", ""))
            if copied is not None and copied.path is not None and _is_component(copied.path) \
                    and self.primary.get(copied.path) is copied:
                return self.final.get(copied.name, copied.name)
        if c.path is not None and _is_component(c.path):
            return naming.class_identifier(c.path[2])
        return member_role(schema_at(self.schemas, c.path[2:]) if c.path else None) or _kind_role(c)

    def _role(self, base: Location, rest: Location, c: _Class) -> str:
        """`rest`, the path below the parent class, as words: a property by its name, array
        items `Item`, map values `Value`, a union branch by `_branch_role`."""
        words: list[str] = []
        here = list(base)
        i = 0
        while i < len(rest):
            step = rest[i]
            key = rest[i + 1] if i + 1 < len(rest) else None
            if key is not None and step in ("properties", "$defs", "definitions"):
                words.append(naming.pascal_case(key))
            elif key is not None and step in ("patternProperties", "dependentSchemas"):
                words.append("Value")
            elif key is not None and step == "allOf":
                pass
            elif key is not None and key.isdigit() and step in BRANCHES:
                words.append(branch_role(schema_at(self.schemas, tuple(here[2:])), step, int(key)))
            else:
                words.append({"items": "Item", "additionalProperties": "Value"}.get(
                    step, naming.pascal_case(step)))
                here.append(step)
                i += 1
                continue
            here += [step, key]
            i += 2
        return "".join(words) or _kind_role(c)
