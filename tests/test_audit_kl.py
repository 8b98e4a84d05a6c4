r"""Audit capabilities behind document 003's displayed errata, on small documents decided by hand: expectations under
a parametric family (the swap of \nabla_\theta and \mathbb{E}_{p(x|\theta)} refuted by a family whose values a closed
form gives, the score's mean zero proved under regularity), remark columns of an aligned chain, a leading arrow as a
connective, and an undefined product x A x of a vector and a matrix (a shape erratum)."""

from __future__ import annotations

import math

import pytest
import sympy as sp

from symgd.app.audit import audit


def _claims(text: str) -> dict[str, object]:
    return {r.link: r for r in audit(text, "note.md", timeout=4.0).results if r.kind == "claim"}


def _one(results: dict, start: str):
    found = [r for link, r in results.items() if link.startswith(start)]
    assert len(found) == 1, (start, list(results))
    return found[0]


SCORE = r"""Let $p(x|\theta)$ be a family of densities with parameter $\theta$.

$$\begin{aligned} \nabla_\theta \mathbb{E}_{p(x|\theta)}[x^2] &= \mathbb{E}_{p(x|\theta)}[\nabla_\theta x^2] && \text{(Swap } \nabla \text{ and } \mathbb{E}) \\ &= 0 \end{aligned}$$

Correctly, with the score:

$$\nabla_\theta \mathbb{E}_{p(x|\theta)}[x^2] = \mathbb{E}_{p(x|\theta)}[x^2 \nabla_\theta \log p(x|\theta)]$$

and

$$\mathbb{E}_{p(x|\theta)}[\nabla_\theta \log p(x|\theta)] = 0$$

but not

$$\mathbb{E}_{p(x|\theta)}[\nabla_\theta \log p(x|\theta)] = 1$$

and the log-ratio's gradient does not see theta_t:

$$\mathbb{E}_{p(x|\theta)} \left[ \nabla_\theta \log \frac{p(x|\theta)}{p(x|\theta_t)} \right] = \mathbb{E}_{p(x|\theta)} [\nabla_\theta \log p(x|\theta)]$$
"""


def test_swapping_gradient_and_a_moving_measure_is_refuted_and_the_score_identities_proved():
    rs = _claims(SCORE)
    swap = _one(rs, r"\nabla_\theta \mathbb{E}_{p(x|\theta)}[x^2] = \mathbb{E}_{p(x|\theta)}[\nabla_\theta x^2]")
    assert swap.verdict == "refuted" and "N(θ, 1)" in swap.method
    # N(theta, 1): E[x^2] = theta^2 + 1, so the left side is 2 theta; the right side E[0] = 0
    theta = sp.Rational(swap.counterexample["\\theta"])
    assert (swap.counterexample["lhs"], swap.counterexample["rhs"]) == (str(2 * theta), "0") and theta != 0
    assert _one(rs, r"\mathbb{E}_{p(x|\theta)}[\nabla_\theta x^2] = 0").verdict == "proved"  # E[0] = 0
    score = _one(rs, r"\nabla_\theta \mathbb{E}_{p(x|\theta)}[x^2] = \mathbb{E}_{p(x|\theta)}[x^2 \nabla")
    assert score.verdict == "proved" and "regularity" in score.method
    mean_zero = [r for link, r in rs.items() if "\\log p(x|\\theta)] = " in link and "log \\frac" not in link]
    assert sorted(r.verdict for r in mean_zero) == ["proved", "refuted"]
    assert all(("under the usual regularity" in r.method) == (r.verdict == "proved") for r in mean_zero)
    ratio = _one(rs, r"\mathbb{E}_{p(x|\theta)} \left[ \nabla_\theta \log \frac")
    assert ratio.verdict == "proved" and "regularity" not in ratio.method  # the integrands agree: no swap used


def test_the_kl_swap_witnesses_match_the_closed_forms():
    from symgd.decide.score import FamilySide, bernoulli_value, decide_family

    x, th, tt = sp.symbols("x theta theta_t", real=True)
    p = sp.Function("p")
    log_ratio = sp.log(p(x, th) / p(x, tt))
    lhs = FamilySide(integrand=log_ratio, grad=th)  # \nabla_theta E[log p/p_t] = \nabla_theta KL
    rhs = FamilySide(integrand=sp.Derivative(log_ratio, th))
    verdict, _, cex = decide_family(lhs, rhs, p, x, th)
    assert verdict == "refuted" and cex["family"].startswith("Gaussian")
    a, b = sp.Rational(cex["theta"]), sp.Rational(cex["theta_t"])
    assert sp.Rational(cex["lhs"]) == a - b and cex["rhs"] == "0"  # KL(N(a,1) || N(b,1)) = (a - b)^2 / 2
    a, b = 1 / 3, 1 / 2  # the Bernoulli family, the other witness
    kl_slope = math.log(a / b) - math.log((1 - a) / (1 - b))  # d/da [a log(a/b) + (1-a) log((1-a)/(1-b))]
    point = {th: sp.Rational(1, 3), tt: sp.Rational(1, 2)}
    assert float(bernoulli_value(lhs, p, x, th).subs(point)) == pytest.approx(kl_slope, abs=1e-12)
    assert bernoulli_value(rhs, p, x, th).subs(point) == 0  # the mean of the score
    assert abs(kl_slope) > 0.1


REMARK = r"""Let $a, b > 0$.

$$\begin{aligned} (a + b)^2 &= a^2 + 2ab + b^2 && \text{(expand } (a+b)^2 \text{ and collect)} \\ &\ge a^2 + b^2 && \text{(since } ab > 0) \end{aligned}$$
"""


