"""Figure data: GD against the flows of its modified equations truncated at orders 0..K, and their local error.

``data_modified_flows`` runs GD on the non-quadratic 2-D loss ``TEST_LOSSES["quartic"]``, integrates the flows of
f_0 + eta f_1 + ... + eta^k f_k (k = 0..K, from :func:`symgd.bea.modified.gd_modified_equation`) with RK4, and
measures the local error |flow for time eta - one GD step| over a range of eta with its fitted slope (expected
k + 2).  ``plot_modified_flows(fig, data)`` only draws.  The pair serves ``symgd modified-equation gd --plot`` and
the figure ``bea-modified-flows`` of ``symgd.app.figures``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy as sp

from symgd.bea.accuracy import TEST_LOSSES, fitted_order, gd_step, local_errors, rk4_flow
from symgd.bea.modified import gd_modified_equation

__all__ = ["data_modified_flows", "plot_modified_flows"]


def data_modified_flows(order: int = 3, eta: float = 0.3, steps: int = 10, substeps: int = 8,
                        etas: tuple[float, ...] = tuple(0.1 * 0.7**i for i in range(8))) -> dict[str, Any]:
    """GD iterates (steps + 1, 2) with step ``eta``; for k = 0..K (K = min(order, 3)) the truncated modified flow
    sampled ``substeps`` times per step (steps * substeps + 1, 2); the local errors at ``etas`` and their slopes."""
    loss, xs, th0 = TEST_LOSSES["quartic"]
    K = min(order, 3)
    fields = gd_modified_equation(K).field(loss, xs)
    step = gd_step(loss, xs)
    gd = [list(th0)]
    for _ in range(steps):
        gd.append(step(gd[-1], eta))
    e = sp.Symbol("eta_plot")
    flows, errors, slopes = [], [], []
    for k in range(K + 1):
        total = sum((e**j * sp.Matrix(f) for j, f in enumerate(fields[:k + 1])), sp.zeros(2, 1))
        fn = sp.lambdify([list(xs), e], list(total), "math")
        pts = [list(th0)]
        for _ in range(substeps * steps):
            pts.append(rk4_flow(lambda v, fn=fn: fn(v, eta), pts[-1], eta / substeps, 5))
        flows.append(np.array(pts))
        errs = local_errors(fields[:k + 1], xs, th0, etas, step)
        errors.append(np.array(errs))
        slopes.append(fitted_order(etas, errs))
    return {"loss": loss, "loss_latex": sp.latex(loss.subs(dict(zip(xs, sp.symbols("theta_1 theta_2"), strict=True)))),
            "theta0": np.array(th0), "eta": eta, "substeps": substeps, "gd": np.array(gd), "flows": flows,
            "etas": np.array(etas), "errors": errors, "slopes": slopes}


def plot_modified_flows(fig: Any, d: dict[str, Any]) -> None:
    left, right = fig.subplots(1, 2)
    for k, arr in enumerate(d["flows"]):
        label = r"gradient flow on $L$" if k == 0 else f"modified flow, order {k}"
        left.plot(arr[:, 0], arr[:, 1], "-", lw=1.2, label=label)
    left.plot(d["gd"][:, 0], d["gd"][:, 1], "ko", ms=4, label=rf"GD, $\eta = {d['eta']:g}$")
    left.set(xlabel=r"$\theta_1$", ylabel=r"$\theta_2$", title=f"$L = {d['loss_latex']}$")
    left.legend(fontsize=8, frameon=False)
    for k, (errs, p) in enumerate(zip(d["errors"], d["slopes"], strict=True)):
        right.loglog(d["etas"], errs, "o-", ms=3, label=f"order {k}: slope {p:.2f} (expect {k + 2})")
    right.set(xlabel=r"$\eta$", ylabel=r"$|\mathrm{flow}(\eta) - \mathrm{one\ GD\ step}|$",
              title="local error of the truncated modified flow")
    right.legend(fontsize=8, frameon=False)
