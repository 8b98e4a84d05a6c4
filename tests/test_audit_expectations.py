"""Chains of expectations of random vectors in the audit (symgd/app/audit/stochastic.py, moments.py): an aligned
block whose first row is only a left side, the expectation taken by linearity with the stated mean and moment bound,
an earlier inequality that holds for every outcome used in expectation; true/false twins, never refuted."""

from __future__ import annotations

import re

import pytest

from symgd.app.audit.classify import chains_of, clean
from symgd.app.audit.declare import parse_declarations
from symgd.app.audit.run import audit

SGD = r"""
The stochastic gradient \(\mathbf{g}_k = \nabla f(\mathbf{w}_k;\xi_k)\) is unbiased,
\(\mathbb{E}_{\xi_k}[\mathbf{g}_k] = \nabla F(\mathbf{w}_k)\), and its second moment is at most
$$\mathbb{E}_{\xi_k}\big[\|\mathbf{g}_k\|^2\big] \le M + \|\nabla F(\mathbf{w}_k)\|^2 .$$
The step is \(\mathbf{w}_{k+1} = \mathbf{w}_k - \alpha\,\mathbf{g}_k\) with $\alpha > 0$, $L > 0$ and $M \ge 0$.
Smoothness gives
$$F(\mathbf{w}_{k+1}) \le F(\mathbf{w}_k) + \nabla F(\mathbf{w}_k)^\top(\mathbf{w}_{k+1}-\mathbf{w}_k) + \frac{L}{2}\|\mathbf{w}_{k+1}-\mathbf{w}_k\|^2 .$$
Take the expectation:
$$
\begin{aligned}
\mathbb{E}_{\xi_k}[F(\mathbf{w}_{k+1})] - F(\mathbf{w}_k)
&\le -COEF \|\nabla F(\mathbf{w}_k)\|^2 + \frac{L\alpha^2}{2}\,\mathbb{E}_{\xi_k}\big[\|\mathbf{g}_k\|^2\big] \\
&\le -COEF \|\nabla F(\mathbf{w}_k)\|^2 + \frac{L\alpha^2}{2}\big(M + FACTOR\|\nabla F(\mathbf{w}_k)\|^2\big)
\end{aligned}
$$
"""


def _by_line(text: str, **kw) -> dict[int, tuple[str, str, str]]:
    return {r.line: (r.kind, r.verdict, r.method) for r in audit(text, "note.md", timeout=2, **kw).results}


def test_an_aligned_row_with_only_a_left_side_starts_the_chain():
    block = "\\begin{aligned}\n(a+b)^2 - a^2\n&= 2ab + b^2 \\\\\n&\\le 2ab + b^2 + 1\n\\end{aligned}"
    assert [c.count("\n") for c in chains_of(clean(block))] == [0]
    got = audit(f"Expand:\n$$\n{block}\n$$\n", "n.md", timeout=2).results
    assert [(r.link.split()[0], r.verdict) for r in got] == [("(a+b)^2", "proved"), ("2ab", "proved")]


def test_sgd_step_in_expectation_is_proved_from_the_descent_lemma_the_mean_and_the_moment_bound():
    rows = _by_line(SGD.replace("COEF", r"\alpha").replace("FACTOR", ""))
    assert rows[3][:2] == rows[4][:2] == ("assumption", "assumption")  # stated: facts, not claims
    assert rows[12][1] == "proved" and "line 7" in rows[12][2] and "expectation taken" in rows[12][2]
    assert rows[13][1] == "proved"


def test_false_twins_are_not_proved_and_never_refuted():
    rows = _by_line(SGD.replace("COEF", r"2\alpha").replace("FACTOR", r"\frac{1}{2}"))
    assert rows[12][1] == "undecided" and "never refuted" in rows[12][2]  # -2 alpha: stronger than the lemma gives
    assert rows[13][1] == "undecided"  # the moment bound has factor 1, not 1/2


