"""`symgd audit`: extraction, macros, declarations, classification, the context carried through a
document, the reports and the command's exit codes (the notes with planted slips are in test_audit_notes.py)."""

from __future__ import annotations

import json
import re

import pytest

from symgd.app.audit import audit
from symgd.app.audit.classify import chains_of, classify, clean
from symgd.app.audit.declare import parse_declarations
from symgd.app.audit.extract import extract, headings
from symgd.app.audit.html import to_html
from symgd.app.audit.macros import expand_macros, read_macros
from symgd.app.audit.report import to_markdown
from symgd.app.cli import main
from symgd.core.errors import BadInput

# ---------------------------------------------------------------- extraction


def test_every_kind_of_math_with_its_line() -> None:
    text = ("Intro with $a = 1$ inline.\n\n$$x = y$$\n\nand \\(b > 0\\) then\n\\[\nz = w\n\\]\n"
            "```\n$$not = math$$\n```\n\\begin{align}\nu &= v \\\\\n&= w\n\\end{align}\n")
    found = [(d.line, d.latex, d.display) for d in extract(text, "x.md")]
    assert found[0] == (1, "a = 1", False)
    assert (3, "x = y", True) in found
    assert (5, "b > 0", False) in found
    assert (6, "z = w", True) in found
    assert not any("not" in latex for _, latex, _ in found)  # code blocks are skipped
    align = [f for f in found if "u &= v" in f[1]]
    assert align and align[0][0] == 12 and align[0][2]


def test_newcommand_expanded_and_bounded() -> None:
    src = r"\newcommand{\norm}[1]{\left\|#1\right\|}" + "\n" + r"\newcommand\R{\mathbb{R}}"
    macros = read_macros(src)
    assert set(macros) == {"norm", "R"}
    assert expand_macros(r"\norm{x}^2 \in \R", macros) == r"{\left\|x\right\|}^2 \in \mathbb{R}"  # one symbol: bare
    with pytest.raises(BadInput, match="recursive"):
        expand_macros(r"\loop", {"loop": (0, r"\loop\loop")})
    doc = src + "\n\\begin{document}\n\\begin{equation}\\norm{x}^2 = x^T x\\end{equation}\n\\end{document}\n"
    (d,) = extract(doc, "a.tex")
    assert d.latex == r"{\left\|x\right\|}^2 = x^T x" and d.line == 4


def test_headings_markdown_and_plain_text() -> None:
    assert headings("# A\ntext\n## B\n") == [1, 3]
    plain = "Title here\n\nSome sentence that ends.\n\nA short heading\n\nIts derivative is\n\nmore.\n"
    assert headings(plain) == [1, 5]  # "Its derivative is" ends open: not a heading


def test_declarations_yaml_subset_json_toml() -> None:
    text = "# comment\nassume:\n  - \\eta > 0\n  - '0 < \\beta < 1'\nvectors: [x, g]\npositive_definite: H\n"
    assert parse_declarations(text) == {"assume": ["\\eta > 0", "0 < \\beta < 1"], "vectors": ["x", "g"],
                                        "positive_definite": ["H"]}
    assert parse_declarations('{"matrices": "A"}', "d.json") == {"matrices": ["A"]}
    assert parse_declarations('functions = ["g"]', "d.toml") == {"functions": ["g"]}
    with pytest.raises(BadInput, match="unknown key 'asume'"):
        parse_declarations("asume: x > 0")
    with pytest.raises(BadInput, match="line 1"):
        parse_declarations("  - x")


# ---------------------------------------------------------------- classification


@pytest.mark.parametrize(("chain", "prose", "kind"), [
    (r"g := \nabla f(x_0)", "", "definition"),
    (r"\kappa = \frac{L}{\mu}", "", "definition"),
    (r"x \in \mathbb{R}^n", "", "assumption"),
    (r"0 < \beta < 1", "", "assumption"),
    (r"\eta \le 1/L", "", "assumption"),
    (r"(1-a)^2 = 1 - 2a + a^2", "", "claim"),
    (r"f(x) = f(x_0) + (x - x_0) f'(x_0)", "", "claim"),  # f on both sides: a claim about f
    (r"\frac{d\theta}{dt} = -\nabla L(\theta)", "the flow defined by", "definition"),
    (r"x + y", "", "expression"),
])
def test_classification(chain, prose, kind) -> None:
    assert classify(chain, prose, {}).kind == kind


def test_same_definition_again_is_a_claim_and_a_new_one_after_let_is_a_redefinition() -> None:
    defined = {r"\kappa": r"\kappa = \frac{L}{\mu}"}
    assert classify(r"\kappa = \frac{L}{\mu}", "", defined).kind == "claim"
    assert classify(r"\kappa = 2", "", defined).kind == "definition"  # a value
    assert classify(r"\kappa = \frac{L}{m}", "Let us now define", defined).kind == "definition"


def test_clean_and_chains() -> None:
    assert clean(r"x = 1, \quad (6.1)") == "x = 1"
    assert chains_of(r"\frac{dy}{dt} = -y, \qquad y(0) = 1") == [r"\frac{dy}{dt} = -y", "y(0) = 1"]
    assert chains_of(r"a = b \implies c = d") == ["a = b", "c = d"]


# ---------------------------------------------------------------- the context carried


