"""`symgd audit` on six documents written without symgd in mind (tests/audit/fresh/), against their answer keys.

Each document NAME.{md,tex,txt} has NAME.key.json: one row per relation (line, the text it starts with, truth =
correct / slip / assumption / definition), decided by hand and by tests/audit/fresh/truth_NAME.py, never by symgd.
The audit runs as a user runs it (the CLI, JSON out, default per-link budget); its links are matched to the key by
line (by text or order when a line holds several). Printed per document: slips found (refuted) / slips, correct
proved / correct, correct refuted and slips proved (soundness: both must be 0), the rest not checked with the
reasons grouped, and seconds. Run: .venv/bin/python bench/measure_fresh.py [--set SET] [--json] [--saved=DIR] [NAME ...]
(--set: the folder under tests/audit/, fresh by default, or fresh2, fresh3, ..., the later held-out sets; --saved=DIR: write each
JSON report to DIR/NAME.json, or score the reports found there without running)
"""

from __future__ import annotations

import collections
import difflib
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FRESH = ROOT / "tests" / "audit" / "fresh"
SYMGD = [str(ROOT / ".venv" / "bin" / "symgd")] if (ROOT / ".venv" / "bin" / "symgd").exists() else ["symgd"]
SCORED = ("correct", "slip")


def documents(folder: Path = FRESH) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".md", ".tex", ".txt") and p.name != "README.md")


_UNICODE = {"−": "-", "≤": "<=", "≥": ">=", "·": "\\cdot", "ᵀ": "^T", "⁻¹": "^{-1}", "λ": "\\lambda", "η": "\\eta",
            "ρ": "\\rho", "∇": "\\nabla", "‖": "\\|"}
_REL = re.compile(r"<=|>=|\\leq?(?![a-z])|\\geq?(?![a-z])|\\approx|=|<|>")


def _norm(s: str) -> str:
    """Spacing and presentation commands dropped, so a key's source text compares with the audit's link text."""
    if not s.isascii():  # plain text's Unicode math (bₖ₊₁², √, ½) as the audit spells it: b_{k+1}^{2}
        from symgd.core.errors import BadInput
        from symgd.latex.unicode import latex_text

        try:
            s = latex_text(s)
        except BadInput:
            pass
    for u, t in _UNICODE.items():
        s = s.replace(u, t)
    s = re.sub(r"\\(left|right|big|Big|bigg|Bigg)(?![A-Za-z])", "", s)
    s = re.sub(r"\\leq?(?![a-z])", "<=", s)
    s = re.sub(r"\\geq?(?![a-z])", ">=", s)
    s = re.sub(r"\\(ln|log|exp)(?![A-Za-z])", r"\1", s)  # plain text's ln is \ln in the audit's link
    return re.sub(r"\\[,;:! ]|\\q?quad(?![A-Za-z])|&|\$|\s+|[{}]", "", s)


def _similarity(row_text: str, link: str) -> float:
    """How well a key row (the source text a relation starts with) matches an audit link: a row that starts with a
    relation ('&= rhs') is the right side of a chain's link, any other row the link's start (or a piece of it)."""
    row, text = _norm(row_text), _norm(link)
    m = _REL.match(row)
    rels = list(_REL.finditer(text))
    if len(row) >= 8 and row.strip("=<>.,") in (text[rels[0].start():] if m and rels else text):
        return 1.0  # a row that starts with a relation is the link's right side ('≥ μ xᵀAx' not in 'μ xᵀAx = ...')
    if m:
        rhs = text[rels[0].end():] if rels else text
        if rels and rels[0].group(0) == m.group(0) and rhs.strip(".,;") == row[m.end():].strip(".,;"):
            return 1.0  # '> 0 .' is the link '\frac{1}{x^2} > 0' exactly
        row = row[m.end():]
        return difflib.SequenceMatcher(None, row, rhs[: len(row)]).ratio()
    return difflib.SequenceMatcher(None, row, text[: len(row)]).ratio()


