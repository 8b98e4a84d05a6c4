"""Figure data: the documents' O(1/N) bound for GD against the tight worst case, and GD run on the worst function.

``data_tight_rate`` runs symgd's compiled GD optimizer (symgd.optim) with step 1/L on the Huber function of
:mod:`symgd.rates.worst` with slope L R/(2N + 1), one run per N, and records its gap after N steps next to the
documents' bound L R^2/(2N) (Theorem 6.1 of 003 and 002's theorem at t = 1/L) and the tight bound
L R^2/(4N + 2) (Drori and Teboulle 2014; proved for every N by the derivation rate_gd_tight).  The style is that of
symgd.app.figures (a data function and a plot function), so the app layer can list it as a FigureSpec.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from symgd.rates.worst import Huber

__all__ = ["data_tight_rate", "plot_tight_rate"]


def data_tight_rate(n_max: int = 40, L: float = 1.0, R: float = 1.0) -> dict[str, Any]:
    from symgd.optim.optimizers import gd

    Ns = np.arange(1, n_max + 1)
    gaps = []
    for N in Ns:
        huber = Huber(Fraction(L), Fraction(L * R) / (2 * int(N) + 1))
        opt = gd(lr=1 / L)
        x = np.array([R])
        state = opt.init(x)
        for _ in range(int(N)):
            x, state = opt.update(huber.grad(x), state, x)
        gaps.append(float(huber.value(x)[0]))
    return {"N": Ns, "document": L * R**2 / (2 * Ns), "tight": L * R**2 / (4 * Ns + 2), "huber_gap": np.array(gaps)}


def plot_tight_rate(fig: Any, d: dict[str, Any]) -> None:
    left, right = fig.subplots(1, 2)
    left.loglog(d["N"], d["document"], "k--", lw=1.5, label=r"documents: $L R^2/(2N)$")
    left.loglog(d["N"], d["tight"], color="tab:red", lw=2, label=r"tight: $L R^2/(4N+2)$")
    left.loglog(d["N"], d["huber_gap"], "o", ms=3, color="tab:blue", label="GD on the Huber worst case")
    left.set(xlabel="steps $N$", ylabel=r"$f(x_N) - f_*$ (per $L R^2$)", title="GD with step 1/L, smooth convex")
    left.legend(frameon=False)
    right.plot(d["N"], d["document"] / d["tight"], color="k", lw=1.5)
    right.axhline(2.0, color="gray", lw=0.8, ls=":")
    right.set(xlabel="steps $N$", ylabel="documents' bound / tight bound", title=r"ratio $2 + 1/N \to 2$",
              ylim=(1.8, 3.1))
