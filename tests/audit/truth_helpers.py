"""Exact helpers for the ground-truth scripts of every held-out set (SymPy only; symgd is never imported here).

Each set's ``_truth.py`` re-exports them, so a script runs as ``python truth_NAME.py`` from its folder.

A script decides each keyed relation of its document by hand derivation written out with these helpers: an identity
is checked by exact simplification, an inequality by an exact certificate (a difference written as a product or
sum of factors whose signs the stated assumptions fix), a slip by an exact counterexample that satisfies the
document's assumptions.
"""

from __future__ import annotations

import sympy as sp

__all__ = ["check_keys", "false_at", "identical", "nonneg_by_factors", "report", "true_at"]


def identical(a: sp.Expr, b: sp.Expr) -> bool:
    """a == b as expressions (exact)."""
    return sp.simplify(sp.expand(a - b)) == 0


def _rel(op: str, a: sp.Expr, b: sp.Expr) -> bool:
    a, b = sp.nsimplify(a), sp.nsimplify(b)
    d = sp.simplify(a - b)
    if op == "=":
        return d == 0
    if op == "<=":
        return bool(d <= 0)
    if op == ">=":
        return bool(d >= 0)
    if op == "<":
        return bool(d < 0)
    raise ValueError(op)


def false_at(op: str, a: sp.Expr, b: sp.Expr, point: dict) -> bool:
    """The relation a op b fails at the exact point (a counterexample)."""
    return not _rel(op, a.subs(point), b.subs(point))


def true_at(op: str, a: sp.Expr, b: sp.Expr, point: dict) -> bool:
    """The relation a op b holds at the exact point."""
    return _rel(op, a.subs(point), b.subs(point))


def nonneg_by_factors(expr: sp.Expr, factors: list[sp.Expr], nonneg: list[sp.Expr]) -> bool:
    """expr equals the product of `factors`, each of which is one of the expressions `nonneg` known to be >= 0
    under the document's assumptions (the caller states why each is nonnegative)."""
    prod = sp.Mul(*factors)
    return identical(expr, prod) and all(any(identical(f, n) for n in nonneg) for f in factors)


def report(verdicts: dict[str, bool], key_path) -> int:
    """Print each verdict against the key at ``key_path`` (a scored row's truth: correct or slip); the exit code: 1
    when a verdict disagrees with the key, a scored row has no verdict, or a verdict has no scored row, else 0."""
    import json
    import pathlib

    key = json.loads(pathlib.Path(key_path).read_text(encoding="utf-8"))
    scored = {row["text"] for row in key["links"] if row["truth"] in ("correct", "slip")}
    bad = 0
    for row in key["links"]:
        if row["truth"] not in ("correct", "slip"):
            continue
        text = row["text"]
        if text not in verdicts:
            print(f"NO VERDICT   {row['line']:3d}  {text}")
            bad += 1
            continue
        agree = bool(verdicts[text]) == (row["truth"] == "correct")
        print(f"{'correct' if verdicts[text] else 'SLIP   '}  {row['line']:3d}  {text}" + ("" if agree else
                                                                                     "   <-- disagrees with the key"))
        bad += not agree
    for text in sorted(set(verdicts) - scored):
        print(f"VERDICT WITHOUT A SCORED KEY ROW: {text}")
        bad += 1
    print(f"{len(scored)} scored relations, {bad} disagreement(s)")
    return 1 if bad else 0


def check_keys(folder, docs: list[str]) -> int:
    """Each key row's text occurs exactly once on the line the key gives, and the wrong/correct/assumptions lists
    agree with the rows; prints the documents' sizes and slips.  The exit code: 1 on any mismatch, else 0."""
    import json
    import pathlib

    folder, bad = pathlib.Path(folder), 0
    for name in docs:
        lines = (folder / name).read_text(encoding="utf-8").splitlines()
        key = json.loads((folder / (name.rsplit(".", 1)[0] + ".key.json")).read_text(encoding="utf-8"))
        for link in key["links"]:
            if not 1 <= link["line"] <= len(lines) or lines[link["line"] - 1].count(link["text"]) != 1:
                print(f"{name}:{link['line']}: text not found once on that line: {link['text']}")
                bad += 1
        for field, truth in (("wrong", "slip"), ("correct", "correct"), ("assumptions", "assumption")):
            if key[field] != [row["text"] for row in key["links"] if row["truth"] == truth]:
                print(f"{name}: list {field!r} does not match the rows")
                bad += 1
        scored = [row for row in key["links"] if row["truth"] in ("correct", "slip")]
        slips = [row["line"] for row in scored if row["truth"] == "slip"]
        print(f"{name}: {len(lines)} lines, {len(scored)} scored relations, {len(slips)} slips at lines {slips}")
    return 1 if bad else 0
