"""An audit as a terminal table (rich), JSON, or Markdown for a pull-request comment."""

from __future__ import annotations

import json

from symgd.app.audit.run import Audit, LinkResult

__all__ = ["STYLE", "how", "to_json", "to_markdown", "to_table"]

STYLE = {"proved": "green", "refuted": "red", "undecided": "yellow", "not checked": "magenta",
         "definition": "cyan", "assumption": "cyan", "notation": "red"}
MARK = {"proved": "✅", "refuted": "❌", "undecided": "❔", "not checked": "➖", "definition": "📘", "assumption": "📘",
        "notation": "⚠️"}


def how(r: LinkResult) -> str:
    """The method, with the counterexample and the note when there are."""
    text = r.method
    if r.counterexample:
        text += " at " + ", ".join(f"{k} = {v}" for k, v in r.counterexample.items())
    if r.detail and r.verdict == "refuted":
        text += f" ({r.detail})"
    if r.note:
        text += f"; {r.note}"
    return text


def _summary(a: Audit) -> str:
    c = a.counts()
    return (f"{a.name}: {len(a.displays)} formulas, {sum(c[k] for k in ('proved', 'refuted', 'undecided', 'not checked'))}"
            f" links checked: {c['proved']} proved, {c['refuted']} refuted, {c['undecided']} undecided, "
            f"{c['not checked']} not checked; {c['definition']} definitions, {c['assumption']} assumptions"
            + (f"; {len(a.notation)} notation (a name in two roles)" if a.notation else "") + f" ({a.seconds:.1f} s)")


def to_table(a: Audit, console, *, all_rows: bool = True) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table("line", "link", "kind", "verdict", "method / counterexample", title=escape(a.name))
    for r in a.results:
        if not all_rows and r.verdict in ("definition", "assumption"):
            continue
        link = r.link if len(r.link) <= 70 else r.link[:69] + "…"
        text = how(r)
        text = text if len(text) <= 140 else text[:139] + "…"
        table.add_row(str(r.line), escape(link), r.kind, f"[{STYLE[r.verdict]}]{r.verdict}[/]", escape(text))
    for n in a.notation:  # a name in two roles: a finding of its own kind (meanings.py)
        table.add_row(str(n.line), escape(n.name), "notation", f"[{STYLE['notation']}]notation[/]", escape(n.message()))
    console.print(table)
    if a.properties:
        console.print(escape("properties stated in words, used as hypotheses: " + "; ".join(a.properties)))
    if a.facts:
        console.print(escape("stated in prose, not used by the checks: " + ", ".join(a.facts)))
    console.print(escape(_summary(a)))


def to_json(a: Audit) -> str:
    return json.dumps(a.to_dict(), indent=1, ensure_ascii=False)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(a: Audit) -> str:
    """A Markdown report: the summary, then refuted, undecided and not-checked links first, proved last."""
    lines = [f"### symgd audit: `{a.name}`", "", _summary(a), ""]
    order = ("refuted", "undecided", "not checked", "proved")
    rows = [r for v in order for r in a.results if r.verdict == v]
    if rows:
        lines += ["| line | verdict | link | method / counterexample |", "|---:|---|---|---|"]
        for r in rows:
            lines.append(f"| {r.line} | {MARK[r.verdict]} {r.verdict} | `{_cell(r.link)}` | {_cell(how(r))} |")
    if a.notation:
        lines += ["", "Notation (one name, two meanings):", "", "| line | finding | name | two roles |", "|---:|---|---|---|"]
        lines += [f"| {n.line} | {MARK['notation']} notation | `{_cell(n.name)}` | {_cell(n.message())} |"
                  for n in a.notation]
    if a.facts:
        lines += ["", "Stated in prose, not used by the checks: " + ", ".join(a.facts) + "."]
    return "\n".join(lines) + "\n"
