"""The documents' figures, every curve computed from the derived expressions (issue 6).

Each figure is a pair of functions: ``data_*()`` computes the plotted arrays (tests check these
against independent closed forms), ``plot_*(fig, data)`` only draws them.  The arrays come from the
module-level SymPy expressions of the derivations through ``sympy.lambdify``:

* 001: ``derivations.modified_quadratic`` (loss, modified loss, the two gradient flows, GD iterates);
* 000: the one-dimensional local model and its minimizer of ``symgd.app.explore`` (which are
  ``derivations.newton_direction``'s model and step with H = 1/eta, as in ``local_model``);
* 002: gradient descent and its variants run by ``symgd.optim.optimizers`` (the updates compiled from the
  symbolic rules of ``symgd.optim.rules``) on quadratics whose gradients are SymPy derivatives, beside the
  closed form of ``derivations.bowl_trajectory``; the per-coordinate factors of
  ``derivations.quadratic_rates``; the O(1/k) bound of ``derivations.gd_rate_convex``;
* beyond the documents: the tight rate of GD (``symgd.rates.plots``) and GD against its modified flows
  (``symgd.bea.plots``, also drawn by ``symgd modified-equation gd --plot``).

Captions are LaTeX: prose with ``$...$`` math.

``write_all(outdir)`` writes PNG and PDF files and returns ``(path, caption)`` pairs whose paths are
relative to the LaTeX document's directory (``outdir.parent`` by default: ``build/figures`` for the
document ``build/symgd.tex``).  Drawing uses the Agg canvas directly (no pyplot, no global backend).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import sympy as sp
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from derivations import bowl_trajectory as bt
from derivations import gd_rate_convex
from derivations import modified_quadratic as mq
from derivations import quadratic_rates as qr
from symgd.app import explore
from symgd.bea.plots import data_modified_flows, plot_modified_flows
from symgd.core.errors import BadInput
from symgd.optim import optimizers
from symgd.rates.plots import data_tight_rate, plot_tight_rate

__all__ = [
    "DPI",
    "FIGURES",
    "FigureSpec",
    "data_000_local_model",
    "data_001_flow_vs_gd",
    "data_001_modified_loss",
    "data_002_learning_rates",
    "data_002_optimizers",
    "data_002_rate",
    "data_002_zigzag",
    "gd_on_quadratic",
    "write_all",
]

DPI = 100
Data = dict[str, Any]


# ---------------------------------------------------------------------------------------------
# 001: gradient flow vs gradient descent on the bowl, and the modified loss
# ---------------------------------------------------------------------------------------------

def _mq(expr: sp.Expr, var: sp.Symbol, lam: float, theta0: float, eta: float) -> Callable[[np.ndarray], np.ndarray]:
    """A modified_quadratic expression with the parameters fixed, as a numpy function of ``var``."""
    fixed = expr.subs({mq.lam: lam, mq.theta0: theta0, mq.eta: eta})
    f = sp.lambdify(var, fixed, "numpy")
    return lambda v: np.broadcast_to(np.asarray(f(v), dtype=float), np.shape(v)).copy()


def data_001_flow_vs_gd(lam: float = 1.0, theta0: float = 1.2, eta: float = 0.5, t_max: float = 5.0) -> Data:
    """The bowl (lambda/2) theta^2, gradient flow e^{-lambda t} theta_0 and GD iterates at t = k eta."""
    theta = np.linspace(-1.5, 1.5, 301)
    t = np.linspace(0.0, t_max, 401)
    k = np.arange(round(t_max / eta) + 1)
    loss = _mq(mq.loss, mq.theta, lam, theta0, eta)
    return {
        "lam": lam, "theta0": theta0, "eta": eta,
        "theta": theta, "loss": loss(theta), "loss0": float(loss(np.array(theta0))),
        "t": t, "flow": _mq(mq.flow, mq.t, lam, theta0, eta)(t),
        "k": k, "t_k": k * eta, "gd": _mq(mq.gd_iterates, mq.k, lam, theta0, eta)(k),
    }


def data_001_modified_loss(lam: float = 1.0, theta0: float = 1.2, eta: float = 0.5, t_max: float = 5.0) -> Data:
    """Loss and modified loss; gradient flow on each against the GD iterates."""
    d = data_001_flow_vs_gd(lam, theta0, eta, t_max)
    d["modified_loss"] = _mq(mq.modified_loss, mq.theta, lam, theta0, eta)(d["theta"])
    d["modified_flow"] = _mq(mq.modified_flow, mq.t, lam, theta0, eta)(d["t"])
    return d


def _plot_trajectories(ax: Any, d: Data, flows: Sequence[tuple[str, str, str]], gd_label: str) -> None:
    """The right panel of both 001 figures: gradient flows (data key, colour, label) against the GD dots."""
    for key, color, label in flows:
        ax.plot(d["t"], d[key], color=color, lw=2, label=label)
    ax.plot(d["t_k"], d["gd"], "ko", ms=5, label=gd_label)
    ax.set(xlabel="time $t$", ylabel=r"$\theta$", title="trajectories")
    ax.axhline(0, color="0.8", lw=0.8)
    ax.legend(frameon=False)


def plot_001_flow_vs_gd(fig: Figure, d: Data) -> None:
    left, right = fig.subplots(1, 2)
    left.plot(d["theta"], d["loss"], color="C0", lw=2, label=r"$\mathcal{L}(\theta) = \frac{\lambda}{2}\theta^2$")
    left.plot([d["theta0"]], [d["loss0"]], "ko", ms=7, label=rf"$\theta_0 = {d['theta0']:g}$")
    left.set(xlabel=r"$\theta$", ylabel="loss", title=rf"the bowl ($\lambda = {d['lam']:g}$)")
    left.legend(frameon=False)
    _plot_trajectories(right, d, [("flow", "C0", r"gradient flow $e^{-\lambda t}\theta_0$")],
                       rf"GD $(1-\eta\lambda)^k\theta_0$ at $t = k\eta$, $\eta = {d['eta']:g}$")


def plot_001_modified_loss(fig: Figure, d: Data) -> None:
    left, right = fig.subplots(1, 2)
    left.plot(d["theta"], d["loss"], color="C0", lw=2, label=r"$\mathcal{L}(\theta)$")
    left.plot(d["theta"], d["modified_loss"], color="C1", lw=2,
              label=r"$\mathcal{L}_\eta(\theta) = \frac{1}{2}(\lambda + \frac{\eta}{2}\lambda^2)\theta^2$")
    left.set(xlabel=r"$\theta$", ylabel="loss", title=rf"$\lambda = {d['lam']:g}$, $\eta = {d['eta']:g}$")
    left.legend(frameon=False)
    _plot_trajectories(right, d, [("flow", "C0", r"gradient flow on $\mathcal{L}$"),
                                  ("modified_flow", "C1", r"gradient flow on $\mathcal{L}_\eta$")],
                       "GD at $t = k\\eta$")


# ---------------------------------------------------------------------------------------------
# 000: the local quadratic model and its minimizer, for a small and a large step
# ---------------------------------------------------------------------------------------------

def data_000_local_model(function: str = "double_well", x_s: float = 0.4, etas: tuple[float, ...] = (0.05, 0.5)) -> Data:
    """f on its interval, and for each eta the model m_s on the same grid, its minimizer and f there."""
    fn = explore.get_function(function)
    f = sp.lambdify(explore.x, fn.expr, "numpy")
    df = sp.lambdify(explore.x, fn.derivative, "numpy")
    m = sp.lambdify((explore.x, explore.x_s, explore.f_s, explore.g, explore.eta), explore.model, "numpy")
    nxt = sp.lambdify((explore.x_s, explore.g, explore.eta), explore.next_iterate, "numpy")
    grid = np.linspace(*fn.x_range, 401)
    f_s, g = float(f(x_s)), float(df(x_s))
    panels = []
    for eta in etas:
        x_next = float(nxt(x_s, g, eta))
        panels.append({"eta": eta, "model": m(grid, x_s, f_s, g, eta), "next": x_next,
                       "model_next": float(m(x_next, x_s, f_s, g, eta)), "f_next": float(f(x_next))})
    return {"function": function, "title": fn.title, "x": grid, "f": f(grid), "x_s": x_s, "f_s": f_s, "grad": g,
            "panels": panels}


def plot_000_local_model(fig: Figure, d: Data) -> None:
    axes = fig.subplots(1, len(d["panels"]), sharey=True)
    lo, hi = float(np.min(d["f"])), float(np.max(d["f"]))
    span = hi - lo
    for ax, p in zip(np.atleast_1d(axes), d["panels"], strict=True):
        ax.plot(d["x"], d["f"], color="tab:blue", lw=2, label="$f(x)$")
        ax.plot(d["x"], p["model"], color="tab:red", lw=2, label=r"model $m_s(x)$")
        ax.plot([d["x_s"]], [d["f_s"]], "ko", ms=7, label=rf"$x_s = {d['x_s']:g}$")
        ax.plot([p["next"]], [p["model_next"]], "o", color="tab:green", ms=7,
                label=rf"$x_{{s+1}} = x_s - \eta f'(x_s) = {p['next']:.3g}$")
        ax.vlines(p["next"], min(p["model_next"], p["f_next"]), max(p["model_next"], p["f_next"]), colors="tab:green",
                  linestyles="dashed", lw=1)
        ax.set(xlabel="$x$", title=rf"$\eta = {p['eta']:g}$: curvature $1/\eta = {1 / p['eta']:g}$",
               ylim=(lo - 0.3 * span, hi + 0.1 * span))
        ax.legend(frameon=False, fontsize=8, loc="upper center")
    np.atleast_1d(axes)[0].set_ylabel(d["title"])


# ---------------------------------------------------------------------------------------------
# 002: gradient descent on quadratics
# ---------------------------------------------------------------------------------------------

_n = sp.Symbol("n", integer=True, positive=True)
_x, _g, _a = sp.MatrixSymbol("x", _n, 1), sp.MatrixSymbol("g", _n, 1), sp.MatrixSymbol("A", _n, _n)
_quadratic = _x.T * _a * _x / 2  # the test problems of document 002: f(x) = x^T A x / 2


@cache
def _quadratic_fns() -> tuple[Callable[..., Any], Callable[..., Any]]:
    """(loss, gradient) of f(x) = x^T A x / 2, dimension-free, lambdified once (the gradient is SymPy's
    matrix derivative, A x for symmetric A)."""
    return sp.lambdify([_a, _x], _quadratic, "numpy"), sp.lambdify([_a, _x], sp.diff(_quadratic, _x), "numpy")


def gd_on_quadratic(diag: np.ndarray, x0: np.ndarray, eta: float, steps: int,
                    blowup: float = 1e12) -> tuple[np.ndarray, np.ndarray]:
    """GD iterates (m + 1, n) and losses (m + 1) on f(x) = x^T A x / 2 with A = diag(``diag``); m = ``steps``
    unless the loss exceeds ``blowup`` first (a diverging run stops at the first such iterate).  The steps
    are taken by ``symgd.optim.optimizers.gd``, the update compiled from the GD rule."""
    loss, grad = _quadratic_fns()
    a = np.diag(np.asarray(diag, dtype=float))
    x = np.asarray(x0, dtype=float).reshape(-1, 1)
    xs, fs = _run(optimizers.gd(lr=eta), x, lambda p: grad(a, p), lambda p: float(loss(a, p)[0, 0]), steps, blowup)
    return np.array([p.ravel() for p in xs]), fs


def _run(opt: optimizers.Optimizer, x: np.ndarray, grad: Callable[[np.ndarray], np.ndarray],
         loss: Callable[[np.ndarray], float], steps: int, blowup: float = np.inf,
         iterate: Callable[[np.ndarray, Any], np.ndarray] = lambda x, state: x) -> tuple[list[np.ndarray], np.ndarray]:
    """``steps`` updates of ``opt`` from ``x``: the iterates ``iterate(params, state)`` (the document's iterate
    where the optimizer holds another point) and their losses, stopping early at the first loss above
    ``blowup``.  (``optimizers.minimize`` has neither the iterate map nor the blow-up stop.)"""
    state = opt.init(x)
    xs = [iterate(x, state)]
    fs = [loss(xs[-1])]
    for _ in range(steps):
        if fs[-1] > blowup:
            break
        x, state = opt.update(grad(x), state, x)
        xs.append(iterate(x, state))
        fs.append(loss(xs[-1]))
    return xs, np.array(fs)


def data_002_zigzag(eta: float = 0.09, steps: int = 25) -> Data:
    """GD on the elliptical bowl x^2 + 10 y^2 (A = diag(2, 20)) from (5, 5), over its contours; the run of
    ``symgd.optim.optimizers.gd`` beside the derived closed form of ``derivations.bowl_trajectory``."""
    diag = np.array([2.0, 20.0])
    path, losses = gd_on_quadratic(diag, np.array([5.0, 5.0]), eta, steps)
    closed = sp.lambdify((bt.k,), bt.iterate_closed_form.subs(qr.eta, eta), "numpy")
    closed_form = np.array([np.asarray(closed(k), dtype=float).ravel() for k in range(steps + 1)])
    gx, gy = np.meshgrid(np.linspace(-6, 6, 241), np.linspace(-6, 6, 241))
    z = sp.lambdify((bt.x, bt.y), bt.loss, "numpy")(gx, gy)
    table = np.array([pt for pt, _ in bt.DOCUMENT_TABLE.values()])
    return {"eta": eta, "diag": diag, "path": path, "closed_form": closed_form, "loss": losses, "X": gx, "Y": gy, "Z": z,
            "document_table": table}


def plot_002_zigzag(fig: Figure, d: Data) -> None:
    ax = fig.subplots()
    ax.contour(d["X"], d["Y"], d["Z"], levels=np.geomspace(0.5, 400, 14), colors="0.6", linewidths=0.8)
    ax.plot(d["path"][:, 0], d["path"][:, 1], "-o", color="tab:red", ms=4, lw=1.2,
            label=rf"GD, $\eta = {d['eta']:g}$, {len(d['path']) - 1} steps from $(5, 5)$")
    ax.plot(d["document_table"][:, 0], d["document_table"][:, 1], "s", mfc="none", mec="0.3", ms=8,
            label="the document's table (no single $\\eta$ gives it: see the errata)")
    ax.plot([0], [0], "k*", ms=10, label="minimum")
    ax.set(xlabel="$x$", ylabel="$y$", title=r"$L(x, y) = x^2 + 10y^2$: the path zigzags across the narrow valley",
           aspect="equal")
    ax.legend(frameon=False, loc="lower right")


def data_002_learning_rates(etas: tuple[float, ...] = (0.001, 0.01, 0.1), steps: int = 300) -> Data:
    """Loss curves of GD on x^2 + 100 y^2 (A = diag(2, 200)) from (1, 1) for each step size."""
    diag = np.array([2.0, 200.0])
    runs = {eta: gd_on_quadratic(diag, np.array([1.0, 1.0]), eta, steps) for eta in etas}
    return {"diag": diag, "etas": etas, "steps": steps, "paths": {e: r[0] for e, r in runs.items()},
            "losses": {e: r[1] for e, r in runs.items()}}


def plot_002_learning_rates(fig: Figure, d: Data) -> None:
    ax = fig.subplots()
    lmax = float(np.max(d["diag"]))
    for eta in d["etas"]:
        factors = ", ".join(f"{float(qr.mode_factor.subs({qr.eta: eta, qr.lam: a})):g}" for a in d["diag"])
        ax.semilogy(np.arange(len(d["losses"][eta])), d["losses"][eta], lw=2, label=rf"$\eta = {eta:g}$ (per-coordinate factors $1 - \eta a_i$: {factors})")
    top = 1e6  # the diverging run leaves the axes through the top within a few steps
    ax.set(xlabel="iteration $k$", ylabel="loss", ylim=(1e-2, top),
           title=rf"$L = x^2 + 100y^2$ from $(1, 1)$: stable only for $\eta < 2/{lmax:g}$")
    for eta in d["etas"]:
        out = np.nonzero(d["losses"][eta] > top)[0]
        if out.size:
            ax.annotate(rf"$\eta = {eta:g}$ diverges (loss $> 10^{{6}}$ at $k = {out[0]}$)", (out[0], top),
                        xytext=(out[0] + 15, top / 30), arrowprops={"arrowstyle": "->"}, fontsize=9)
    ax.legend(frameon=False, fontsize=8)


def data_002_rate(n: int = 100, decades: float = 5.0, steps: int = 10_000) -> Data:
    """GD with t = 1/L on a convex quadratic whose eigenvalues are log-spaced in [10^-decades, 1] (L = 1),
    from x_0 = (1, ..., 1); the gap f(x_k) - f* against gd_rate_convex's bound ||x_0 - x*||^2 / (2 t k)."""
    diag = 10.0 ** (-decades * np.arange(n) / (n - 1))
    lip = float(diag.max())
    t = 1.0 / lip
    x0 = np.ones(n)
    _, losses = gd_on_quadratic(diag, x0, t, steps)
    k = np.arange(1, steps + 1)
    r0 = sp.Symbol("r_0", nonnegative=True)
    bound = sp.lambdify((r0, gd_rate_convex.t, gd_rate_convex.k), gd_rate_convex.rate_bound.subs(gd_rate_convex.R(0), r0))
    return {"diag": diag, "t": t, "x0": x0, "k": k, "gap": losses[1:], "bound": bound(float(x0 @ x0), t, k)}


