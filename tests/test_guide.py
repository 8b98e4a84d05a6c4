"""The user guide (mkdocs.yml, docs/guide/) builds in strict mode without a warning and without anything fetched at
build time, and the output the tutorial shows is what symgd prints for the tutorial's file."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _config() -> dict:
    class Loader(yaml.SafeLoader):  # mkdocs.yml may use !!python/name tags; none are needed here
        pass

    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)


def test_config_fetches_nothing_at_build_time() -> None:
    cfg = _config()
    assert cfg["theme"]["name"] == "material" and cfg["theme"]["font"] is False  # no Google Fonts
    plugins = {next(iter(p)) if isinstance(p, dict) else p for p in cfg["plugins"]}
    assert plugins == {"search", "mkdocstrings"}  # no social cards, no privacy plugin downloading assets
    assert cfg["strict"] is True


@pytest.mark.slow
def test_mkdocs_build_strict_without_warnings(tmp_path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-q", "-d", str(tmp_path / "site")], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, env=env)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-3000:]
    assert not re.search(r"\bWARNING\b", output), output[-3000:]
    site = tmp_path / "site"
    pages = {p.relative_to(site).as_posix() for p in site.rglob("index.html")}
    for page in ("guide/tutorial/index.html", "guide/check/index.html", "guide/pytest/index.html",
                 "guide/optimizers/index.html", "guide/api/index.html", "guide/side_by_side/index.html",
                 "guide/modified_equation/index.html", "guide/rate/index.html", "guide/audit/index.html"):
        assert page in pages, page
    html = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "fonts.googleapis" not in html
    check = (site / "guide/check/index.html").read_text(encoding="utf-8")
    assert "Refused on purpose" in check  # docs/notation.md is included, not copied
    api = (site / "guide/api/index.html").read_text(encoding="utf-8")
    for name in ("assert_identity", "assert_claim", "modified_equation", "transformation", "from_rule"):
        assert name in api, name
    side = (site / "guide/side_by_side/index.html").read_text(encoding="utf-8")
    for img in re.findall(r'<img[^>]+src="([^"]+)"', side):
        assert (site / "guide/side_by_side" / img).resolve().is_file(), img


def _shown(page: str, command: str) -> str:
    """The console block of ``page`` that starts with ``$ command``, without the command line."""
    text = (ROOT / "docs" / "guide" / page).read_text(encoding="utf-8")
    m = re.search(r"```console\n\$ " + re.escape(command) + r"\n(.*?)```", text, flags=re.S)
    assert m, (page, command)
    return m.group(1)


def _seconds_free(text: str) -> str:
    return re.sub(r"\d+\.\d+ s\b", "T s", "\n".join(line.rstrip() for line in text.splitlines()))


def test_tutorial_output_is_real(tmp_path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "my_result.py").write_text((ROOT / "docs/guide/examples/my_result.py").read_text(encoding="utf-8"))
    env = {**os.environ, "COLUMNS": "100"}
    run = subprocess.run([str(BIN / "symgd"), "verify", "notes/my_result.py"], cwd=tmp_path, capture_output=True,
                         text=True, timeout=300, env=env)
    assert run.returncode == 0, run.stderr
    assert _seconds_free(run.stdout) == _seconds_free(_shown("tutorial.md", "symgd verify notes/my_result.py"))