@pytest.mark.slow
def test_without_the_stated_mean_the_cross_term_stays_unknown():
    text = SGD.replace("COEF", r"\alpha").replace("FACTOR", "").replace(
        r"\(\mathbb{E}_{\xi_k}[\mathbf{g}_k] = \nabla F(\mathbf{w}_k)\)", "with some mean")
    assert r"\mathbb{E}_{\xi_k}[\mathbf{g}_k]" not in text and _by_line(text)[12][1] == "undecided"


DECLARED = r"""---
random: [\mathbf{g}, \mathbf{h}]
---
Assume the gradients are unbiased, $\mathbb{E}[\mathbf{g}] = \mathbf{d}$ and $\mathbb{E}[\mathbf{h}] = \mathbf{d}$.
Then
$$E\left[\mathbf{g}^\top \mathbf{d}\right] = \|\mathbf{d}\|^2$$
Then
$$\mathbb{E}[\mathbf{g}^\top \mathbf{h}] = \|\mathbf{d}\|^2$$
Then
$$\mathbb{E}\|\mathbf{g}\|^2 \ge \|\mathbf{d}\|^2$$
Then
$$\mathbb{E}\|\mathbf{g}\|^2 \le \|\mathbf{d}\|^2$$
Then
$$\mathbb{E}[3\,\mathbf{d}^\top\mathbf{d} + 1] = 3\|\mathbf{d}\|^2 + 1$$
Then
$$\mathbb{E}_{\xi}[\|\mathbf{v}\|^2] = \|\mathbf{v}\|^2$$
Then
$$\sum_{k=1}^{2} \mathbb{E}[k\,\|\mathbf{g}\|^2] = 3\,\mathbb{E}[\|\mathbf{g}\|^2]$$
"""


@pytest.fixture(scope="module")
def declared() -> dict[int, tuple[str, str, str]]:
    return _by_line(DECLARED)


def test_declared_random_names_linearity_and_no_product_rule(declared):
    assert declared[4][:2] == ("assumption", "assumption")
    assert declared[6][1] == "proved"  # E[g^T d] = E[g]^T d, d fixed (E[..] written plain, \left[ \right])
    assert declared[8][1] == "undecided"  # E[g^T h] is not E[g]^T E[h]: no independence stated
    assert declared[14][1] == "proved"  # E of a fixed quantity is itself


def test_jensen_is_a_fact_and_its_reverse_is_not_proved(declared):
    assert declared[10][1] == "proved" and "Jensen" in declared[10][2]
    assert declared[12][1] == "undecided"


def test_random_is_a_declarations_key():
    assert parse_declarations("random: [xi_k, g_k]") == {"random": ["xi_k", "g_k"]}


def test_what_is_not_read_is_refused_not_guessed(declared):
    assert declared[16][1] == "not checked" and "names no random variable" in declared[16][2]  # v is not random
    assert declared[18][1] == "not checked" and "sum" in declared[18][2]  # E under a sum's index: not a constant


QUAD = r"""
**Assumptions.** $F$ has an $L$-Lipschitz gradient and is $\mu$-strongly convex with $0 < \mu \le L$; its
minimizer is $\mathbf{w}_*$ and $F_* = F(\mathbf{w}_*)$. The gradient \(\mathbf{g}_k = \nabla f(\mathbf{w}_k;\xi_k)\)
is unbiased, \(\mathbb{E}_{\xi_k}[\mathbf{g}_k] = \nabla F(\mathbf{w}_k)\), and $\alpha > 0$.
Hence
$$
\begin{aligned}
\mathbb{E}_{\xi_k}[\nabla F(\mathbf{w}_k)^\top \mathbf{g}_k] - \alpha\|\nabla F(\mathbf{w}_k)\|^2
&= (1 - \alpha)\|\nabla F(\mathbf{w}_k)\|^2 \\
&SLIP
\end{aligned}
$$
and
$$
\begin{aligned}
\mathbb{E}_{\xi_k}[\nabla F(\mathbf{w}_k)^\top \mathbf{g}_k]
&= \|\nabla F(\mathbf{w}_k)\|^2 \\
&\ge FACTOR\mu\big(F(\mathbf{w}_k) - F_*\big)
\end{aligned}
$$
"""


