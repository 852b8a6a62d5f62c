"""Package discovery (all metadata is in pyproject.toml).

pyproject's `packages.find` cannot list a package whose folder is outside the package tree, and
the built-in templates live in the top-level `templates/` folder (a regular package: it has an
`__init__.py`); so every `generator` subpackage is found here, and `templates/` is added as
`generator.templates` (see `package-dir` and `package-data` in pyproject.toml). Wheel, sdist and
editable installs all get it that way.
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["generator", "generator.*"]), "generator.templates"])
