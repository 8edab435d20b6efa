"""The OCR source text is a setting (NPDW_SOURCE_TEXT): a checkout with nothing beside it still passes.

The source-fact tests are copied into a folder with nothing beside it and collected by a real pytest
process, with the setting unset, set to a file, and set to a missing file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _lonely_checkout(tmp_path: Path) -> Path:
    tests = tmp_path / "checkout" / "tests"
    tests.mkdir(parents=True)
    for name in ("conftest.py", "test_data_facts.py"):
        shutil.copy(HERE / name, tests / name)
    (tests / "test_other.py").write_text("def test_other():\n    assert True\n", encoding="utf-8")  # the rest of the suite
    assert not (tmp_path / "shared").exists()
    return tests


def _pytest(tests: Path, setting: str | None, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "NPDW_SOURCE_TEXT"}
    if setting is not None:
        env["NPDW_SOURCE_TEXT"] = setting
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", *args, str(tests)],
                          cwd=tests.parent, env=env, capture_output=True, text=True, timeout=300)


def test_without_the_text_the_source_tests_are_skipped_with_one_reason(tmp_path):
    run = _pytest(_lonely_checkout(tmp_path), None)
    assert run.returncode == 0, run.stdout + run.stderr
    skips = [line for line in run.stdout.splitlines() if line.startswith("SKIPPED")]
    assert len(skips) == 1 and "NPDW_SOURCE_TEXT" in skips[0], run.stdout
    assert "1 passed, 1 skipped" in run.stdout and "error" not in run.stdout.lower()


def test_the_setting_names_the_text_and_the_tests_are_collected(tmp_path):
    text = tmp_path / "elsewhere" / "source.txt"
    text.parent.mkdir()
    text.write_text("regel 1\nregel 2\n", encoding="utf-8")
    run = _pytest(_lonely_checkout(tmp_path), str(text), "--collect-only")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "skipped" not in run.stdout
    collected = [line for line in run.stdout.splitlines() if "test_data_facts.py::" in line]
    assert len(collected) >= 20, run.stdout


def test_a_setting_that_names_a_missing_file_is_an_error_not_a_skip(tmp_path):
    run = _pytest(_lonely_checkout(tmp_path), str(tmp_path / "nope.txt"), "--collect-only")
    assert run.returncode != 0
    assert "nope.txt" in run.stdout + run.stderr and "skipped" not in run.stdout
