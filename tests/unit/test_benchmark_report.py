"""The benchmark's report logic (benchmarks/): issue 16's targets against same-run anchors, the
import rows, the generated volume, the JSON round trip and profile.py's stage attribution.
Nothing here is timed: the measurements are made up."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

import import_speed  # noqa: E402
import report  # noqa: E402
import results as res  # noqa: E402
import targets16  # noqa: E402
import volume  # noqa: E402
from measure import Run  # noqa: E402


def _profile_module() -> ModuleType:
    # Loaded under another name: as `profile` it would stand in for the standard library's.
    spec = importlib.util.spec_from_file_location("bench_profile", BENCH / "profile.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _results() -> res.Results:
    return res.Results(machine={"apigen": "abc"}, settings={}, tools={})


def _time(results: res.Results, workload: str, tool: str, seconds: float,
          mode: str = res.COLD) -> None:
    results.cell(workload, tool, mode).runs.append(
        Run(seconds=seconds, rss_mib=100, tree_mib=90, returncode=0, timed_out=False,
            output_tail=""))


def _imports(stripe: float = 1.0, sdk: float | str = 0.5, mib: float = 80,
             seed: float = 0.11) -> list[res.ImportRow]:
    anchor = import_speed.ANCHOR_ROW
    sdk_row = (res.ImportRow("stripe SDK", None, None, anchor, failure=sdk)
               if isinstance(sdk, str) else res.ImportRow("stripe SDK", sdk, 35, anchor))
    return [
        res.ImportRow(anchor, 0.1, 33, ""),
        res.ImportRow("sgp (seed)", seed, 39, anchor),
        res.ImportRow("scope3_ai (seed)", 0.13, 39, anchor),
        res.ImportRow(import_speed.STRIPE_ROW, stripe, mib, "stripe SDK"),
        res.ImportRow(import_speed.SERVER_ROW, 1.7, 108, ""),
        sdk_row,
    ]


def _by_name(results: res.Results) -> dict[str, res.Target]:
    return {t.name: t for t in targets16.targets16(results)}


def test_stripe_import_is_checked_against_the_sdk_of_the_same_run() -> None:
    results = _results()
    results.imports = _imports(stripe=1.0, sdk=0.5)
    row = _by_name(results)["Generated Stripe package: import + Client + one call / stripe SDK"]
    assert (row.limit, row.passed) == ("<= 1.5x", False)
    assert row.measured.startswith("2.00x (1.00 s / 0.50 s)")
    results.imports = _imports(stripe=0.7, sdk=0.5)
    assert _by_name(results)[row.name].passed is True


def test_memory_limit_is_in_megabytes_not_mebibytes() -> None:
    results = _results()
    name = "Generated Stripe package: import + Client + one call, peak memory"
    results.imports = _imports(mib=95)  # 99.6 MB
    assert _by_name(results)[name].passed is True
    results.imports = _imports(mib=96)  # 100.7 MB
    assert _by_name(results)[name].passed is False
    assert _by_name(results)[name].measured.startswith("101 MB")


def test_every_seed_package_gets_a_row_against_the_bare_import() -> None:
    results = _results()
    results.imports = _imports(seed=0.12)
    checked = _by_name(results)
    sgp = checked["sgp (seed): import + Client + one call / import pydantic, httpx"]
    scope3 = checked["scope3_ai (seed): import + Client + one call / import pydantic, httpx"]
    assert (sgp.limit, sgp.passed) == ("<= 1.2x", True)
    assert scope3.passed is False  # 1.30x


def test_an_sdk_that_did_not_run_leaves_the_row_unchecked_not_failed() -> None:
    results = _results()
    results.imports = _imports(sdk="not run (use --peers)")
    row = _by_name(results)["Generated Stripe package: import + Client + one call / stripe SDK"]
    assert row.passed is None
    assert "not run (use --peers)" in row.measured


def test_a_generated_package_that_fails_is_a_failure() -> None:
    results = _results()
    results.imports = [r if r.name != import_speed.STRIPE_ROW else res.ImportRow(
        r.name, None, None, r.anchor, failure="generation failed: boom") for r in _imports()]
    checked = _by_name(results)
    assert checked["Generated Stripe package: import + Client + one call / stripe SDK"
                   ].passed is False
    skipped = [r if r.name != import_speed.STRIPE_ROW else res.ImportRow(
        r.name, None, None, r.anchor, failure="not run (--quick)") for r in _imports()]
    results.imports = skipped
    assert _by_name(results)["Generated Stripe package: import + Client + one call, peak "
                             "memory"].passed is None


def test_without_import_rows_every_import_target_says_why() -> None:
    results = _results()
    results.imports_note = "not run"
    checked = targets16.targets16(results)
    assert all(t.passed is None for t in checked)
    server = _by_name(results)["Generated Stripe server: create_app(MockHandlers())"]
    assert report.verdict(server) == "n/a"


def test_server_row_is_reported_without_a_limit() -> None:
    results = _results()
    results.imports = _imports()
    server = _by_name(results)["Generated Stripe server: create_app(MockHandlers())"]
    assert (server.limit, server.passed) == (targets16.NO_LIMIT, None)
    assert server.measured == "1.70 s, 108 MiB peak RSS"
    assert report.verdict(server) == "reported"


def test_generation_targets_use_the_peers_of_the_same_run() -> None:
    results = _results()
    _time(results, "seeds", res.APIGEN, 2.0)
    _time(results, "seeds", res.FCG, 1.0)
    _time(results, "seeds", res.APIGEN, 0.25, mode=res.WARM_NOCHANGE)
    _time(results, "stripe", res.APIGEN, 30.0)
    _time(results, "stripe", res.FCG, 31.0)
    _time(results, "stripe", res.RUFF_VARIANT, 10.0)
    _time(results, "stripe", res.OGC, 8.0)
    _time(results, "stripe", res.APIGEN, 0.35, mode=res.WARM_NOCHANGE)
    checked = _by_name(results)
    verdicts = {name: checked[name].passed for name in (
        "Both seed specs cold: apigen / fastapi-code-generator",
        "No-op regeneration (warm-nochange): seeds",
        "No-op regeneration (warm-nochange): Stripe",
        "Stripe cold, black: apigen / fastapi-code-generator",
        "Stripe cold: apigen --formatter ruff / openapi-generator-cli")}
    assert list(verdicts.values()) == [False, True, False, True, False]
    assert checked["Stripe cold: apigen --formatter ruff / openapi-generator-cli"
                   ].measured.startswith("1.25x")


def test_peer_not_run_is_unchecked() -> None:
    results = _results()
    _time(results, "seeds", res.APIGEN, 2.0)
    row = _by_name(results)["Both seed specs cold: apigen / fastapi-code-generator"]
    assert (row.passed, row.measured) == (None, "peer not run (use --peers)")


def test_issue_7_table_drops_the_rows_issue_16_supersedes() -> None:
    names = [t.name for t in res.targets(_results())]
    assert not any("fastapi-code-generator" in n or "openapi-generator-cli" in n for n in names)
    assert "Stripe warm-nochange" not in names and "Both seed specs, cold" not in names
    assert "Stripe warm-edit" in names


def _full_results() -> res.Results:
    results = _results()
    results.settings = {"date": "d", "command": "c", "repeat": 1, "load_start": "1.0",
                        "load_end": "1.0", "bytecode_precompiled": "yes (compileall)"}
    results.machine = {"cpu": "cpu", "cores": "2", "ram": "1 GiB", "os": "os",
                       "python": "3.11", "java": "none", "apigen": "abc"}
    _time(results, "seeds", res.APIGEN, 2.0)
    results.imports = _imports()
    results.imports_note = "median of 5"
    results.volumes = [res.Volume("seeds", res.APIGEN, files=10, bytes=100_000, tokens=20_000)]
    results.spec_sizes = {"seeds": (20, 40)}
    return results


def test_report_shows_every_section_and_per_unit_volume() -> None:
    text = report.markdown(_full_results())
    assert "**Targets (issue 16)**" in text and "**Targets (issue 7)**" in text
    assert "bytecode of the generated packages precompiled: yes (compileall)" in text
    assert "| seeds | apigen | 10 | 100,000 | 20,000 | 5,000 | 1,000 | 2,500 | 500 |" in text
    assert "| stripe_api (generated) | 1.00 | 80 | stripe SDK | 2.00x |" in text
    assert "| sgp (seed) | 0.11 | 39 | import pydantic, httpx | 1.10x |" in text


def test_json_round_trip_keeps_the_new_rows() -> None:
    results = _full_results()
    again = report.from_json(report.to_json(results))
    assert report.markdown(again) == report.markdown(results)


def test_volume_counts_python_tokens_without_layout(tmp_path: Path) -> None:
    assert volume.python_tokens("x = 1\n") == 3
    assert volume.python_tokens("def f():\n    return 1\n") == 7
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("x = 1\n")
    (tmp_path / "pkg" / "README.md").write_text("not code\n")
    assert volume.measure("seeds", "t", tmp_path) == res.Volume("seeds", "t", 1, 6, 3)


def test_volume_is_recorded_once_per_tool_on_measured_workloads(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text("openapi: 3.0.0\npaths:\n  /a:\n    get: {}\n    post: {}\n    parameters: []\n"
                    "  /b:\n    delete: {}\ncomponents:\n  schemas:\n    A: {}\n    B: {}\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "m.py").write_text("y = 2\n")
    results = _results()
    volume.record(results, "seeds", "apigen", [spec], out)
    volume.record(results, "seeds", "apigen", [spec], out)
    volume.record(results, "synthetic-50", "apigen", [spec], out)
    assert results.spec_sizes == {"seeds": (3, 2)}
    assert [(v.workload, v.tool) for v in results.volumes] == [("seeds", "apigen")]


@pytest.fixture(scope="module")
def bench_profile() -> ModuleType:
    return _profile_module()


def test_profile_stages_move_formatting_out_of_render(bench_profile: ModuleType) -> None:
    root = "/x/generator"
    start = (f"{root}/pipeline.py", 90, "start")
    stats = {
        (f"{root}/spec/load.py", 1, "load_spec"): (1, 1, 0.1, 0.5, {}),
        (f"{root}/models/generate.py", 1, "generate_models"): (1, 1, 0.1, 2.0, {}),
        (f"{root}/render/environment.py", 1, "render_templates"): (1, 1, 0.1, 3.0, {}),
        (f"{root}/output/formatting.py", 279, "add"): (
            3, 3, 0.1, 1.5, {start: (2, 2, 0.1, 1.0), (f"{root}/pipeline.py", 80, "_generate"):
                             (1, 1, 0.0, 0.5)}),
        (f"{root}/output/formatting.py", 314, "result"): (1, 1, 0.1, 4.0, {}),
        (f"{root}/pipeline.py", 150, "result"): (1, 1, 0.0, 0.25, {}),
    }
    stages = dict(bench_profile.stage_seconds(stats, import_seconds=0.5, total_seconds=12.0))
    assert stages["render"] == pytest.approx(2.0)
    assert stages["format"] == pytest.approx(5.5)
    assert stages["spec validate"] == pytest.approx(0.25)
    assert stages["models (datamodel-code-generator)"] == pytest.approx(2.0)
    assert stages["other"] == pytest.approx(12.0 - 0.5 - 0.5 - 0.25 - 2.0 - 2.0 - 5.5)
    assert sum(stages.values()) == pytest.approx(12.0)


def test_profile_names_packages(bench_profile: ModuleType) -> None:
    root = bench_profile.ROOT.as_posix()
    assert bench_profile.package_of(f"{root}/generator/ir/build.py") == "generator.ir"
    assert bench_profile.package_of("/v/lib/python3.11/site-packages/black/linegen.py") == "black"
    assert bench_profile.package_of("~") == "builtins"
    assert bench_profile.package_of("/usr/lib/python3.11/tokenize.py") == "stdlib"


def test_the_import_probe_reports_its_own_peak_not_its_parents() -> None:
    """Linux carries `ru_maxrss` over from the parent at fork and exec: run.py (a large process)
    made every import row report its own size (107 MiB for `import pydantic, httpx`)."""
    import json
    import subprocess

    ballast = bytearray(256 * 1024 * 1024)  # the parent holds 256 MiB when it starts the child
    done = subprocess.run([sys.executable, "-c", import_speed.PROBE.format(snippet="pass")],
                          capture_output=True, text=True, check=True)
    del ballast
    assert json.loads(done.stdout.strip().splitlines()[-1])["mib"] < 100