def test_definitions_and_assumptions_reach_later_claims() -> None:
    text = r"""
Let $\lambda > 0$. The loss is
$$L(\theta) = \frac{\lambda}{2}\theta^2.$$
Its gradient is $\nabla L(\theta) = \lambda\theta$, and with $g := \nabla L(\theta_0)$ one step gives
$$\theta_1 = \theta_0 - \eta g = (1 - \eta\lambda)\theta_0.$$
A slip:
$$\theta_0 - \eta g = (1 + \eta\lambda)\theta_0.$$
"""
    a = audit(text, "n.md")
    claims = [(r.line, r.verdict) for r in a.results if r.kind == "claim"]
    assert claims == [(4, "proved"), (5, "proved"), (7, "refuted")]
    refuted = next(r for r in a.results if r.verdict == "refuted")
    assert set(refuted.counterexample) >= {r"\eta", r"\lambda", r"\theta_{0}"}
    assert a.exit_code() == 1


def test_a_claim_about_an_implicitly_defined_function_is_not_refuted() -> None:
    text = r"""
The flow is defined by
$$\frac{dy}{dt} = -a y.$$
Its solution is
$$y(t) = e^{-a t} y_0.$$
"""
    (r,) = [r for r in audit(text, "n.md").results if r.kind == "claim"]
    assert r.verdict == "undecided" and "arbitrary" in r.method


def test_a_function_body_does_not_leave_its_section() -> None:
    text = "# Example\n\n$$f(x) = x^2$$\n\n$$\\nabla f(x) = 2x$$\n\n# General case\n\n$$\\nabla f(x) = 2x$$\n"
    verdicts = [r.verdict for r in audit(text, "n.md").results if r.kind == "claim"]
    assert verdicts == ["proved", "undecided"]


def test_claim_that_needs_an_assumption_stated_later() -> None:
    text = "$$\\sqrt{a^2} = a$$\n\nHere we assume $a > 0$.\n"
    (r,) = [r for r in audit(text, "n.md").results if r.kind == "claim"]
    assert r.verdict == "refuted" and "holds only if a > 0" in r.note


def test_front_matter_and_declare_file(tmp_path) -> None:
    text = "---\nvectors: [x, y]\n---\n\n$$x^T y = y^T x$$\n"
    (r,) = [r for r in audit(text, "n.md").results if r.kind == "claim"]
    assert r.verdict == "proved", r.method
    with pytest.raises(BadInput, match="declared"):
        audit("$$x = 1$$", "n.md", declare={"assume": ["x >"]})


def test_one_failure_does_not_stop_the_audit() -> None:
    text = "$$\\foo{x} = 1$$\n\n$$(a+b)^2 = a^2 + 2ab + b^2$$\n"
    results = [r for r in audit(text, "n.md").results if r.kind == "claim"]
    assert [r.verdict for r in results] == ["not checked", "proved"]
    assert "not read" in results[0].method


# ---------------------------------------------------------------- reports and the command


SMALL = "Let $a > 0$.\n\n$$(a+1)^2 = a^2 + 2a + 1$$\n\n$$(a+1)^2 = a^2 + 1$$\n"


def test_markdown_and_html_reports() -> None:
    a = audit(SMALL, "small.md")
    md = to_markdown(a)
    assert md.index("refuted") < md.index("| 3 | ✅ proved")  # problems first
    page = to_html(a)
    assert not re.search(r"\bsrc\s*=|<link\b|@import|url\(|https?://", page)  # self-contained, offline
    assert page.count('class="mark ') == 3 and "a^2 + 1" in page


def test_cli_formats_and_exit_codes(tmp_path, capsys) -> None:
    doc = tmp_path / "d.md"
    doc.write_text(SMALL)
    with pytest.raises(SystemExit) as exc:
        main(["audit", str(doc), "--format", "json"])
    assert exc.value.code == 1
    data = json.loads(capsys.readouterr().out)
    assert [(r["line"], r["verdict"]) for r in data["links"] if r["kind"] == "claim"] == [(3, "proved"), (5, "refuted")]
    good = tmp_path / "g.md"
    good.write_text("$$(a+1)^2 = a^2 + 2a + 1$$\n")
    with pytest.raises(SystemExit) as exc:
        main(["audit", str(good)])
    assert exc.value.code == 0
    with pytest.raises(SystemExit) as exc:
        main(["audit", str(good), "--format", "html", "--out", str(tmp_path / "r.html")])
    assert exc.value.code == 0 and (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")
    open_ = tmp_path / "u.md"
    open_.write_text("$$\\sin(x)^2 \\le 1 + x^{100}$$\n")
    for args, code in ((["audit", str(tmp_path / "missing.md")], 2), (["audit", str(good), "--format", "pdf"], 2)):
        with pytest.raises(SystemExit) as exc:
            main(args)
        assert exc.value.code == code
    assert "error:" in capsys.readouterr().err
    binary = tmp_path / "b.md"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(SystemExit) as exc:
        main(["audit", str(binary)])
    assert exc.value.code == 2


def test_latex_source_each_link_on_its_line() -> None:
    src = ("\\documentclass{article}\n\\newcommand{\\sq}[1]{\\left(#1\\right)^2}\n\\begin{document}\n"
           "Let $\\eta > 0$ and $\\lambda > 0$.\n\\begin{align*}\n"
           "\\sq{1 - \\eta\\lambda} &= 1 - 2\\eta\\lambda + \\eta^2\\lambda^2 \\\\\n"
           "  &\\le 1 + \\eta^2\\lambda^2\n\\end{align*}\n"
           "\\begin{equation}\n\\sq{a+b} = a^2 + b^2 \\label{eq:bad}\n\\end{equation}\n\\end{document}\n")
    claims = [(r.line, r.verdict) for r in audit(src, "t.tex").results if r.kind == "claim"]
    assert claims == [(6, "proved"), (7, "proved"), (10, "refuted")]
