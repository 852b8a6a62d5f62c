"""The built-in templates, installed as the package `generator.templates` (see setup.py).

This file makes the folder a regular package, so that editable, wheel and sdist installs all
locate it the same way; apigen never imports it, and only `*.jinja` files are templates.
"""
