"""The PEP solved numerically: the dual SDP in the multipliers, with cvxpy (Clarabel; SCS as fallback).

Dual of the PEP (see :mod:`symgd.rates.problem`): minimize tau over tau >= 0 and lambda_ij >= 0 with

    tau * initial - metric - sum_ij lambda_ij q_ij  =  <S, G>   (no F part left),   S PSD.

Any such (tau, lambda) proves metric <= tau R^2.  The solver's dual values of the S-equation are the
worst-case Gram matrix G and function values F (the primal).  cvxpy is imported here only, on first use:
``import symgd`` never loads it (it is the optional extra ``pep``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from symgd.core.errors import BadInput, SymgdError
from symgd.rates.problem import PEP

__all__ = ["Numeric", "SolverError", "solve"]


class SolverError(SymgdError):
    """The SDP solver failed (both Clarabel and SCS)."""


@dataclass(frozen=True)
class Numeric:
    """A numeric solution: the bound ``value`` (tau), the multipliers per pair, the worst-case Gram matrix
    and function values, and ``margin`` (the least eigenvalue of S forced by a relaxed solve, else 0)."""

    value: float
    multipliers: np.ndarray
    gram: np.ndarray
    f: np.ndarray
    solver: str
    seconds: float
    margin: float = 0.0


def _cvxpy():  # the cvxpy module, or a one-line error naming the extra
    try:
        import cvxpy as cp
    except ImportError:
        raise BadInput("the numeric PEP needs cvxpy and clarabel: pip install 'symgd[pep]'") from None
    return cp


def solve(problem: PEP, tau: float | None = None, support: list[tuple[int, int]] | None = None) -> Numeric:
    """Minimize tau; or, with ``tau`` given, fix it and maximize the least eigenvalue margin t of S >= t I
    (a strictly feasible point, whose rounding stays PSD).  ``support``: use only these pairs' inequalities
    (the multipliers of the others are 0; ``multipliers`` still lists every pair)."""
    cp = _cvxpy()
    start = time.perf_counter()
    every = problem.pairs()
    pairs = every if support is None else [p for p in every if p in set(support)]
    dim, nf = problem.dim, problem.n_points
    forms = [problem.interpolation(i, j).dense(dim, nf) for i, j in pairs]
    QG = np.array([Q.reshape(-1) for Q, _ in forms]).T  # dim^2 x npairs
    QF = np.array([a for _, a in forms]).T  # nf x npairs
    MQ, Ma = problem.metric_form().dense(dim, nf)
    IQ, Ia = problem.initial_form().dense(dim, nf)
    lam = cp.Variable(len(pairs), nonneg=True)
    t = cp.Variable(nonneg=True) if tau is None else tau
    S = cp.Variable((dim, dim), symmetric=True)
    expr = t * IQ - MQ - cp.reshape(QG @ lam, (dim, dim), order="C")
    eq_S = S == expr
    eq_F = t * Ia - Ma - QF @ lam == np.zeros(nf)
    if tau is None:
        margin = None
        cons = [eq_S, eq_F, S >> 0]
        objective = cp.Minimize(t)
    else:
        margin = cp.Variable()
        cons = [eq_S, eq_F, S - margin * np.eye(dim) >> 0, margin <= 1]
        objective = cp.Maximize(margin)
    prob = cp.Problem(objective, cons)
    used = ""
    for name in ("CLARABEL", "SCS"):
        try:
            prob.solve(solver=name)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # (Clarabel can panic: pyo3's PanicException is a BaseException)
            continue
        if prob.status in ("optimal", "optimal_inaccurate") and lam.value is not None:
            used = name + ("" if prob.status == "optimal" else " (inaccurate)")
            break
    if not used and prob.status in ("infeasible", "infeasible_inaccurate") and tau is None:
        raise SolverError(f"{problem.method}, N = {problem.N}: the worst case is unbounded (the dual SDP is infeasible: "
                          f"no bound on the {problem.metric} in terms of the initial {problem.initial} holds)")
    if not used:
        raise SolverError(f"the SDP solvers failed on {problem.method}, N = {problem.N} (status {prob.status})")
    G = np.asarray(eq_S.dual_value)  # the worst-case Gram matrix and function values (cvxpy's dual signs)
    G = (G + G.T) / 2
    F = -np.asarray(eq_F.dual_value).reshape(-1)
    value = float(t.value) if tau is None else float(tau)
    values = dict(zip(pairs, np.maximum(np.asarray(lam.value), 0.0), strict=True))
    multipliers = np.array([values.get(p, 0.0) for p in every])
    return Numeric(value, multipliers, G, F, used, time.perf_counter() - start,
                   0.0 if margin is None else float(margin.value))
