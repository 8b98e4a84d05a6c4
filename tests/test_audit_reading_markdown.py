"""Reading Markdown as blogs write it: a site's front matter beside symgd's declarations, ``\\begin{aligned}``
inside ``$$`` on lines of their own."""

from __future__ import annotations

import pytest

from symgd.app.audit.extract import extract, front_matter, lines_of, shared_bounds
from symgd.app.audit.run import audit
from symgd.core.errors import BadInput

POST = """---
title: "A post"
date: 2024-03-02
tags: [optimization, sgd]
vectors: [x, y]
author:
  name: Someone
---

# A post

$$x^T y = y^T x$$

$$
\\begin{aligned}
(a+1)^2
&= a^2 + 2a + 1 \\\\
&= a^2 + 1
\\end{aligned}
$$
"""


def test_site_keys_of_the_front_matter_are_not_symgds() -> None:
    fm, text = front_matter(POST)
    assert fm == "vectors: [x, y]"
    assert text.count("\n") == POST.count("\n") and "title" not in text
    assert front_matter("---\ntitle: t\nlayout: post\n---\n$$a=a$$\n")[0] == ""


def test_a_near_miss_of_a_declaration_key_is_still_refused() -> None:
    with pytest.raises(BadInput, match="unknown key 'vector'"):
        audit("---\ntitle: t\nvector: [x]\n---\n\n$$a = a$$\n", "p.md")


def test_a_blog_post_with_front_matter_is_audited() -> None:
    results = [(r.line, r.verdict) for r in audit(POST, "p.md", timeout=2.0).results if r.kind == "claim"]
    assert (12, "proved") in results  # x and y declared vectors in the front matter
    assert (17, "proved") in results and [v for ln, v in results if ln == 18] in (["refuted"], ["undecided"])
    # each link on its own row (the false one refuted, or undecided when a loaded machine runs out of time)


def test_aligned_inside_dollars_keeps_lines() -> None:
    (_, block) = [d for d in extract(POST, "p.md") if d.display]
    assert (block.line, block.offset) == (14, 1)
    assert lines_of(block, ["(a+1)^2 = a^2 + 2a + 1", "a^2 + 2a + 1 = a^2 + 1"]) == [17, 18]


def test_rows_that_begin_alike_are_told_apart() -> None:
    doc = "$$\n\\begin{aligned}\nF(w) - F(v)\n&\\le -a b^2 + c e \\\\\n&\\le -a b^2 + c (M + b^2)\n\\end{aligned}\n$$\n"
    (d,) = extract(doc, "p.md")
    assert lines_of(d, ["F(w) - F(v) \\le -a b^2 + c e", "-a b^2 + c e \\le -a b^2 + c (M + b^2)"]) == [4, 5]


def test_the_variable_of_a_quantifier_annotation_is_not_a_formula_row() -> None:
    doc = "$$2\\mu(F(w) - F_*) \\le \\|\\nabla F(w)\\|^2 \\qquad \\text{for all } \\mathbf{w}.$$\n"
    display, quantified = extract(doc, "p.md")
    assert display.display and r"\mathbf{w}" not in display.latex and r"\text{for all }" in display.latex
    assert (quantified.latex, quantified.display) == (r"\mathbf{w}", False)
    kinds = [r.kind for r in audit(doc, "p.md", timeout=2.0).results]
    assert "expression" not in kinds  # no "no relation to check" row for the w of "for all w"


@pytest.mark.parametrize(("written", "read"), [
    (r"0 < \beta_1, \beta_2 < 1", r"0 < \beta_1 < 1 \quad 0 < \beta_2 < 1"),
    (r"c, d > 0", r"c > 0 \quad d > 0"),
    (r"\alpha, \beta \ge 0.", r"\alpha \ge 0 \quad \beta \ge 0"),
    (r"a < b, c < d", r"a < b, c < d"),  # two facts: the first bound is a name
    (r"0 < a, b > 1", r"0 < a, b > 1"),  # bounds pointing both ways: left alone
    (r"f(x, y) > 0", r"f(x, y) > 0"),
    (r"x_1, \dots, x_n \ge 0", r"x_1 \ge 0 \quad x_n \ge 0"),  # the members written out; the dots are no name
])
def test_a_bound_shared_by_a_list_of_names(written: str, read: str) -> None:
    assert shared_bounds(written) == read


def test_shared_bounds_are_assumptions_of_every_name() -> None:
    doc = "Let $0 < a, b < 1$ and $c, d > 0$.\n\n$$a b < 1$$\n\n$$c + d > 0$$\n"
    verdicts = [(r.line, r.verdict) for r in audit(doc, "p.md", timeout=2.0).results if r.kind == "claim"]
    assert verdicts == [(3, "proved"), (5, "proved")]  # both were refuted when cut at the comma (a = 11/3, c = -7)
