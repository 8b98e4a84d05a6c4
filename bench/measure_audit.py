"""`symgd audit` on the four seed documents against the coverage tables (docs/coverage_000_002.md,
docs/coverage_003.md), with no catalogue: only the document and, where the prose cannot say it, a short
declarations file tests/audit/seeds/declare_00N.yaml.

For each document: the coverage rows whose line holds a formula the audit checks (a claim link) or a notation
finding (a name in two roles, symgd/app/audit/meanings.py), split by the table's kind of the line: erratum lines
(found = some link on the line refuted OR a notation finding on the line: a naming slip is no false relation),
lines of proved steps (correct: the share of their links proved) -- and every proved link on an erratum line,
listed for review (a line may hold a correct link beside the wrong one).  A line the table splits into one row
per link of its chain (step and erratum rows, as many as the audit's links there) is scored row by row, in order.
Notation findings on lines the tables mark correct (step or numeric) are false alarms: counted apart, and listed.
Run: .venv/bin/python bench/measure_audit.py [--json | --speed]
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from symgd.app.audit import audit  # noqa: E402
from symgd.app.audit.declare import parse_declarations  # noqa: E402

SEEDS = Path("/work/shared/seeds") if Path("/work/shared/seeds").is_dir() else ROOT.parent / "shared" / "seeds"
TABLES = (ROOT / "docs" / "coverage_000_002.md", ROOT / "docs" / "coverage_003.md")
RANK = {"erratum": 3, "step": 2, "numeric": 1, "prose": 0}


ROWS: dict[str, dict[int, list[str]]] = {}  # {document: {line: the kinds of its rows, in the table's order}}


def coverage() -> dict[str, dict[int, str]]:
    """{document: {line: strongest kind}} from the coverage tables (and ROWS, every row's kind)."""
    out: dict[str, dict[int, str]] = {}
    doc = None
    for table in TABLES:
        for line in table.read_text(encoding="utf-8").splitlines():
            m = re.match(r"#+ (?:Coverage of )?[Dd]ocument (\d{3})$", line)
            if m:
                doc = m.group(1)
                out.setdefault(doc, {})
                continue
            m = re.match(r"\| (\d+) \| .* \| (erratum|step|numeric|prose) \| .*\|$", line)
            if m and doc:
                n, kind = int(m.group(1)), m.group(2)
                ROWS.setdefault(doc, {}).setdefault(n, []).append(kind)
                if RANK[kind] > RANK.get(out[doc].get(n, "prose"), 0) or n not in out[doc]:
                    out[doc][n] = kind
    return out


def measure(doc: str, kinds: dict[int, str], timeout: float = 4.0) -> dict:
    path = next(SEEDS.glob(f"{doc}_*.txt"))
    side = ROOT / "tests" / "audit" / "seeds" / f"declare_{doc}.yaml"
    decl = parse_declarations(side.read_text(encoding="utf-8"), side.name) if side.exists() else None
    t0 = time.monotonic()
    a = audit(path.read_text(encoding="utf-8"), path.name, declare=decl, timeout=timeout)
    seconds = time.monotonic() - t0
    claims = [r for r in a.results if r.kind == "claim"]
    by_line: dict[int, list] = {}
    for r in claims:
        by_line.setdefault(r.line, []).append(r)
    # A line whose table rows are one per link of its chain, in order, with erratum and step rows (a chain with one
    # wrong link among correct ones) is scored row by row; any other line by its strongest kind.
    paired = {n: ROWS[doc][n] for n, rs in by_line.items() if len(ROWS.get(doc, {}).get(n, [])) == len(rs) > 1
              and {"erratum", "step"} <= set(ROWS[doc][n]) and set(ROWS[doc][n]) <= {"erratum", "step"}}
    notation = {n.line: n for n in reversed(a.notation)}  # the first finding on each line
    errata = sorted(n for n in {*by_line, *notation} if kinds.get(n) == "erratum")
    wrong = {n: [r for r, k in zip(by_line[n], paired[n], strict=True) if k == "erratum"] if n in paired else
             by_line.get(n, []) for n in errata}
    found = [n for n in errata if any(r.verdict == "refuted" for r in wrong[n]) or n in notation]
    correct = [r for n, rs in by_line.items() if kinds.get(n) == "step" for r in rs] + [
        r for n in paired for r, k in zip(by_line[n], paired[n], strict=True) if k == "step"]
    wrong_proved = [r for n in errata for r in wrong[n] if r.verdict == "proved"]
    other = [r for n, rs in by_line.items() if kinds.get(n) not in ("step", "erratum") for r in rs]
    return {
        "document": doc, "declarations": side.name if side.exists() else "",
        "formulas": len(a.displays), "claim links": len(claims),
        "erratum lines": len(errata), "errata found": len(found),
        "errata missed": [n for n in errata if n not in found],
        "correct links": len(correct), "correct proved": sum(r.verdict == "proved" for r in correct),
        "correct refuted": [(r.line, r.link) for r in correct if r.verdict == "refuted"],
        "proved on erratum lines": [(r.line, r.link) for r in wrong_proved],
        "links on other lines": len(other), "refuted on other lines": [(r.line, r.link) for r in other
                                                                        if r.verdict == "refuted"],
        "notation found": [n for n in errata if n in notation],
        "notation on correct lines": [(n, c.message()) for n, c in sorted(notation.items())
                                      if kinds.get(n) in ("step", "numeric")],
        "notation elsewhere": [(n, c.message()) for n, c in sorted(notation.items())
                               if kinds.get(n) not in ("step", "numeric", "erratum")],
        "counts": a.counts(), "seconds": round(seconds, 1),
    }


def speed() -> None:
    """A 150-line note with at least 20 displays (two of tests/audit/notes joined) audited in a fresh process
    (imports included), three runs; the target is under 30 s on the 2-core machine."""
    import subprocess
    import tempfile

    notes = ROOT / "tests" / "audit" / "notes"
    text = "\n".join(((notes / "newton.md").read_text().splitlines() +
                      (notes / "proximal.md").read_text().splitlines())[:150]) + "\n"
    displays = text.count("$$") // 2
    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False) as fh:
        fh.write(text)
    times = []
    for _ in range(3):
        t0 = time.monotonic()
        subprocess.run([str(ROOT / ".venv" / "bin" / "symgd"), "audit", fh.name, "--format", "json"],
                       capture_output=True, check=False)
        times.append(time.monotonic() - t0)
    Path(fh.name).unlink()
    print(f"speed: 150-line note, {displays} displays: {min(times):.1f} / {sorted(times)[1]:.1f} / {max(times):.1f} s "
          f"(min / median / max of 3 cold runs); target < 30 s: {'ok' if sorted(times)[1] < 30 else 'MISSED'}")


