"""The proximal step of a quadratic, with a numeric check (the user guide's tutorial)."""

import sympy as sp

from symgd import Citation, Derivation, NumericOutcome

PARIKH_BOYD = Citation("Proximal Algorithms", authors=("Neal Parikh", "Stephen Boyd"), year=2014,
                       venue="Foundations and Trends in Optimization", section="Section 6.1.1",
                       doi="10.1561/2400000003")


def derive() -> Derivation:
    d = Derivation("prox_quadratic", r"The proximal step of $\frac{\lambda}{2}x^2$ is a shrinkage", PARIKH_BOYD,
                   summary=r"The prox of $\frac{\lambda}{2}x^2$ with step $\eta$ multiplies $v$ by "
                           r"$\frac{1}{1 + \eta\lambda}$.")
    eta, lam = d.assume(sp.symbols("eta lambda", positive=True))
    v, x = d.assume(sp.symbols("v x", real=True))
    objective = lam / 2 * x**2 + (x - v) ** 2 / (2 * eta)
    # sp.Derivative keeps the differentiation unevaluated: the step states work to check, not "A = A"
    d.claim(sp.Derivative(objective, x), "=", lam * x + (x - v) / eta, "differentiate the prox objective")
    d.claim(x, ":=", v / (1 + eta * lam), "set the derivative to zero", equation=sp.Eq(lam * x + (x - v) / eta, 0))
    d.claim(sp.Derivative(objective, x, 2), ">", 0, r"the objective is strictly convex: $\lambda + 1/\eta > 0$")
    d.conclude(r"$\mathrm{prox}_{\eta f}(v) = \frac{v}{1 + \eta\lambda}$")

    @d.numeric("grid_minimum", r"the minimizer on a fine grid for $\lambda = 2$, $\eta = 0.3$, $v = 1.5$")
    def _grid() -> NumericOutcome:
        import numpy as np

        xs = np.linspace(-3, 3, 600_001)
        best = xs[np.argmin(2 / 2 * xs**2 + (xs - 1.5) ** 2 / (2 * 0.3))]
        return NumericOutcome(abs(best - 1.5 / 1.6) < 1e-4, f"grid minimizer {best:.5f}, closed form {1.5 / 1.6:.5f}")

    return d
