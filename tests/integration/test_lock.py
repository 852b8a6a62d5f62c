"""Two runs on one package folder take turns: the second waits (and says so), then works on the
first one's output, so both succeed and neither result is lost without a word."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

MANIFEST = ".apigen-manifest.json"

SPEC = """\
openapi: 3.1.0
info: {title: Pets, version: '1'}
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


USER_FILES = 200


def _command(spec: str, output: str) -> list[str]:
    script = Path(sys.executable).parent / "apigen"
    entry = [str(script)] if script.is_file() else [sys.executable, "-m", "generator.cli"]
    return [*entry, "generate", spec, "--output", output, "--package", "pets", "-v"]


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _changed(stderr: str, label: str) -> list[str]:
    """The files a run reports it wrote (`-v` lists them under `LABEL: N file(s) changed`)."""
    lines = stderr.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{label}: "))
    assert lines[start].endswith("file(s) changed"), stderr
    return [line.strip() for line in lines[start + 1:] if line.startswith("  ")]


@pytest.fixture()
def work(tmp_path: Path) -> Path:
    (tmp_path / "a.yaml").write_text(SPEC.replace("DESCRIPTION", "Name A"))
    (tmp_path / "b.yaml").write_text(SPEC.replace("DESCRIPTION", "Name B"))
    return tmp_path


def test_two_concurrent_runs_take_turns(work: Path) -> None:
    references = {}
    for spec in ("a.yaml", "b.yaml"):
        subprocess.run(_command(spec, f"ref_{spec[0]}"), cwd=work, check=True,
                       capture_output=True, timeout=120)
        references[spec] = _tree(work / f"ref_{spec[0]}" / "pets")
    everything = sorted(references["a.yaml"])
    differing = sorted(n for n in everything
                       if references["a.yaml"][n] != references["b.yaml"][n])
    assert differing and len(differing) < len(everything)

    for attempt in range(10):
        output = f"out{attempt}"
        # The user's own files in the package folder, which every run carries over: writing
        # takes a while, so two unserialised runs would overlap there.
        mine = work / output / "pets" / "notes"
        mine.mkdir(parents=True)
        for index in range(USER_FILES):
            (mine / f"{index}.txt").write_text(f"note {index}\n")
        runs = {spec: subprocess.Popen(_command(spec, output), cwd=work, text=True,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                for spec in ("a.yaml", "b.yaml")}
        finished = {spec: (run.wait(timeout=120), run.communicate()[1])
                    for spec, run in runs.items()}
        for spec, (code, stderr) in finished.items():
            assert code == 0, f"attempt {attempt}, {spec}: {stderr}"
        folder = work / output / "pets"
        manifest = json.loads((folder / MANIFEST).read_text())
        on_disk = _tree(folder)
        notes = {name for name in on_disk if name.startswith("notes/")}
        assert len(notes) == USER_FILES  # the user's files survive both runs
        on_disk = {name: data for name, data in on_disk.items() if name not in notes}
        assert set(manifest["files"]) == set(on_disk) - {MANIFEST}
        for name, digest in manifest["files"].items():
            assert hashlib.sha256(on_disk[name]).hexdigest() == digest, name
        last = f"{manifest['spec']}"
        first = "a.yaml" if last == "b.yaml" else "b.yaml"
        assert on_disk == references[last]  # the last run's whole result, nothing mixed in
        # The first run wrote everything into the empty folder; the last one ran against that
        # output (not the empty folder), and said which of the first run's files it replaced.
        label = f"{output}/pets"
        assert _changed(finished[first][1], label) == everything
        assert _changed(finished[last][1], label) == differing


def test_a_waiting_run_says_so(work: Path) -> None:
    from generator.output.emit import output_lock  # the lock a run takes, held here by the test

    folder = work / "out" / "pets"
    log = work / "stderr.txt"
    with output_lock(folder, label="out/pets"), log.open("w") as stderr:
        run = subprocess.Popen(_command("a.yaml", "out"), cwd=work, text=True,
                               stdout=subprocess.DEVNULL, stderr=stderr)
        deadline = time.monotonic() + 60
        while "waiting for another apigen run" not in log.read_text():
            assert run.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "no waiting notice"
            time.sleep(0.1)
        assert not folder.exists()  # it waits: nothing written while the lock is held
    assert run.wait(timeout=120) == 0, log.read_text()
    text = log.read_text()
    assert text.splitlines()[0] == "apigen: waiting for another apigen run on out/pets ..."
    assert (folder / MANIFEST).is_file()
