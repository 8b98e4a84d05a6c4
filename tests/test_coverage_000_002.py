"""Coverage of documents 000, 001 and 002 kept honest: every non-blank line of each document is in the coverage
table (tests/coverage_000_002.py, rendered to docs/coverage_000_002.md), each quote occurs on its line, every
reference resolves to a real step, numeric check or erratum; every erratum of these seeds and every Source quote of
their modules quotes text that occurs in the document (the checks of ``coverage_common.CoverageChecks``); the
steps added by the audit are not vacuous."""

from __future__ import annotations

import sympy as sp
from coverage_000_002 import AUDIT, normalize
from coverage_common import CoverageChecks
from derivation_tools import mutated_verdict, step

from symgd import Claim, Rel, decide

occurs = AUDIT.occurs


def test_normalize_is_strict_enough() -> None:
    doc = "- Optimal for quadratic: η = 2/(λₘᵢₙ + λₘₐₓ)\nStep 1: (4.0, 3.0), Loss = 106.0"
    assert occurs("Optimal for quadratic: eta = 2/(lambda_min + lambda_max)", doc) is None
    assert occurs("Optimal for quadratic: eta = 1/(lambda_min + lambda_max)", doc) is not None  # a changed digit
    assert occurs("eta = 2/(lambda_min + lambda_max) ... Step 1: (4.0, 3.0)", doc) is None
    assert occurs("Step 1: (4.0, 3.0) ... eta = 2/(lambda_min + lambda_max)", doc) is not None  # order matters
    assert occurs("Loss = 106.0", doc) is None and occurs("Loss = 107.0", doc) is not None
    latex = r"\[\mathcal{L}_\eta(\theta) = \mathcal{L}(\theta) + \frac{\eta}{4}\|\nabla \mathcal{L}(\theta)\|^2\]"
    assert occurs("L_eta(theta) = L(theta) + (eta/4) ||grad L(theta)||^2", latex) is None
    assert occurs("L_eta(theta) = L(theta) + (eta/2) ||grad L(theta)||^2", latex) is not None
    assert occurs("L <= 1", "L ≤ 1") is None and occurs("L < 1", "L ≤ 1") is not None  # relations are kept
    assert normalize("~10²³ FLOPs") == "10^23flops"


class TestCoverage(CoverageChecks):
    audit = AUDIT
    min_steps, min_erratum_rows, min_errata = 110, 15, 11
    errata_need_claims = True
    shared = frozenset({"descent_lemma", "gd_rate_convex"})  # document 003's

    # ------------------------------------------------------------------------- the audit's new steps bite

    def test_new_steps_refute_their_mutations(self, built) -> None:
        from derivations import modified_quadratic as mq

        d = built["modified_quadratic"]
        # the eta -> 0 limit of GD is the flow, not e^{-2 lambda t}
        assert mutated_verdict(d, "$t/\\eta$ GD steps", sp.exp(-2 * mq.lam * mq.t) * mq.theta0).refuted
        # the eta^3 coefficient of the mismatch is -lambda^3/6, not +lambda^3/6
        rhs = mq.lam**2 * mq.eta**2 * mq.theta0 / 2 + mq.lam**3 * mq.eta**3 * mq.theta0 / 6
        v = mutated_verdict(d, "to third order", rhs)
        assert v.refuted, str(v)
        # modified_loss, d = 1: the velocity's eta term is -eta grad R, not -2 eta grad R
        d = built["modified_loss"]
        s = step(d, "velocity $= -g")
        g, grad_r = (sp.MatrixSymbol(n, 1, 1) for n in ("g", "\\nabla R(\\theta_{0})"))
        eta = sp.Symbol("eta", positive=True)
        assert s.claim.rel is Rel.APPROX
        assert mutated_verdict(d, "velocity $= -g", -g - 2 * eta * grad_r).refuted
        # smooth_convergence: doubling T halves the bound, it does not quarter it
        d = built["smooth_convergence"]
        s = step(d, "doubling $T$")
        assert mutated_verdict(d, "doubling $T$", s.claim.rhs / 2).refuted

    def test_psd_erratum_needs_lambda_min_zero(self, built) -> None:
        """The erratum is about the unstated assumption: with lambda_min > 0 the same claim is true."""
        d = built["quadratic_rates"]
        e = next(e for e in d.errata if e.quote.startswith("For a quadratic function"))
        assert decide(e.claim, d.context(), timeout=10).refuted
        lo, hi = sp.symbols("lambda_lo lambda_hi", positive=True)
        factor = 1 - 2 / (lo + hi) * hi  # the top factor at eta* when lambda_min = lo > 0
        assert decide(Claim(factor, Rel.GT, -1), d.context(), timeout=10).proved
        assert decide(Claim(factor, Rel.LT, 1), d.context(), timeout=10).proved