def plot_002_rate(fig: Figure, d: Data) -> None:
    ax = fig.subplots()
    ax.loglog(d["k"], d["bound"], "k--", lw=1.5, label=r"bound $\|x_0 - x^*\|^2 / (2tk)$")
    ax.loglog(d["k"], d["gap"], color="tab:blue", lw=2, label=r"GD: $f(x_k) - f^*$")
    ax.set(xlabel="iteration $k$", ylabel="optimality gap",
           title=rf"convex quadratic, {len(d['diag'])} eigenvalues log-spaced in "
                 rf"$[10^{{{np.log10(d['diag'].min()):.0f}}}, {d['diag'].max():g}]$, $t = 1/L$")
    ax.legend(frameon=False)


def _optimizer_runs(lr_gd: float, lip: float, mu: float) -> dict[str, tuple[optimizers.Optimizer, Callable]]:
    """Each optimizer with its tuned hyperparameters, and the map (params, state) -> the document's iterate."""
    kappa = lip / mu
    q = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
    same = lambda x, s: x  # noqa: E731
    nesterov_mu = float(q)
    return {
        "GD": (optimizers.gd(lr=lr_gd), same),
        "heavy ball": (optimizers.heavy_ball(lr=float(4 / (np.sqrt(lip) + np.sqrt(mu)) ** 2), mu=float(q**2)), same),
        # the optimizer holds the look-ahead point y; the document's iterate is y - mu v
        "Nesterov": (optimizers.nesterov(lr=lr_gd, mu=nesterov_mu), lambda y, s: y - nesterov_mu * s.v),
        "AdaGrad": (optimizers.adagrad(lr=0.5), same),
        "RMSProp": (optimizers.rmsprop(lr=0.02, beta=0.99), same),
        "Adam": (optimizers.adam(lr=0.1), same),
    }


