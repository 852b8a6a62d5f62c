"""Filesystem mistakes and failures are one located line and exit 2; a bug is one line and exit 3.
Nothing in the output folder changes in any of these cases."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

SPEC = """\
openapi: 3.1.0
info: {title: Tiny, version: '1'}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string, description: DESCRIPTION}
"""


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every entry under `folder` (hidden ones too) with the bytes of each file."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def _error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.strip()]


@pytest.fixture()
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "tiny.yaml").write_text(SPEC.replace("DESCRIPTION", "The name"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _edit_spec(work: Path) -> None:
    (work / "tiny.yaml").write_text(SPEC.replace("DESCRIPTION", "What the pet is called"))


def _apigen(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args],
                          capture_output=True, text=True, timeout=120, **kwargs)  # type: ignore[call-overload]


def test_output_naming_an_existing_file(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (work / "out").write_text("mine\n")
    assert main(["generate", "tiny.yaml", "--output", "out"]) == 2
    lines = _error_lines(capsys.readouterr().err)
    assert lines == ["out: error: is a file, not a folder: it cannot hold the generated package; "
                     "choose another --output"]
    assert (work / "out").read_text() == "mine\n"


def test_output_below_a_file(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (work / "notes.txt").write_text("mine\n")
    before = _tree(work)
    assert main(["generate", "tiny.yaml", "--output", "notes.txt/vendor"]) == 2
    lines = _error_lines(capsys.readouterr().err)
    assert len(lines) == 1 and lines[0].startswith("notes.txt: error: is a file, not a folder")
    assert _tree(work) == before


def test_package_folder_that_is_a_file_is_refused_not_moved(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "out").mkdir()
    (work / "out" / "tiny").write_text("my notes, not a package\n")
    before = _tree(work)
    for extra in ([], ["--check"]):
        assert main(["generate", "tiny.yaml", "--output", "out", *extra]) == 2
        lines = _error_lines(capsys.readouterr().err)
        assert len(lines) == 1
        assert lines[0].startswith("out/tiny: error: is a file, not a package folder")
        assert _tree(work) == before  # no hidden backup folder either


def test_spec_that_is_a_folder(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (work / "specs.yaml").mkdir()
    before = _tree(work)
    assert main(["generate", "specs.yaml", "--output", "out"]) == 2
    lines = _error_lines(capsys.readouterr().err)
    assert lines == ["specs.yaml: error: is a folder, not a spec file"]
    assert _tree(work) == before


def test_templates_folder_that_is_missing_or_a_file(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "templates.txt").write_text("not templates\n")
    before = _tree(work)
    for templates in ("no-such-folder", "templates.txt"):
        assert main(["generate", "tiny.yaml", "--output", "out", "--templates", templates]) == 2
        lines = _error_lines(capsys.readouterr().err)
        assert lines == [f"{templates}: error: is not a folder of templates (--templates or a "
                         "target's `templates`)"]
        assert _tree(work) == before


def _generated_then_edited(work: Path) -> dict[str, bytes | None]:
    assert main(["generate", "tiny.yaml", "--output", "out", "-q"]) == 0
    _edit_spec(work)
    return _tree(work / "out")


def test_full_disk_leaves_the_package_as_it_was(work: Path) -> None:
    """A write fails at the OS boundary (a file size limit: EFBIG, as a full disk's ENOSPC)."""
    before = _generated_then_edited(work)
    models = len((work / "out" / "tiny" / "models.py").read_bytes())

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failing write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (models // 2, models // 2))

    result = _apigen("generate", "tiny.yaml", "--output", "out", cwd=work, preexec_fn=limit)
    assert result.returncode == 2, result.stderr
    lines = _error_lines(result.stderr)
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith("out/tiny: error: cannot write the package: File too large")
    assert _tree(work / "out") == before


FULL_DISK_DRIVER = """\
import json, subprocess, sys
from pathlib import Path

out = Path("out")
out.mkdir()
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", "out"], check=True)
apigen = [sys.executable, "-m", "generator.cli", "generate", "tiny.yaml", "--output", "out"]
first = subprocess.run(apigen, capture_output=True, text=True)
assert first.returncode == 0, first.stderr


def tree():
    return {p.relative_to(out).as_posix(): (p.read_text() if p.is_file() else None)
            for p in sorted(out.rglob("*")) if p.name != "filler"}


with open(out / "filler", "wb", buffering=0) as filler:  # fill the disk
    try:
        while True:
            filler.write(b"x" * 4096)
    except OSError:
        pass
before = tree()
Path("tiny.yaml").write_text(Path("tiny.yaml").read_text().replace("The name", "Its name"))
second = subprocess.run(apigen, capture_output=True, text=True)
print(json.dumps({"code": second.returncode, "stderr": second.stderr,
                  "unchanged": tree() == before}))
"""


def test_full_tmpfs_leaves_the_package_as_it_was(work: Path) -> None:
    """A real full disk (ENOSPC): a tiny tmpfs in a user and mount namespace."""
    unshare = shutil.which("unshare")
    if not unshare or subprocess.run([unshare, "-rm", "true"], capture_output=True).returncode:
        pytest.skip("no user namespaces here: cannot mount a tiny tmpfs (see the RLIMIT test)")
    (work / "driver.py").write_text(FULL_DISK_DRIVER)
    run = subprocess.run([unshare, "-rm", sys.executable, "driver.py"], cwd=work,
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["code"] == 2, report["stderr"]
    lines = _error_lines(report["stderr"])
    assert len(lines) == 1 and "Traceback" not in report["stderr"]
    assert lines[0].startswith("out/tiny: error: cannot write the package: No space left on "
                               "device")
    assert report["unchanged"]


def _unprivileged_or_namespaced() -> list[str] | None:
    """A command prefix under which permission bits or a read-only mount stop writes."""
    if os.geteuid() != 0:
        return []
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-rm", "true"], capture_output=True).returncode == 0:
        return [unshare, "-rm"]
    return None


def test_output_folder_that_cannot_be_written(work: Path) -> None:
    prefix = _unprivileged_or_namespaced()
    if prefix is None:
        pytest.skip("running as root without user namespaces: no way to make a folder unwritable")
    before = _generated_then_edited(work)
    command = [sys.executable, "-m", "generator.cli", "generate", "tiny.yaml", "--output", "out"]
    if prefix:  # root bypasses permission bits: mount the output folder read-only instead
        script = ('mount --bind out out && mount -o remount,bind,ro out && exec "$@"')
        result = subprocess.run([*prefix, "sh", "-c", script, "sh", *command], cwd=work,
                                capture_output=True, text=True, timeout=120)
    else:
        (work / "out").chmod(0o555)
        try:
            result = subprocess.run(command, cwd=work, capture_output=True, text=True,
                                    timeout=120)
        finally:
            (work / "out").chmod(0o755)
    assert result.returncode == 2, result.stderr
    lines = _error_lines(result.stderr)
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith("out/tiny: error: cannot write the package: ")
    assert ("Read-only file system" in lines[0]) or ("Permission denied" in lines[0])
    assert _tree(work / "out") == before


BROKEN_FILTERS = '''\
def shout(value):
    raise RuntimeError("the filter broke")
'''


def test_internal_error_is_one_line_exit_3_and_writes_nothing(work: Path) -> None:
    """A plug-in bug (a filter that raises while templates render) reaches the last resort."""
    before = _generated_then_edited(work)
    (work / "filters.py").write_text(BROKEN_FILTERS)
    (work / "templates").mkdir()
    (work / "templates" / "shouting.py.jinja").write_text('TITLE = "{{ api.title | shout }}"\n')
    args = ("generate", "tiny.yaml", "--output", "out", "--templates", "templates",
            "--filters", "filters.py")
    result = _apigen(*args, cwd=work)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert _error_lines(result.stderr) == [
        "apigen: internal error: RuntimeError: the filter broke; please report it with this "
        "spec (tiny.yaml); -v shows the traceback"]
    assert _tree(work / "out") == before

    verbose = _apigen(*args, "-v", cwd=work)
    assert verbose.returncode == 3
    assert "Traceback (most recent call last)" in verbose.stderr
    assert verbose.stderr.rstrip().splitlines()[-1].startswith(
        "apigen: internal error: RuntimeError: the filter broke")
    assert _tree(work / "out") == before


def test_a_closed_pipe_ends_the_run_quietly() -> None:
    """`apigen templates list | head`: the reader leaves early; no internal error."""
    import subprocess
    import sys

    done = subprocess.run(
        f"{sys.executable} -c 'import sys; from generator.cli import main; "
        "sys.exit(main([\"templates\", \"list\"]))' | true",
        shell=True, capture_output=True, text=True, check=False)
    assert "internal error" not in done.stderr, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert "BrokenPipe" not in done.stderr, done.stderr
