"""A subscript that is a label (\\min, \\max) is not a family index (found by the phrased set's regression re-run,
issue 11): latex/families read an assumption about \\lambda_{\\min} for every "index" \\min and instantiated it at
\\lambda_{\\max}, so ``\\eta\\lambda_{\\min} < 2`` proved ``\\eta\\lambda_{\\max} < 2`` and the false step-size window
``0 < \\eta < 2/\\lambda_{\\min}`` proved ``(1 - \\eta\\lambda_{\\max})^2 < 1``.  Greek and Latin index letters still are."""

from __future__ import annotations

import pytest

from symgd import Status, check


@pytest.mark.parametrize(("lo", "hi"), [(r"\lambda_{\min}", r"\lambda_{\max}"), (r"\mu_{\min}", r"\mu_{\max}"),
                                        ("L_{\\min}", "L_{\\max}"), ("lambda_min", "lambda_max")])
def test_label_subscripts_are_not_indices(lo: str, hi: str) -> None:
    v = check(rf"\eta {hi} < 2", assume=[r"\eta > 0", rf"\eta {lo} < 2"], timeout=5)
    assert v.status is Status.REFUTED


def test_step_size_window_of_the_wrong_eigenvalue_refuted() -> None:
    v = check(r"(1 - \eta\lambda_{\max})^2 < 1", assume=[r"0 < \lambda_{\min} \le \lambda_{\max}",
                                                         r"0 < \eta < 2/\lambda_{\min}"], timeout=5)
    assert v.status is Status.REFUTED


def test_greek_index_still_a_family() -> None:
    v = check(r"\eta_3 \le 1", assume=[r"\eta_\tau \le 1"], timeout=5)
    assert v.status is Status.PROVED


@pytest.mark.parametrize(("a", "b"), [("L_f", "L_g"), (r"\mu_f", r"\mu_g"), ("p_X", "p_Y"), ("c_a", "c_b")])
def test_letter_labels_are_not_indices(a: str, b: str) -> None:
    """-a 'L_f \\le 1' says nothing about L_g (it was read for every 'index' f and proved L_g <= 1)."""
    assert check(rf"{b} \le 1", assume=rf"{a} \le 1", timeout=5).status is Status.REFUTED


@pytest.mark.parametrize(("a", "b"), [(r"\eta_t", r"\eta_3"), ("g_k", "g_2"), ("x_s", "x_0")])
def test_iteration_indices_still_families(a: str, b: str) -> None:
    assert check(rf"{b} \le 1", assume=rf"{a} \le 1", timeout=5).status is Status.PROVED


@pytest.mark.parametrize(("claim", "status"), [
    # a roman word in a superscript is a label: x^{opt} is a name, not x to the power opt (which refuted 1 <= 1 + x^opt
    # style claims at opt = -7 and misread every BB1/BB2 step size)
    (r"\alpha^{\mathrm{BB2}}_{k} \le \alpha^{\mathrm{BB2}}_{k} + 1", Status.PROVED),
    (r"x^{\text{best}} + 1 = 2 x^{\text{best}}", Status.REFUTED),  # false for most values of the name x^best
    (r"\alpha^{\mathrm{BB1}} = \alpha^{\mathrm{BB2}}", Status.REFUTED),  # two labels, two names
])
def test_a_roman_superscript_is_a_label(claim: str, status: Status) -> None:
    v = check(claim, timeout=5)
    assert v.status is status and "opt" not in str(v.counterexample)
    if status is Status.REFUTED:
        assert all("^" in str(k) for k in v.counterexample), v.counterexample  # the labelled names, not an exponent


def test_a_one_letter_roman_superscript_is_still_not_a_label() -> None:
    from symgd.core.errors import BadInput
    from symgd.latex.problem import parse_problem

    with pytest.raises(BadInput, match="transpose of a scalar is ambiguous"):
        parse_problem(r"x^{\mathrm{T}} = x")