def data_002_optimizers(steps: int = 200) -> Data:
    """Loss curves f(x_k) - f* of six optimizers on the ill-conditioned quadratic of ``symgd.optim.problems``
    (x^T A x / 2, A = [[13, 12], [12, 13]], eigenvalues 25 and 1, from (-3, 2))."""
    from symgd.optim.problems import quadratic

    prob = quadratic()
    lip, mu = 25.0, 1.0  # the eigenvalues of A
    assert prob.L == lip
    losses, hyper = {}, {}
    for name, (opt, iterate) in _optimizer_runs(1 / lip, lip, mu).items():
        _, curve = _run(opt, np.array(prob.x0, dtype=float), prob.grad, prob.loss, steps, iterate=iterate)
        losses[name] = curve - (prob.f_star or 0.0)
        hyper[name] = dict(opt.hyper or {})
    return {"x0": np.array(prob.x0), "k": np.arange(steps + 1), "losses": losses, "hyper": hyper, "L": lip, "mu": mu}


def plot_002_optimizers(fig: Figure, d: Data) -> None:
    ax = fig.subplots()
    for name, curve in d["losses"].items():
        hp = ", ".join(f"{k}={v:.3g}" for k, v in d["hyper"][name].items() if k != "eps")
        ax.semilogy(d["k"], np.maximum(curve, 1e-300), lw=2, label=f"{name} ({hp})")
    ax.set(xlabel="iteration $k$", ylabel="$f(x_k) - f^*$", ylim=(1e-16, 1e2),
           title=rf"$f = x^T A x / 2$, $A = [[13, 12], [12, 13]]$: $L = {d['L']:g}$, $\mu = {d['mu']:g}$, "
                 rf"$\kappa = {d['L'] / d['mu']:g}$")
    ax.legend(frameon=False, fontsize=8, loc="lower left")


