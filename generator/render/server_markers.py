"""How a route reads a handler argument, printed as FastAPI code: the IR says what
(`ir.server_nodes.ArgumentRead`: where, under which name, by whom), this module says how
(`_fastapi.Query(alias='limit')`, `_fastapi.Depends(_runtime.styled(...))`). The routes template
prints it through the `fastapi_marker` filter, spelled with `_fastapi`
(`import fastapi as _fastapi`) and `_runtime` (`from . import _runtime`).
"""

from __future__ import annotations

from ..ir.parts import RequestBody
from ..ir.server_nodes import ArgumentRead, HandlerArgument
from ..literals import pystr

_NATIVE = {
    "path": "_fastapi.Path()",
    "query": "_fastapi.Query(alias={key})",
    "header": "_fastapi.Header(alias={key}, convert_underscores=False)",
    "cookie": "_fastapi.Cookie(alias={key})",
}
_RAW = {
    ("text", True): "_runtime.read_text",
    ("text", False): "_runtime.read_optional_text",
    ("binary", True): "_runtime.read_bytes",
    ("binary", False): "_runtime.read_optional_bytes",
}
# A body kind's reader among several media types (`_runtime.any_body` handles absence).
_MEDIA_READERS = {"text": "_runtime.read_text", "binary": "_runtime.read_bytes",
                  "empty": "_runtime.read_bytes"}


def fastapi_marker(argument: HandlerArgument | ArgumentRead) -> str:
    """The FastAPI declaration of a route parameter, `Annotated[hint, <this>]`; empty for
    `credentials`, which the operation's security dependency supplies."""
    read = argument.read if isinstance(argument, HandlerArgument) else argument
    if read.via == "fastapi":
        if read.empty_list:
            return f"_fastapi.Query(alias={pystr(read.key)}, default_factory=list)"
        return _NATIVE[read.location].format(key=pystr(read.key))
    if read.via == "styled":
        return f"_fastapi.Depends({_styled(read)})"
    if read.via == "body":
        return "_fastapi.Body()"
    if read.via == "json":
        return f"_fastapi.Depends(_runtime.json_body({read.kind}, required={read.required}))"
    if read.via in ("text", "binary"):
        return f"_fastapi.Depends({_RAW[(read.via, read.required)]})"
    if read.via == "form":
        assert read.body is not None
        return f"_fastapi.Depends({_form_reader(read.body)})"
    if read.via == "media":
        readers = ", ".join(f"{pystr(media_type)}: {_media_reader(body)}"
                            for media_type, body in read.media)
        return f"_fastapi.Depends(_runtime.any_body({{{readers}}}, required={read.required}))"
    return ""


def _tuple(items: tuple[str, ...]) -> str:
    return "(" + "".join(pystr(item) + ", " for item in items) + ")"


def _styled(read: ArgumentRead) -> str:
    """`_runtime.styled(...)`: the parameter's style, shape and type, and for an object the
    layout it is rebuilt from."""
    text = (f"_runtime.styled({pystr(read.location)}, {pystr(read.key)}, "
            f"style={pystr(read.style)}, explode={read.explode}, shape={pystr(read.shape)}, "
            f"kind={read.kind}, required={read.required}")
    layout = read.layout
    if layout is not None:
        if read.others:
            text += f", others={_tuple(read.others)}"
        if layout.keys is not None:
            text += f", keys={_tuple(layout.keys)}"
        if layout.arrays:
            text += f", arrays=({''.join(_tuple(path) + ', ' for path in layout.arrays)})"
        if layout.plain:
            text += ", plain=True"
    if read.plain:
        text += ", plain=True"
    if read.empty:
        text += f", empty={pystr(read.empty)}"
    return text + ")"


def _form_reader(body: RequestBody) -> str:
    """`_runtime.form_body` for a form or multipart body: the model, and how the fields that are
    not plain scalars travel (see `BodyField.shape`)."""
    shapes = ", ".join(f"{pystr(f.wire_name)}: {pystr(f.shape)}" for f in body.fields
                       if f.shape != "scalar")
    delimiters = ", ".join(f"{pystr(f.wire_name)}: {pystr(f.delimiter)}"
                           for f in body.delimited_fields)
    deep = "".join(f"{pystr(f.wire_name)}, " for f in body.deep_fields)
    return (f"_runtime.form_body({body.type.hint}, required={body.required}"
            + (f", shapes={{{shapes}}}" if shapes else "")
            + (f", delimiters={{{delimiters}}}" if delimiters else "")
            + (f", deep=({deep})" if deep else "") + ")")


def _media_reader(body: RequestBody) -> str:
    """The reader of one media type of a body offered in several."""
    if body.body_kind == "json":
        return f"_runtime.json_body({body.type.hint})"
    if body.body_kind in ("form", "multipart"):
        return _form_reader(body)
    return _MEDIA_READERS[body.body_kind]