def test_a_remark_column_of_an_aligned_chain_is_dropped():
    rs = _claims(REMARK)
    assert [r.verdict for r in rs.values()] == ["proved", "proved"]
    assert not any("text" in link for link in rs)


VECTORS = r"""The proximal step minimizes

$$f(x_t) + \nabla f(x_t)^\top (x - x_t) + D(x, x_t)$$

- Mahalanobis metric $\rightarrow D(x, x_t) = \frac{1}{2} x{LINK}x$ (A is the matrix you pick)
"""


@pytest.mark.parametrize("product, wrong", [("A", True), ("^\\top A ", False)])
def test_a_vector_times_a_matrix_times_a_vector_is_a_shape_erratum(product, wrong):
    rs = _claims(VECTORS.replace("{LINK}", product))
    assert not any(link.startswith("\\rightarrow") for link in rs)  # the arrow is a connective, no link
    refuted = [r for r in rs.values() if r.verdict == "refuted"]
    assert bool(refuted) == wrong
    if wrong:
        assert "n x 1 (a vector) by an n x n (a matrix)" in refuted[0].method and "transposes it" in refuted[0].method


def test_a_scalar_times_a_matrix_is_no_shape_erratum():
    scalar = VECTORS.replace(r"\nabla f(x_t)^\top (x - x_t)", r"f'(x_t) (x - x_t)").replace("{LINK}", "A")
    assert not any(r.verdict == "refuted" for r in _claims(scalar).values())


TAYLOR = r"""For notational simplicity, let $D(\theta, \theta_t) = D_{KL}(p_\theta(x)|p_{\theta_t}(x))$. A second-order Taylor
approximation around $\theta_t$:

$$D(\theta, \theta_t) \approx D(\theta_t, \theta_t) + \left( \nabla_\theta D(\theta, \theta_t) \Big|_{\theta=\theta_t} \right)^\top (\theta - \theta_t) + {HALF}(\theta - \theta_t)^\top H_t (\theta - \theta_t)$$

where $H_t$ is the Hessian of $D(\theta, \theta_t)$ at $\theta_t$.
"""


@pytest.mark.parametrize("half, defined", [("", True), ("", False), (r"\frac{1}{2}", True), (r"\frac{1}{2}", False)])
def test_the_taylor_model_of_a_function_in_its_first_argument(half, defined):
    doc = TAYLOR.replace("{HALF}", half)
    if not defined:
        doc = doc.split("\n", 2)[2]
    (r,) = [r for r in audit(doc, "note.md", timeout=4.0).results if r.kind == "claim"]
    assert r.verdict == ("proved" if half else "refuted"), r.method
    assert "H_t as the Hessian of D(·, \\theta_t) at \\theta_t" in r.method
    if not half and defined:  # only a KL divergence refutes: N(theta, I) gives ||s||^2/2 against ||s||^2
        assert "N(θ, I)" in r.method and "family" in r.counterexample
    if not half and not defined:  # an arbitrary smooth D: the quadratic with the counterexample's derivatives
        assert any(k.startswith("\\nabla^{2} D") for k in r.counterexample)


@pytest.mark.parametrize("ratio, holds", [(r"\frac{p(x|\theta)}{p(x|\theta_t)}", True),
                                          (r"\frac{p(x|\theta_t)}{p(x|\theta)}", False)])
def test_a_kl_divergence_the_document_defines_is_written_out_as_an_expectation(ratio, holds):
    doc = (r"Let $D(\theta, \theta_t) = D_{KL}(p_\theta(x)|p_{\theta_t}(x))$." "\n\n"
           r"$$\nabla_\theta D(\theta, \theta_t) = \nabla_\theta \mathbb{E}_{p(x|\theta)} \left[ \log " + ratio
           + r" \right]$$" "\n")
    (r,) = [r for r in audit(doc, "note.md", timeout=4.0).results if r.kind == "claim"]
    assert r.verdict == ("proved" if holds else "refuted") and "written out by its definition" in r.method



def test_a_family_the_text_names_is_the_only_witness():
    doc = SCORE.replace("Let $p(x|\\theta)$ be a family", "Let $p(x|\\theta)$ be a Poisson family")
    rs = _claims(doc)
    swap = _one(rs, r"\nabla_\theta \mathbb{E}_{p(x|\theta)}[x^2] = \mathbb{E}_{p(x|\theta)}[\nabla_\theta x^2]")
    assert swap.verdict == "undecided" and "Poisson" in swap.method


def test_a_matrix_the_text_does_not_define_leaves_the_taylor_claim_undecided():
    doc = TAYLOR.replace("{HALF}", "").replace("is the Hessian of $D(\\theta, \\theta_t)$ at $\\theta_t$",
                                                 "is some matrix").split("\n", 2)[2]
    (r,) = [r for r in audit(doc, "note.md", timeout=4.0).results if r.kind == "claim"]
    assert r.verdict == "undecided" and "H_{t} is not defined by the text" in r.method


def test_other_spellings_of_the_measure_and_a_refusal():
    doc = (r"$$\nabla_\theta \mathbb{E}_{x \sim p_\theta}[x] = \mathbb{E}_{x \sim p_\theta}[x \nabla_\theta \log p_\theta(x)]$$"
           "\n\n"
           r"$$\mathbb{E}_{p(x|\theta)}[\log p(x|\theta)] = \mathbb{E}_{p(x|\theta_t)}[\log p(x|\theta)]$$" "\n")
    rs = _claims(doc)
    score = _one(rs, r"\nabla_\theta \mathbb{E}_{x \sim p_\theta}[x]")
    assert score.verdict == "proved" and "under the usual regularity" in score.method
    two = _one(rs, r"\mathbb{E}_{p(x|\theta)}[\log p(x|\theta)] = ")
    assert two.verdict == "not checked" and "two different measures" in two.method and "\n" not in two.method
