"""Regenerate the golden cases' expected trees with the real CLI: `python tests/golden/refresh.py`
(every case) or `python tests/golden/refresh.py CASE...` (the named ones).

Each case is a folder `tests/golden/<case>/` holding `spec.yaml` (plus any files it refers to, an
optional `templates/` override folder, an optional `filters.py` filters module and an optional
`pyproject.toml` whose `[tool.apigen]` sets the method naming, read because the CLI runs in the
case folder); its output
lives in `expected/<case>/`. A file a case generates exactly like the home case does (below the
header line: the runtime files) is then removed from it: it is kept once, in the home case (see
`tests/golden_shared.py`).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    sys.path.insert(0, str(HERE.parents[1]))
    sys.path.insert(0, str(HERE.parent))
    from golden_shared import HOME, drop_shared_copies

    from generator.cli import main as apigen

    cases = sorted(p for p in HERE.iterdir() if (p / "spec.yaml").is_file())
    wanted = set(sys.argv[1:])
    unknown = wanted - {case.name for case in cases}
    if unknown:
        print(f"no golden case named {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    status = 0
    for case in cases:
        if wanted and case.name not in wanted:
            continue
        shutil.rmtree(case / "expected", ignore_errors=True)
        args = ["generate", "spec.yaml", "--output", "expected", "--package", case.name, "-q"]
        if (case / "templates").is_dir():
            args += ["--templates", "templates"]
        if (case / "filters.py").is_file():
            args += ["--filters", "filters.py"]
        os.chdir(case)
        code = apigen(args)
        print(f"{case.name}: exit {code}")
        status = status or code
    # After the home case is regenerated, so its copies are today's.
    for case in cases:
        if (wanted and case.name not in wanted and HOME not in wanted) or case.name == HOME:
            continue
        dropped = drop_shared_copies(case.name)
        if dropped:
            print(f"{case.name}: kept in {HOME} only: {', '.join(dropped)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
