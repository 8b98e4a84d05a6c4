"""Exact certificates: the numeric multipliers rounded to rationals and checked in exact arithmetic.

A certificate is (tau, lambda_ij >= 0) with  tau * initial - metric - sum lambda_ij q_ij = <S, G>  exactly (the
function values cancel) and S positive semidefinite (exact LDL^T, :func:`symgd.rates.exact.psd`); then
metric <= tau R^2 for every function of the class.  :func:`verify` is the only judge: a certificate that
does not verify is undecided, never proved.

The chain support (consecutive points, each point with the optimum) is tried first: when its optimum is the full
one its multipliers are usually unique, and for GD they round to Drori and Teboulle's exactly; the full support
(whose optimal dual face an interior-point solver returns a dense mixture of) is the fallback.  Two ways to find a
certificate from a numeric solution:

* **tight**: at the optimum S is singular; its null space is spanned by the worst-case Gram matrix's range.
  Round a basis of that range to rationals, impose ``S v = 0`` and the function-value equations exactly, and
  solve for tau and a set of pivot multipliers exactly (the others keep their rounded values).  If it verifies,
  the bound is the exact optimum (Peyrl and Parrilo's rounding with the known kernel).
* **upper bound**: re-solve with tau fixed a little above the optimum, maximizing S's least eigenvalue; round,
  repair the equations exactly, and take the least tau that keeps S PSD (rounded up).  Works also for square-root
  step coefficients (Nesterov, OGM): S is then enclosed entrywise, and S_mid - rho I is checked, rho bounding
  the enclosure's spectral norm.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from symgd.core.verdict import Status, Verdict
from symgd.rates.exact import least_shift, psd, solve_pinned
from symgd.rates.numbers import Interval, mid, radius
from symgd.rates.problem import PEP, STAR
from symgd.rates.sdp import Numeric, SolverError, solve

__all__ = ["Certificate", "certify", "residual", "verify", "verify_sympy"]

Pair = tuple[int, int]
TIGHT = 1e-6  # relative agreement with the numeric value for a bound to count as tight


@dataclass(frozen=True)
class Certificate:
    """``bound`` (metric <= bound * R^2) proved when ``verdict.proved``; ``tight``: the certificate is at the
    optimum (kernel route) and agrees with the numeric value to TIGHT (relative); ``how``: which rounding."""

    bound: Fraction | None
    multipliers: dict[Pair, Fraction] = field(repr=False)
    verdict: Verdict
    tight: bool
    how: str
    seconds: float = 0.0


def residual(problem: PEP, multipliers: dict[Pair, Fraction], tau: Fraction) -> tuple[list[list], list]:
    """S and the leftover function-value coefficients of  tau * initial - metric - sum lambda q."""
    dim, nf = problem.dim, problem.n_points
    S: list[list] = [[Fraction(0)] * dim for _ in range(dim)]
    F: list = [Fraction(0)] * nf
    problem.initial_form().add_to(S, F, Fraction(tau))
    problem.metric_form().add_to(S, F, Fraction(-1))
    for pair, lam in multipliers.items():
        if lam:
            problem.interpolation(*pair).add_to(S, F, -Fraction(lam))
    return S, F


def _enclosed(S: list[list]) -> tuple[list[list[Fraction]], Fraction]:
    """The midpoint matrix and rho >= ||S - mid||_2 (the sum of the entries' radii bounds the Frobenius norm)."""
    rho = sum((radius(v) for row in S for v in row), Fraction(0))
    return [[mid(v) for v in row] for row in S], rho


def verify(problem: PEP, multipliers: dict[Pair, Fraction], tau: Fraction) -> Verdict:
    """Proved iff the certificate holds in exact arithmetic; undecided (with the reason) otherwise."""
    start = time.perf_counter()

    def undecided(why: str) -> Verdict:
        return Verdict(Status.UNDECIDED, "exact certificate check", detail=why, seconds=time.perf_counter() - start)

    if tau < 0 or any(v < 0 for v in multipliers.values()):
        return undecided("a negative multiplier")
    S, F = residual(problem, multipliers, tau)
    left = [(k, v) for k, v in enumerate(F) if v != 0]
    if left:
        k, v = left[0]
        return undecided(f"the function values do not cancel: f_{k} keeps the coefficient {v}")
    if any(isinstance(v, Interval) for row in S for v in row):
        M, rho = _enclosed(S)
        ldl = psd([[v - rho if i == j else v for j, v in enumerate(row)] for i, row in enumerate(M)])
        how = f"exact LDL^T of S_mid - rho I, rho = {float(rho):.1e} from rational enclosures of the square roots"
    else:
        ldl = psd(S)
        how = "exact LDL^T of S"
    if not ldl.ok:
        return undecided(f"{how}: {ldl.reason}")
    return Verdict(Status.PROVED, f"{how} ({ldl.summary}); {len(multipliers)} multipliers",
                   seconds=time.perf_counter() - start)


def verify_sympy(problem: PEP, multipliers: dict[Pair, Fraction], tau: Fraction) -> Verdict:
    """The same check, built independently in SymPy from the interpolation formula on symbolic Gram entries G_ab and
    function values f_i: expand tau * initial - metric - sum lambda q, require every f_i to cancel, read off the
    quadratic form's matrix and decide PSD with SymPy's exact ``is_positive_semidefinite``.  Exact steps only."""
    import sympy as sp

    start = time.perf_counter()
    if not problem.exact_steps:
        return Verdict(Status.UNDECIDED, "SymPy certificate check", detail="square-root steps: use verify()")
    dim = problem.dim
    G = sp.Matrix(dim, dim, lambda a, b: sp.Symbol(f"G_{min(a, b)}_{max(a, b)}"))
    f = [sp.Symbol(f"f_{i}") for i in range(problem.n_points)]
    L, mu = sp.Rational(problem.L), sp.Rational(problem.mu)

    def point(i: int) -> tuple[sp.Matrix, sp.Matrix, sp.Expr]:
        if i == -1:  # the optimum: x_* = 0, g_* = 0, f_* = 0
            return sp.zeros(dim, 1), sp.zeros(dim, 1), sp.S.Zero
        x = sp.Matrix([sp.Rational(problem.xs[i].get(k, 0)) for k in range(dim)])
        g = sp.zeros(dim, 1)
        g[1 + i] = 1
        return x, g, f[i]

    def inner(u: sp.Matrix, v: sp.Matrix) -> sp.Expr:
        return (u.T * G * v)[0, 0]

    def q(i: int, j: int) -> sp.Expr:
        (xi, gi, fi), (xj, gj, fj) = point(i), point(j)
        dx, dg = xi - xj, gi - gj
        c = 1 / (2 * (1 - mu / L))
        return fi - fj - inner(gj, dx) - c * (inner(dg, dg) / L + mu * inner(dx, dx) - 2 * mu / L * inner(dg, dx))

    xN, gN, fN = point(problem.n_points - 1)
    x0, _, f0 = point(0)
    metric = {"gap": fN, "distance": inner(xN, xN), "gradient": inner(gN, gN)}[problem.metric]
    initial = inner(x0, x0) if problem.initial == "distance" else f0
    expr = sp.expand(sp.Rational(tau) * initial - metric
                     - sum(sp.Rational(lam) * q(i, j) for (i, j), lam in multipliers.items()))
    if any(expr.coeff(fi) != 0 for fi in f):
        return Verdict(Status.UNDECIDED, "SymPy certificate check", detail="the function values do not cancel")
    S = sp.Matrix(dim, dim, lambda a, b: expr.coeff(G[a, b]) / (1 if a == b else 2))
    if sp.expand(expr - sum(S[a, b] * G[a, b] for a in range(dim) for b in range(dim))) != 0:
        return Verdict(Status.UNDECIDED, "SymPy certificate check", detail="not a quadratic form in the Gram entries")
    if S.is_positive_semidefinite is not True:
        return Verdict(Status.UNDECIDED, "SymPy certificate check", detail="the form is not positive semidefinite")
    return Verdict(Status.PROVED, "SymPy: the f_i cancel and the Gram form's matrix is positive semidefinite",
                   seconds=time.perf_counter() - start)


def _support(problem: PEP, num: Numeric, cut: float) -> list[Pair]:
    top = float(np.max(num.multipliers)) if len(num.multipliers) else 0.0
    return [p for p, v in zip(problem.pairs(), num.multipliers, strict=True) if v > cut * max(top, 1e-300)]


def _kernels(gram: np.ndarray) -> list[list[list[Fraction]]]:
    """Rational bases (rows, identity on pivot columns) of the range of the worst-case Gram matrix, a few
    roundings each; [] when the worst case is zero."""
    w, V = np.linalg.eigh((gram + gram.T) / 2)
    top = max(float(w[-1]), 0.0)
    r = int(np.sum(w > 1e-5 * top)) if top > 0 else 0
    if r == 0 or r >= len(w):
        return []
    B = V[:, -r:].T
    piv: list[int] = []
    for _ in range(r):  # greedy column pivoting
        rest = B.copy()
        if piv:
            P = B[:, piv]
            rest = B - P @ np.linalg.lstsq(P, B, rcond=None)[0]
        norms = np.linalg.norm(rest, axis=0)
        norms[piv] = -1
        piv.append(int(np.argmax(norms)))
    C = np.linalg.solve(B[:, piv], B)
    out = []
    # simplest fractions, decimals and dyadics (mu = 0.1 gives kernels like 0.9^k, mu = 1/4 like 0.75^k), fine ones
    rounders = [lambda v, D=D: Fraction(v).limit_denominator(D) for D in (10, 100, 10**3, 10**4, 10**5)]
    rounders += [lambda v, d=d: Fraction(round(v * 10**d), 10**d) for d in (2, 4, 6, 8)]
    rounders += [lambda v, d=d: Fraction(round(v * 2**d), 2**d) for d in (8, 12, 16, 20)]
    rounders += [lambda v, D=D: Fraction(v).limit_denominator(D) for D in (10**6, 10**9)]
    for rnd in rounders:
        rows = [[rnd(float(v)) for v in row] for row in C]
        for k, c in enumerate(piv):
            for i in range(r):
                rows[i][c] = Fraction(int(i == k))
        if rows not in out:
            out.append(rows)

    # A rounding far from the float kernel is wrong (it would certify only a bound above the optimum): those within
    # the solver's accuracy first, simplest (smallest denominators) first; the others after, closest first.
    def error(rows: list[list[Fraction]]) -> float:
        return float(np.max(np.abs(np.array(rows, dtype=float) - C)))

    def size(rows: list[list[Fraction]]) -> int:
        return max(q.denominator for row in rows for q in row)

    return sorted(out, key=lambda k: (error(k) > 1e-5, size(k) if error(k) <= 1e-5 else error(k)))


# Rounding of the free multipliers: simple fractions first (readable certificates), then a common denominator
# (keeps the least common denominator, hence the exact LDL's integers, small).
_ROUNDINGS = (lambda x: Fraction(x).limit_denominator(100), lambda x: Fraction(round(x * 10**6), 10**6),
              lambda x: Fraction(round(x * 10**9), 10**9))


def _active(problem: PEP, num: Numeric, pairs: list[Pair], tol: float = 1e-6) -> list[Pair]:
    """The pairs whose inequality is tight at the numeric worst case (complementary slackness: a multiplier on a
    slack inequality would only add its slack to tau)."""
    dim, nf = problem.dim, problem.n_points
    scale = max(1.0, float(np.abs(num.gram).max()), float(np.abs(num.f).max()))
    out = []
    for p in pairs:
        Q, a = problem.interpolation(*p).dense(dim, nf)
        if float(np.sum(Q * num.gram) + a @ num.f) <= tol * scale:
            out.append(p)
    return out


def _exactly_active(problem: PEP, num: Numeric, kernel: list[list[Fraction]], support: list[Pair]
                    ) -> list[Pair] | None:
    """Complementary slackness in exact arithmetic, for a rank-one worst case G* = c v v^T (initial distance: c = 1/v_0^2):
    the function values f_k follow exactly from the numerically active inequality with the optimum, and only the
    pairs whose slack at (G*, F*) is exactly 0 are kept.  None when this cannot be set up."""
    if len(kernel) != 1 or problem.initial != "distance" or kernel[0][0] == 0:
        return None
    v = kernel[0]
    c = 1 / (v[0] * v[0])
    active = set(support) | set(_active(problem, num, [q for p in range(problem.n_points) for q in ((STAR, p), (p, STAR))]))

    def quad(pair: Pair) -> Fraction:
        return c * sum((a * b for a, b in zip(v, problem.interpolation(*pair).apply(v), strict=True)), Fraction(0))

    F: list[Fraction] = []
    for k in range(problem.n_points):  # q_{*,k} = -f_k + quad, q_{k,*} = f_k + quad (f_* = 0)
        if (STAR, k) in active:
            F.append(quad((STAR, k)))
        elif (k, STAR) in active:
            F.append(-quad((k, STAR)))
        else:
            return None
    keep = [p for p in support
            if quad(p) + sum((a * F[k] for k, a in problem.interpolation(*p).linear.items()), Fraction(0)) == 0]
    return keep or None


def _tight(problem: PEP, num: Numeric) -> tuple[Fraction, dict[Pair, Fraction]] | None:
    numeric_support = _active(problem, num, _support(problem, num, 1e-7))
    lam = dict(zip(problem.pairs(), num.multipliers, strict=True))
    init, metric = problem.initial_form(), problem.metric_form()
    best: tuple[Fraction, dict[Pair, Fraction]] | None = None
    for kernel in _kernels(num.gram):
        supports = [numeric_support]
        exact = _exactly_active(problem, num, kernel, numeric_support)
        if exact is not None and exact != numeric_support:
            supports.insert(0, exact)
        for support in supports:
            forms = [problem.interpolation(*p) for p in support]
            # Function-value equations tau Ia - Ma - sum lambda a_p = 0 and S v = 0, unknowns (tau, lambda_p).
            A = [[Fraction(init.linear.get(k, 0))] + [-Fraction(f.linear.get(k, 0)) for f in forms]
                 for k in range(problem.n_points)]
            b = [Fraction(metric.linear.get(k, 0)) for k in range(problem.n_points)]
            for v in kernel:  # S v = 0: tau (I v) - (M v) - sum lambda (Q_p v) = 0
                Iv, Mv = init.apply(v), metric.apply(v)
                Qv = [f.apply(v) for f in forms]
                for i in range(problem.dim):
                    A.append([Iv[i]] + [-q[i] for q in Qv])
                    b.append(Mv[i])
            order = [0, *(1 + i for i in np.argsort([-lam[p] for p in support]))]
            for rnd in _ROUNDINGS:
                guess = [rnd(num.value)] + [rnd(float(lam[p])) for p in support]
                u = solve_pinned(A, b, guess, order)
                if u is None or min(u) < 0:
                    continue
                cert = {p: v for p, v in zip(support, u[1:], strict=True) if v}
                if (best is None or u[0] < best[0]) and verify(problem, cert, u[0]).proved:
                    best = u[0], cert
                    break
        # A wrong rounding of the kernel still certifies, a little above the optimum: keep looking for a smaller
        # bound unless this one is a short rational at the numeric value.
        if best is not None and best[0].denominator <= 10**12 and \
                abs(float(best[0]) - num.value) <= TIGHT * max(1.0, abs(num.value)):
            return best
    return best


def _round_up(x: Fraction, digits: int = 10) -> Fraction:
    """A short rational >= x: x rounded up at ``digits`` significant digits."""
    if x <= 0:
        return Fraction(0) if x == 0 else -_round_down(-x, digits)
    e = digits - 1 - math.floor(math.log10(x))
    scale = Fraction(10) ** e
    return Fraction(math.ceil(x * scale)) / scale


def _round_down(x: Fraction, digits: int) -> Fraction:
    e = digits - 1 - math.floor(math.log10(x))
    scale = Fraction(10) ** e
    return Fraction(math.floor(x * scale)) / scale


def _upper(problem: PEP, num: Numeric, support: list[Pair] | None = None
           ) -> tuple[Fraction, dict[Pair, Fraction]] | None:
    for slack in (1e-7, 1e-6, 1e-5, 1e-4):
        tau_fix = _round_up(Fraction(num.value * (1 + slack) + slack * 1e-3), 8)
        try:
            relaxed = solve(problem, tau=float(tau_fix), support=support)
        except SolverError:  # infeasible at this tau: try a larger slack
            continue
        if relaxed.margin <= 0:
            continue
        support = _support(problem, relaxed, 1e-9)
        lam = dict(zip(problem.pairs(), relaxed.multipliers, strict=True))
        forms = [problem.interpolation(*p) for p in support]
        init, metric = problem.initial_form(), problem.metric_form()
        A = [[-Fraction(f.linear.get(k, 0)) for f in forms] for k in range(problem.n_points)]
        b = [Fraction(metric.linear.get(k, 0)) - tau_fix * Fraction(init.linear.get(k, 0))
             for k in range(problem.n_points)]
        guess = [Fraction(round(float(lam[p]) * 10**12), 10**12) for p in support]
        u = solve_pinned(A, b, guess, list(np.argsort([-lam[p] for p in support])))
        if u is None or min(u) < 0:
            continue
        cert = {p: v for p, v in zip(support, u, strict=True) if v}
        tau = tau_fix
        if problem.initial == "distance":  # the least tau that keeps S PSD, rounded up
            S, _ = residual(problem, cert, Fraction(0))
            M, rho = _enclosed(S)
            least = least_shift([[v - rho if i == j else v for j, v in enumerate(row)] for i, row in enumerate(M)], 0)
            if least is None:
                continue
            tau = min(tau_fix, _round_up(least))
        if verify(problem, cert, tau).proved:
            return tau, cert
    return None


def certify(problem: PEP, num: Numeric | None = None) -> Certificate:
    """An exact certificate for the numeric solution ``num`` (solved here if not given): tight if possible,
    else a verified upper bound slightly above the numeric value, else undecided."""
    start = time.perf_counter()
    num = num or solve(problem)
    found, how = None, ""
    # The chain support first: consecutive points and each point with the optimum, the inequalities of the classical
    # proofs (Drori-Teboulle, Kim-Fessler).  When it reaches the same optimum its multipliers are usually unique
    # (the full dual's optimal face is not: an interior-point solution mixes many pairs), so the rounding is simpler.
    n = problem.n_points
    chain = [(i - 1, i) for i in range(1, n)] + [(STAR, i) for i in range(n)] + [(i, STAR) for i in range(n)]
    tries: list[tuple[Numeric, list[Pair] | None, str]] = []
    try:
        on_chain = solve(problem, support=chain)
        if abs(on_chain.value - num.value) <= 1e-7 * max(1.0, abs(num.value)):
            tries.append((on_chain, chain, " (chain support)"))
    except SolverError:
        pass
    tries.append((num, None, ""))
    for attempt, support, note in tries:
        if problem.exact_steps:
            found = _tight(problem, attempt)
            how = "tight: kernel of the worst case imposed, solved exactly" + note
        if found is None:
            found = _upper(problem, attempt, support)
            how = "upper bound: strictly feasible point rounded, least tau rounded up" + note
        if found is not None:
            break
    if found is None:
        v = Verdict(Status.UNDECIDED, "exact certificate check", detail="no rounding of the multipliers verified")
        return Certificate(None, {}, v, False, "none", time.perf_counter() - start)
    tau, cert = found
    verdict = verify(problem, cert, tau)
    # tight: the kernel route (the certified bound is the SDP's optimum, not a bound just above it) and agreement
    tight = how.startswith("tight") and abs(float(tau) - num.value) <= TIGHT * max(1.0, abs(num.value))
    return Certificate(tau, cert, verdict, tight, how, time.perf_counter() - start)
