"""The generated parts of docs/templates.md: the template-context reference, from the
docstrings of `generator/ir/api.py`, `parts.py`, `features.py`, `nodes.py` and
`server_nodes.py`, and the table of the built-in templates' blocks, from the templates
themselves.

`python tests/docs/refresh.py` rewrites the parts of docs/templates.md between their markers;
`tests/docs/test_docs.py` fails when they and the code disagree, so the documentation cannot
drift. A development tool: it reads the checkout, so it is not part of the installed package.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from generator.ir import api, features, nodes, parts, server_nodes
from generator.render.environment import output_templates, template_seams

BEGIN = "<!-- BEGIN GENERATED REFERENCE (python tests/docs/refresh.py) -->"
END = "<!-- END GENERATED REFERENCE -->"
BLOCKS_BEGIN = "<!-- BEGIN GENERATED BLOCKS (python tests/docs/refresh.py) -->"
BLOCKS_END = "<!-- END GENERATED BLOCKS -->"
DOC = Path(__file__).resolve().parents[2] / "docs" / "templates.md"


def reference_markdown() -> str:
    """One section per IR dataclass: its docstring, then a table of fields and properties."""
    sections: list[str] = []
    for module in (api, parts, features, nodes, server_nodes):
        sections.extend(_sections(ast.parse(Path(module.__file__).read_text(encoding="utf-8"))))
    return "\n".join(sections)


def _sections(tree: ast.Module) -> list[str]:
    parts: list[str] = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        parts.append(f"### `{node.name}`\n\n{ast.get_docstring(node) or ''}\n")
        rows: list[str] = []
        body = node.body
        for index, item in enumerate(body):
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                doc = ""
                following = body[index + 1] if index + 1 < len(body) else None
                if (isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant)
                        and isinstance(following.value.value, str)):
                    doc = " ".join(following.value.value.split())
                annotation = ast.unparse(item.annotation).replace("|", "\\|")
                rows.append(f"| `{item.target.id}` | `{annotation}` | {doc} |")
            elif isinstance(item, ast.FunctionDef) and not item.name.startswith("_"):
                returns = ast.unparse(item.returns).replace("|", "\\|") if item.returns else ""
                doc = " ".join((ast.get_docstring(item) or "").split())
                args = ", ".join(a.arg for a in item.args.args[1:])
                label = item.name if any(
                    isinstance(d, ast.Name) and d.id == "property" for d in item.decorator_list
                ) else f"{item.name}({args})"
                rows.append(f"| `{label}` | `{returns}` | {doc} |")
        if rows:
            parts.append("| name | type | meaning |\n| --- | --- | --- |\n" + "\n".join(rows)
                         + "\n")
    return parts


def blocks_markdown() -> str:
    """One row per built-in template that renders a file: its blocks, in order, each scoped
    block with the loop variables its override sees (what `apigen templates list` prints)."""
    rows: list[str] = []
    for name in output_templates(None):
        blocks = [
            f"`{block}`" + (f" ({', '.join(names)})" if names else "")
            for block, names in template_seams(name)
        ]
        rows.append(f"| `{name}` | {', '.join(blocks)} |")
    return "| template | blocks |\n| --- | --- |\n" + "\n".join(rows) + "\n"


def _between(text: str, begin: str, end: str, body: str) -> str:
    head, _, rest = text.partition(begin)
    _, _, tail = rest.partition(end)
    return f"{head}{begin}\n\n{body}\n{end}{tail}"


def render_document(current: str) -> str:
    text = _between(current, BEGIN, END, reference_markdown())
    if BLOCKS_BEGIN in text:
        text = _between(text, BLOCKS_BEGIN, BLOCKS_END, blocks_markdown())
    return text


def main() -> int:
    DOC.write_text(render_document(DOC.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"updated {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