def _quad(slip: str, factor: str, extra: str = "") -> list[tuple[str, str, str]]:
    text = QUAD.replace("SLIP", slip).replace("FACTOR", factor).replace("is unbiased", extra + "is unbiased")
    return [(r.link, r.verdict, r.method) for r in audit(text, "note.md", timeout=2).results if r.kind == "claim"]


def test_slips_in_the_values_of_a_function_are_refuted_by_a_quadratic():
    rows = _quad(r"= (1 + \alpha)\|\nabla F(\mathbf{w}_k)\|^2", "4")
    assert [v for _, v, _ in rows] == ["proved", "refuted", "proved", "refuted"]  # the mean used; two slips
    assert re.search(r"quadratic|F\(z\) = L/2 \|z\|\^2", rows[1][2]) and "minimizer" in rows[3][2]  # (1 + alpha):
    # sides differ by 2 alpha G (F is read as stated smooth, strongly convex: its witness L/2 |z|^2 may refute); 4 mu


def test_their_true_twins_are_not_refuted():
    rows = _quad(r"\le \|\nabla F(\mathbf{w}_k)\|^2", "2")
    assert [v for _, v, _ in rows][:3] == ["proved"] * 3 and rows[3][1] != "refuted"  # 2 mu (F - F_*) <= |grad F|^2


@pytest.mark.slow
def test_no_quadratic_where_the_text_says_more_of_the_function():
    rows = _quad(r"= (1 + \alpha)\|\nabla F(\mathbf{w}_k)\|^2", "4", extra="has bounded gradients and ")
    assert len(rows) == 4 and "refuted" not in [v for _, v, _ in rows]


CONDITIONAL = r"""
The stochastic gradient $\mathbf{g}_k$ is unbiased, $\mathbb{E}[\mathbf{g}_k \mid \mathbf{w}_k] = \nabla F(\mathbf{w}_k)$.
Hence
$$\mathbb{E}\big[\nabla F(\mathbf{w}_k)^\top \mathbf{g}_k \,\big|\, \mathbf{w}_k\big] = \|\nabla F(\mathbf{w}_k)\|^2$$
but not
$$\mathbb{E}\big[\nabla F(\mathbf{w}_k)^\top \mathbf{g}_k \,\big|\, \mathbf{w}_k\big] = 2\|\nabla F(\mathbf{w}_k)\|^2$$
"""


def test_a_conditional_expectation_fixes_the_names_of_its_condition():
    rows = _by_line(CONDITIONAL)  # g_k random: the prose calls it a stochastic gradient
    assert rows[2][:2] == ("assumption", "assumption") and rows[4][1] == "proved" and rows[6][1] == "undecided"


ALIAS = r"""
Here $\mathbb{E}_k[\cdot]$ denotes the expectation conditioned on $\mathbf{w}_k$. The stochastic gradient $\mathbf{g}_k$
is unbiased, $\mathbb{E}_k[\mathbf{g}_k] = \nabla F(\mathbf{w}_k)$.
Hence
$$\mathbb{E}_k\big[\nabla F(\mathbf{w}_k)^\top \mathbf{g}_k\big] = \|\nabla F(\mathbf{w}_k)\|^2$$
but not
$$\mathbb{E}_k\big[\nabla F(\mathbf{w}_k)^\top \mathbf{g}_k\big] = 2\|\nabla F(\mathbf{w}_k)\|^2$$
"""


@pytest.mark.slow
def test_a_subscript_the_text_explains_means_what_it_says():
    rows = _by_line(ALIAS)
    assert rows[5][1] == "proved" and rows[7][1] == "undecided"
    unexplained = _by_line(ALIAS.replace("denotes the expectation conditioned on", "is used with"))
    assert unexplained[5][1] == "undecided"  # E_k alone: k, hence w_k, may be random