def main() -> None:
    if "--speed" in sys.argv:
        speed()
        return
    cov = coverage()
    rows = [measure(doc, cov[doc]) for doc in sorted(cov)]
    if "--json" in sys.argv:
        print(json.dumps(rows, indent=1))
        return
    head = ("doc", "formulas", "claim links", "errata (display) found", "correct links proved", "correct refuted",
            "proved on erratum lines", "notation on correct lines", "s")
    print(" | ".join(head))
    print(" | ".join("---" for _ in head))
    for r in rows:
        share = f"{r['correct proved']}/{r['correct links']}" + (
            f" ({100 * r['correct proved'] / r['correct links']:.0f}%)" if r["correct links"] else "")
        print(" | ".join(map(str, (r["document"], r["formulas"], r["claim links"],
                                   f"{r['errata found']}/{r['erratum lines']}", share, len(r["correct refuted"]),
                                   len(r["proved on erratum lines"]), len(r["notation on correct lines"]),
                                   r["seconds"]))))
    print()
    for r in rows:
        print(f"{r['document']}: verdicts {r['counts']}")
        if r["errata missed"]:
            print(f"  erratum lines with a formula not refuted: {r['errata missed']}")
        for line, link in r["correct refuted"]:
            print(f"  refuted on a line of proved steps: {line}: {link[:100]}")
        for line, link in r["proved on erratum lines"]:
            print(f"  proved on an erratum line (review): {line}: {link[:100]}")
        for line, link in r["refuted on other lines"]:
            print(f"  refuted on a prose/numeric line: {line}: {link[:100]}")
        for line in r["notation found"]:
            print(f"  erratum found by a notation finding: {line}")
        for line, message in r["notation on correct lines"]:
            print(f"  notation finding on a correct line (false alarm?): {line}: {message}")
        for line, message in r["notation elsewhere"]:
            print(f"  notation finding on a prose line or a line the tables omit: {line}: {message}")


if __name__ == "__main__":
    main()
