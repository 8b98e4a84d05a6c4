"""The user guide (mkdocs.yml, docs/guide/) builds in strict mode without a warning and without anything fetched at
build time, its math is MathML made at build time (no MathJax, no CDN), and the output the tutorial shows is what
symgd prints for the tutorial's file."""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

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
    # the math is MathML made at build time by the hook: no script at all, none from a CDN
    assert cfg.get("extra_javascript", []) == [] and cfg["hooks"] == ["docs/guide/hooks/mathml.py"]
    assert "http" not in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def _hook():
    spec = importlib.util.spec_from_file_location("guide_mathml_hook", ROOT / "docs/guide/hooks/mathml.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_hook_turns_arithmatex_wrappers_into_mathml(caplog) -> None:
    page = SimpleNamespace(file=SimpleNamespace(src_uri="guide/x.md"))
    content = ('<p>Let <span class="arithmatex">\\(x &lt; \\|g\\|\\)</span> and</p>\n'
               '<div class="arithmatex">\\[\\begin{aligned} f(y) &amp;\\le f(x) \\\\ &amp;= 1 \\end{aligned}\\]</div>')
    out = _hook().on_page_content(content, page=page, config=None, files=None)
    assert '<span class="arithmatex"><math display="inline">' in out and "<mo>&lt;</mo>" in out
    assert '<div class="arithmatex"><math display="block">' in out and out.count("<mtr>") == 2
    assert "\\(" not in out and "\\[" not in out and "&amp;" not in out
    with caplog.at_level(logging.WARNING):
        out = _hook().on_page_content('<span class="arithmatex">\\(\\foo x\\)</span>', page=page, config=None,
                                      files=None)
    assert 'class="math-source"' in out and "unknown command \\foo" in caplog.text  # a warning fails --strict


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
    # the math is MathML, rendered at build time; no page loads a script from elsewhere
    assert html.count("<math") > 100 and not re.search(r"<script[^>]*mathjax", html, flags=re.I)
    assert not re.search(r'<script[^>]+src="(https?:)?//', html)
    assert not re.search(r'class="arithmatex">\\(\\\(|\\\[)', html) and 'class="math-source"' not in html
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
