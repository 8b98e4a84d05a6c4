"""make test runs pytest-xdist with --dist loadgroup: the groups of tests/conftest.py (one per file, one for the
tests sharing the verified catalogue) must really keep a group on one worker; when they did not (pytest 9 with
xdist 3.8), every session and module fixture was computed on both workers and the suite took 50 s longer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("xdist")

TESTS = Path(__file__).resolve().parent
MODULE = '''
import os, time
import pytest

@pytest.fixture(scope="module")
def setup_count():
    with open(os.environ["GROUPS_LOG"], "a") as f:
        f.write("setup {name}\\n")

@pytest.mark.parametrize("i", range(6))
def test_x(i, setup_count):
    time.sleep(0.05)
    with open(os.environ["GROUPS_LOG"], "a") as f:
        f.write(f"{name} {{os.environ['PYTEST_XDIST_WORKER']}}\\n")
'''


def test_a_file_runs_on_one_worker_and_its_module_fixture_is_set_up_once(tmp_path: Path) -> None:
    for name in ("one", "two"):
        (tmp_path / f"test_{name}.py").write_text(MODULE.format(name=name))
    log = tmp_path / "log.txt"
    env = {**os.environ, "GROUPS_LOG": str(log), "PYTHONPATH": str(TESTS)}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "2", "--dist", "loadgroup", "-p", "conftest",
         "-p", "no:cacheprovider", "--rootdir", str(tmp_path), str(tmp_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = log.read_text().split("\n")
    for name in ("one", "two"):
        workers = {line.split()[1] for line in lines if line.startswith(f"{name} ")}
        assert len(workers) == 1, f"test_{name}.py ran on {workers}"
        assert lines.count(f"setup {name}") == 1
