from __future__ import annotations

import shlex
from pathlib import Path

import yaml

from generator.arguments import parser

ROOT = Path(__file__).resolve().parents[2]


def test_hooks_call_real_cli_commands() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"apigen-check", "apigen-generate"}
    for hook in hooks.values():
        argv = shlex.split(hook["entry"])
        assert argv[0] == "apigen"
        args = parser().parse_args(argv[1:])  # raises SystemExit if the CLI rejects it
        assert args.command == "generate"
        assert hook["pass_filenames"] is False
    assert parser().parse_args(shlex.split(hooks["apigen-check"]["entry"])[1:]).check