def run_audit(doc: Path, timeout: float | None = None) -> tuple[dict | None, str, float]:
    """(the JSON report or None, stderr, wall seconds)."""
    cmd = [*SYMGD, "audit", str(doc), "--format", "json", "--no-progress"]
    if timeout:
        cmd += ["--timeout", str(timeout)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    secs = time.perf_counter() - t0
    try:
        return json.loads(proc.stdout), proc.stderr.strip(), secs
    except json.JSONDecodeError:
        lines = (proc.stderr or proc.stdout).strip().splitlines()
        return None, lines[-1] if lines else f"exit {proc.returncode}", secs


def match(key_links: list[dict], links: list[dict], macros: dict | None = None) -> tuple[dict[int, list[dict]],
                                                                                   list[dict]]:
    """{index of a key row: the audit links matched to it}, and the audit links matched to no row (``macros``: the
    document's, so a key row written with them compares with the audit's expanded text)."""
    if macros:
        from symgd.app.audit.macros import expand_macros

        key_links = [{**row, "text": expand_macros(row["text"], macros)} for row in key_links]
    by_line: dict[int, list[int]] = collections.defaultdict(list)
    for i, row in enumerate(key_links):
        by_line[row["line"]].append(i)
    got: dict[int, list[dict]] = collections.defaultdict(list)
    extra: list[dict] = []
    on_line: dict[int, list[dict]] = collections.defaultdict(list)
    for link in links:
        on_line[link["line"]].append(link)
    for line, ls in on_line.items():
        rows = by_line.get(line, [])
        if not rows:
            extra.extend(ls)
            continue
        if len(rows) == 1 and sum(lk["kind"] == "claim" for lk in ls) <= 1:
            got[rows[0]].extend(ls)  # one relation keyed, one claim read: they are the same
            continue
        for link in ls:  # several relations on one line: the row whose text is most like the link's, if any is
            score = {i: _similarity(key_links[i]["text"], link["link"]) for i in rows}
            best = max(rows, key=score.__getitem__)
            (got[best] if score[best] >= 0.5 else extra).append(link)
    return got, extra


def _outcome(links: list[dict]) -> tuple[str, str]:
    """One key row's verdict from its matched links (a row is one relation; if the audit split it, the worst)."""
    if not links:
        return "not found", "no link reported on this line"
    claims = [lk for lk in links if lk["kind"] == "claim"]
    links = claims or links
    verdicts = [lk["verdict"] for lk in links]
    if "refuted" in verdicts:
        lk = next(lk for lk in links if lk["verdict"] == "refuted")
        return "refuted", lk.get("method") or ""
    if all(v == "proved" for v in verdicts):
        return "proved", links[0].get("method") or ""
    lk = next((lk for lk in links if lk["verdict"] != "proved"), links[0])
    if lk["verdict"] in ("definition", "assumption"):
        return lk["verdict"], f"read as {lk['verdict']}: {lk.get('method') or ''}"
    return lk["verdict"], lk.get("method") or ""


def _reason(verdict: str, method: str) -> str:
    """A short general reason (numbers and names cut) for grouping."""
    m = re.sub(r"`[^`]*`|'[^']*'|\"[^\"]*\"", "…", method)
    m = re.sub(r"\d+(\.\d+)?", "N", m)
    return f"{verdict}: {m[:110]}"


def in_process(doc: Path, timeout: float) -> dict:
    """The JSON report of an audit run in this process (the test's route: no interpreter start per document)."""
    from symgd.app.audit.run import audit

    a = audit(doc.read_text(encoding="utf-8"), doc.name, timeout=timeout)
    return {"links": [r.to_dict() for r in a.results], "seconds": a.seconds}


def measure(doc: Path, timeout: float | None = None, saved: Path | None = None, report: dict | None = None) -> dict:
    """Score one document; ``saved``: a directory of earlier JSON reports (NAME.json) scored instead of a run;
    ``report``: a report made already (:func:`in_process`)."""
    rows = json.loads(doc.with_name(doc.stem + ".key.json").read_text(encoding="utf-8"))["links"]
    err, secs = "", 0.0
    if report is not None:
        secs = report.get("seconds", 0.0)
    elif saved is not None and (saved / f"{doc.name}.json").exists():
        report = json.loads((saved / f"{doc.name}.json").read_text(encoding="utf-8"))
        secs = report.get("seconds", 0.0)
    else:
        report, err, secs = run_audit(doc, timeout)
        if saved is not None and report is not None:
            saved.mkdir(parents=True, exist_ok=True)
            (saved / f"{doc.name}.json").write_text(json.dumps(report), encoding="utf-8")
    out: dict = {"document": doc.name, "seconds": round(secs, 1), "error": None if report else err, "rows": []}
    macros = None
    if doc.suffix == ".tex":
        from symgd.app.audit.macros import read_macros

        macros = read_macros(doc.read_text(encoding="utf-8"))
    got, extra = match(rows, report["links"] if report else [], macros)
    for i, row in enumerate(rows):
        verdict, method = _outcome(got.get(i, [])) if report else ("not found", f"unreadable: {err}")
        out["rows"].append({**row, "verdict": verdict, "method": method,
                            "links": [lk["link"] for lk in got.get(i, [])]})
    out["unkeyed"] = [{"line": lk["line"], "link": lk["link"], "kind": lk["kind"], "verdict": lk["verdict"],
                       "method": lk.get("method")} for lk in extra if lk["kind"] == "claim"]
    slips = [r for r in out["rows"] if r["truth"] == "slip"]
    correct = [r for r in out["rows"] if r["truth"] == "correct"]
    out["counts"] = {
        "slips": len(slips), "slips_found": sum(r["verdict"] == "refuted" for r in slips),
        "slips_proved": sum(r["verdict"] == "proved" for r in slips),
        "correct": len(correct), "correct_proved": sum(r["verdict"] == "proved" for r in correct),
        "correct_refuted": sum(r["verdict"] == "refuted" for r in correct),
        "display_slips": sum(not r.get("inline") for r in slips),
        "display_slips_found": sum(r["verdict"] == "refuted" and not r.get("inline") for r in slips),
        "display_correct": sum(not r.get("inline") for r in correct),
        "display_correct_proved": sum(r["verdict"] == "proved" and not r.get("inline") for r in correct),
    }
    out["not_checked"] = collections.Counter(
        _reason(r["verdict"], r["method"]) for r in out["rows"]
        if r["truth"] in SCORED and r["verdict"] not in ("proved", "refuted"))
    return out


def main(argv: list[str]) -> int:
    argv = list(argv)
    doc_set = "fresh"
    if "--set" in argv and argv.index("--set") + 1 < len(argv):
        i = argv.index("--set")
        doc_set = argv[i + 1]
        del argv[i:i + 2]
    doc_set = next((a.split("=", 1)[1] for a in argv if a.startswith("--set=")), doc_set)
    folder = FRESH.parent / doc_set
    if not re.fullmatch(r"fresh\d*", doc_set) or not folder.is_dir():
        sets = ", ".join(sorted(p.name for p in FRESH.parent.glob("fresh*") if p.is_dir()))
        print(f"measure_fresh: no document set {doc_set!r} (use --set one of {sets})", file=sys.stderr)
        return 2
    as_json = "--json" in argv
    saved = next((Path(a.split("=", 1)[1]) for a in argv if a.startswith("--saved=")), None)
    names = [a for a in argv if not a.startswith("--")]
    docs = [d for d in documents(folder) if not names or d.stem in names or d.name in names]
    results = [measure(d, saved=saved) for d in docs]
    if as_json:
        print(json.dumps(results, indent=1, default=list, ensure_ascii=False))
        return 0
    tot = collections.Counter()
    unsound = []
    print("| document | slips found | correct proved | correct refuted | slips proved | not checked | seconds |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        c = r["counts"]
        tot.update(c)
        nc = c["slips"] + c["correct"] - c["slips_found"] - c["slips_proved"] - c["correct_proved"] - c[
            "correct_refuted"]
        print(f"| {r['document']} | {c['slips_found']}/{c['slips']} | {c['correct_proved']}/{c['correct']} | "
              f"{c['correct_refuted']} | {c['slips_proved']} | {nc} | {r['seconds']} |")
        unsound += [(r["document"], row) for row in r["rows"] if (row["truth"], row["verdict"]) in
                    (("correct", "refuted"), ("slip", "proved"))]
    print(f"| all | {tot['slips_found']}/{tot['slips']} | {tot['correct_proved']}/{tot['correct']} | "
          f"{tot['correct_refuted']} | {tot['slips_proved']} | | {sum(r['seconds'] for r in results):.1f} |")
    print(f"\ndisplayed relations only: slips found {tot['display_slips_found']}/{tot['display_slips']}, "
          f"correct proved {tot['display_correct_proved']}/{tot['display_correct']}")
    for doc, row in unsound:
        print(f"\nSOUNDNESS {doc}:{row['line']} {row['truth']} but {row['verdict']}: {row['text']}  [{row['method']}]")
    for r in results:
        print(f"\n## {r['document']}" + (f"  (unreadable: {r['error']})" if r["error"] else ""))
        for row in r["rows"]:
            if row["truth"] in SCORED:
                print(f"  {row['line']:>3} {row['truth']:<7} {row['verdict']:<11} {row['text'][:60]:<60} "
                      f"{row['method'][:90]}")
        for reason, n in r["not_checked"].most_common():
            print(f"  [{n}] {reason}")
        for u in r["unkeyed"]:
            print(f"  unkeyed {u['line']:>3} {u['verdict']:<11} {u['link'][:60]}  {str(u['method'])[:60]}")
    return 1 if unsound else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