# ---------------------------------------------------------------------------------------------
# The registry and the writer
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FigureSpec:
    name: str  # file stem (no underscores or dots: safe in \includegraphics)
    caption: str  # LaTeX: prose with $...$ math (symgd.latex.render.escape_text keeps the math)
    size: tuple[float, float]  # inches; the PNG is size * DPI pixels
    data: Callable[[], Data]
    plot: Callable[[Figure, Data], None]

    @property
    def pixels(self) -> tuple[int, int]:
        return round(self.size[0] * DPI), round(self.size[1] * DPI)


FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec("000-local-model",
               r"Document 000: the true function (blue), the local quadratic model at $x_s$ (red) and its minimizer, "
               r"the next iterate $x_{s+1} = x_s - \eta f'(x_s)$ (green), for a small and a large step size $\eta$.",
               (10.0, 4.0), data_000_local_model, plot_000_local_model),
    FigureSpec("001-flow-vs-gd",
               r"Document 001. Left: the quadratic bowl $\mathcal{L} = \frac{\lambda}{2}\theta^2$ and the start "
               r"$\theta_0 = 1.2$. Right: gradient flow (blue, continuous) and gradient descent (black dots, at "
               r"$t = k\eta$ with $\eta = 0.5$).",
               (10.0, 3.8), data_001_flow_vs_gd, plot_001_flow_vs_gd),
    FigureSpec("001-modified-loss",
               r"Document 001. Left: the loss (blue) and the modified loss (orange) for $\lambda = 1$, $\eta = 0.5$. "
               r"Right: gradient flow on each against the GD iterates (black): the flow on the modified loss tracks GD.",
               (10.0, 3.8), data_001_modified_loss, plot_001_modified_loss),
    FigureSpec("001-modified-flows",
               r"Backward error analysis (symgd.bea) on the non-quadratic loss "
               r"$L = \frac{x^4}{4} + \frac{x y^2}{2} + \frac{y^2}{2} - \frac{x}{3}$. Left: GD with $\eta = 0.3$ "
               r"(black) against gradient flow on $L$ and the flows of the modified equations "
               r"$f_0 + \eta f_1 + \dots + \eta^k f_k$, $k = 1, 2, 3$. Right: the local error "
               r"$|\varphi_\eta(\theta_0) - (\theta_0 - \eta\nabla L(\theta_0))|$ of each truncation against $\eta$ "
               r"on log-log axes; the fitted slopes are $k + 2$.",
               (11.0, 4.5), data_modified_flows, plot_modified_flows),
    FigureSpec("002-zigzag",
               r"Document 002: gradient descent on the elliptical bowl $x^2 + 10 y^2$ over its contours; with "
               r"$\eta = 0.09$ the $y$-coordinate is multiplied by $1 - 20\eta = -0.8$ per step, so the path zigzags. "
               r"Squares: the document's table, which no single step size produces (derivation "
               r"bowl_trajectory).",
               (7.0, 6.0), data_002_zigzag, plot_002_zigzag),
    FigureSpec("002-learning-rates",
               r"Document 002, learning-rate exploration on $x^2 + 100 y^2$: $\eta = 0.001$ converges slowly, "
               r"$\eta = 0.01$ sits on the stability boundary $2/\lambda_{\max}$ (the $y$-coordinate flips sign "
               r"forever), $\eta = 0.1$ diverges.",
               (8.0, 4.5), data_002_learning_rates, plot_002_learning_rates),
    FigureSpec("002-rate",
               r"The $O(1/k)$ rate: GD with $t = 1/L$ on a convex quadratic with eigenvalues spread over five "
               r"decades, against the bound of Theorem 6.1 (derivation gd_rate_convex), on log-log axes.",
               (7.0, 4.5), data_002_rate, plot_002_rate),
    FigureSpec("002-tight-rate",
               r"GD with step $1/L$: the documents' $L R^2/(2N)$ against the tight $L R^2/(4N+2)$ (derivation "
               r"rate_gd_tight) and GD on the Huber worst case; the ratio is $2 + 1/N$.",
               (10.0, 4.0), data_tight_rate, plot_tight_rate),
    FigureSpec("002-optimizers",
               r"Loss curves of GD, heavy ball, Nesterov, AdaGrad, RMSProp and Adam (symgd.optim.optimizers, "
               r"compiled from the update rules) on one ill-conditioned quadratic (condition number 25); GD, heavy "
               r"ball and Nesterov use the classical tuning from $L$ and $\mu$, Nesterov's curve is at the "
               r"document's iterate $x_t$.",
               (8.0, 5.0), data_002_optimizers, plot_002_optimizers),
)


