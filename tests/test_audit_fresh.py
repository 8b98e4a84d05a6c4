"""The six fresh documents (tests/audit/fresh/, written without symgd in mind): their answer keys agree with the
independent SymPy ground-truth scripts, and `symgd audit` never refutes a correct relation nor proves a slip."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FRESH = ROOT / "tests" / "audit" / "fresh"
DOCS = sorted(p for p in FRESH.iterdir() if p.suffix in (".md", ".tex", ".txt") and p.name != "README.md")


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))  # the truth scripts import their sibling _truth.py
    try:
        spec.loader.exec_module(mod)
    finally:
        sys.path.remove(str(path.parent))
    return mod


def _key(doc: Path) -> dict:
    return json.loads(doc.with_name(doc.stem + ".key.json").read_text(encoding="utf-8"))


def test_six_documents_of_three_formats():
    assert len(DOCS) == 6 and {d.suffix for d in DOCS} == {".md", ".tex", ".txt"}


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.stem)
def test_key_rows_sit_on_their_lines(doc: Path):
    lines = doc.read_text(encoding="utf-8").splitlines()
    key = _key(doc)
    for row in key["links"]:
        assert row["text"] in lines[row["line"] - 1], row
        assert sum(row["text"] in ln for ln in lines) == 1, f"ambiguous key text {row['text']!r}"
    assert set(key["wrong"]) == {r["text"] for r in key["links"] if r["truth"] == "slip"}
    assert set(key["correct"]) == {r["text"] for r in key["links"] if r["truth"] == "correct"}
    assert 2 <= len(key["wrong"]) <= 4 and 8 <= len(key["links"])


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.stem)
def test_ground_truth_agrees_with_the_key(doc: Path):
    truth = _load(FRESH / f"truth_{doc.stem}.py", f"_fresh_truth_{doc.stem}").verdicts()
    scored = {r["text"]: r["truth"] == "correct" for r in _key(doc)["links"] if r["truth"] in ("correct", "slip")}
    assert truth == scored


def _measure():
    return _load(ROOT / "bench" / "measure_fresh.py", "_measure_fresh")


@pytest.mark.slow
@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.stem)
def test_audit_is_sound_on_fresh_documents(doc: Path):
    result = _measure().measure(doc)
    assert result["error"] is None, result["error"]
    unsound = [(r["line"], r["truth"], r["verdict"], r["text"]) for r in result["rows"]
               if (r["truth"], r["verdict"]) in (("correct", "refuted"), ("slip", "proved"))]
    assert unsound == []
