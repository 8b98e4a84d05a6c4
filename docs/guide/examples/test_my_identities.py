import sympy as sp

from symgd.testing import assert_claim, assert_identity

eta, lam = sp.symbols("eta lambda", positive=True)


def test_gd_factor_expands():
    assert_identity((1 - eta * lam) ** 2, 1 - 2 * eta * lam + eta**2 * lam**2)


def test_step_size_bound():
    assert_claim(r"\eta L \le 1", assume=[r"\eta \le 1/L", "L > 0", r"\eta > 0"])


def test_contraction_wrong():
    assert_claim(r"(1 - \eta \lambda)^2 \le 1", assume=[r"0 < \eta", r"0 < \lambda"])