def render(spec: FigureSpec) -> Figure:
    """The drawn figure (Agg canvas attached, nothing written)."""
    fig = Figure(figsize=spec.size, dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    spec.plot(fig, spec.data())
    return fig


def write_all(outdir: Path, relative_to: Path | None = None,
              names: Sequence[str] | None = None) -> list[tuple[Path | str, str]]:
    """Write every figure (or those in ``names``) as PNG and PDF into ``outdir``; return (PDF path relative
    to ``relative_to``, caption) pairs.

    ``relative_to`` is the directory of the LaTeX document that includes the figures (default
    ``outdir.parent``), so the paths work for pdflatex run there.
    """
    unknown = sorted(set(names or ()) - {f.name for f in FIGURES})
    if unknown:
        raise BadInput(f"unknown figure {unknown[0]!r}; known: {', '.join(f.name for f in FIGURES)}")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    base = Path(relative_to) if relative_to is not None else outdir.parent
    written: list[tuple[Path | str, str]] = []
    for spec in FIGURES:
        if names is not None and spec.name not in names:
            continue
        fig = render(spec)
        fig.savefig(outdir / f"{spec.name}.png", dpi=DPI)
        fig.savefig(outdir / f"{spec.name}.pdf", metadata={"CreationDate": None})  # reproducible bytes
        rel = Path(os.path.relpath(outdir / f"{spec.name}.pdf", base)).as_posix()
        written.append((rel, spec.caption))
    return written
