"""The red-team notes' shared machinery (tests/audit/redteam*/): each folder holds notes with an answer key
NAME.key.json decided without symgd ("wrong" are slips, "found" the slips the audit must refute, "correct" the
relations it must never refute, "open" correct ones still refuted, each "quote -- cause").  A test file names its
folder and, for notes whose other lines each run out their per-link budget, the line ranges its slow test audits."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from symgd.app.audit import Audit, audit

__all__ = ["assert_sound", "audited", "kept", "key_lines", "note_names"]

Excerpts = dict[str, tuple[tuple[int, int], ...]]


def note_names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.suffix in (".md", ".tex", ".txt") and p.stem != "README")


def kept(name: str, excerpts: Excerpts) -> set[int] | None:
    """The line numbers the slow test audits (None: the whole note)."""
    ranges = excerpts.get(name)
    return None if ranges is None else {i for a, b in ranges for i in range(a, b + 1)}


@cache
def _audited(path: Path, keep: frozenset[int] | None) -> Audit:
    lines = path.read_text(encoding="utf-8").splitlines()
    text = "\n".join(line if keep is None or i in keep else "" for i, line in enumerate(lines, 1)) + "\n"
    return audit(text, path.name, timeout=4.0)  # blank lines for those left out: the key's line numbers hold


def audited(folder: Path, name: str, excerpts: Excerpts | None = None) -> Audit:
    """The note audited once per session, only its excerpt's lines when ``excerpts`` names it."""
    keep = kept(name, excerpts or {})
    return _audited(folder / name, None if keep is None else frozenset(keep))


def key_lines(folder: Path, name: str) -> dict[str, list[int]]:
    """The answer key as line numbers: each quote must occur on exactly one line of the note."""
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    key = json.loads((folder / f"{name.rsplit('.', 1)[0]}.key.json").read_text(encoding="utf-8"))
    out: dict[str, list[int]] = {"wrong": [], "found": [], "correct": [], "open": []}
    for truth, quotes in key.items():
        for q in quotes:
            q = q.split(" -- ")[0] if truth == "open" else q  # "quote -- cause"
            hits = [i + 1 for i, line in enumerate(lines) if q in line]
            assert len(hits) == 1, f"{name}: the key's quote {q!r} is on lines {hits}"
            out[truth].append(hits[0])
    return out


def assert_sound(folder: Path, name: str, excerpts: Excerpts | None = None) -> dict[str, list[int]]:
    """No slip of the (audited part of the) note proved, every "found" slip refuted, no correct line refuted but the
    "open" ones; returns the key restricted to the audited lines."""
    keep = kept(name, excerpts or {})
    key = {k: [n for n in v if keep is None or n in keep] for k, v in key_lines(folder, name).items()}
    claims = [r for r in audited(folder, name, excerpts).results if r.kind == "claim"]
    for line in key["wrong"]:
        assert not any(r.verdict == "proved" for r in claims if r.line == line), f"{name}: a slip proved, line {line}"
    for line in key["found"]:
        assert any(r.verdict == "refuted" for r in claims if r.line == line), f"{name}: slip of line {line} not found"
    refuted = {r.line for r in claims if r.verdict == "refuted" and r.line in key["correct"]}
    assert refuted <= set(key["open"]), f"{name}: correct lines refuted {sorted(refuted - set(key['open']))}"
    return key
