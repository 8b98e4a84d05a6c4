"""Modified equations of rules with state (momentum, RMSProp, Adam): reduction to the slow manifold.

Method.  With the step h = lr small and the other hyperparameters fixed, a rule (theta, s) -> (Theta, Sigma)
has an invariant slow manifold s = S(theta) = S_0 + h S_1 + h^2 S_2 + ..., determined order by order from
S(Theta(theta, S(theta), h)) = Sigma(theta, S(theta), h) (at h = 0: s = Sigma(theta, s, 0) with Theta = theta;
at order h^k the equation is linear in S_k, with factor 1 - beta for an EMA).  On it the rule is a one-step map
theta -> Theta(theta, S(theta), h) = theta + h d_1 + h^2 d_2 + ..., whose modified field comes from
:func:`symgd.bea.maps.modified_field_of_map`.  Everything is computed in coordinates with the loss given
(undefined L(x1..xd) for the general statement); elementwise rules act coordinate by coordinate.

Results (f~ = f_0 + h f_1 + ..., h = lr; each verified in tests by a direct computation and by the local error
order of the truncated flow against one step of the rule started on the manifold):
* heavy ball, x+ = x - h g + mu (x - x_prev):  f_0 = -g/(1 - mu),  f_1 = -(1 + mu)/(2 (1 - mu)^3) Hg,
  i.e. f~ = -(1/(1 - mu)) grad(L + h (1 + mu)/(4 (1 - mu)^2) ||g||^2) = -grad(L/(1 - mu) + h (1 + mu)/(4 (1 - mu)^3)
  ||g||^2).  In the effective step h_eff = h/(1 - mu) and time t/(1 - mu) this is GD's modified loss with the
  regulariser (h_eff/4)||g||^2 multiplied by (1 + mu)/(1 - mu): the factor stated by Ghosh, Lyu, Zhang and Wang,
  "Implicit regularization in heavy-ball momentum accelerated stochastic gradient descent" (ICLR 2023, arXiv
  2302.00849; abstract: "stronger than that of (GD) by factor of (1+beta)/(1-beta)").  The normalisation matters:
  the same factor at the step h instead of h_eff is wrong (fitted local error order 2 instead of 3,
  tests/test_bea_stateful.py).  Same for the EMA form (h = lr, gamma = mu: f_0 = -g,
  f_1 = -(1 + gamma)/(2 (1 - gamma)) Hg).  Higher orders: Cattaneo and Shigida, "Modified loss of momentum gradient
  descent: fine-grained analysis" (arXiv 2509.08483, 2025), state that on the invariant manifold heavy ball is exactly
  GD on a modified loss and find Eulerian and Narayana polynomials in its coefficients.  Our reduction agrees where
  checked: the map's increments d_1, d_2, d_3 have symmetric Jacobians for an undefined L in d = 2 (run once, 9 s),
  and on a quadratic its h^k coefficient is -mu N_(k-1)(mu) lambda^k/(1 - mu)^(2k - 1), N_n the Narayana polynomials
  (tests/test_bea_stateful.py, against the slow root of the characteristic equation).
* RMSProp (eps inside the root), phi_i = g_i / sqrt(g_i^2 + eps) so f_0 = -phi:
  f_1,i = (H phi)_i (beta g_i^2/(1 - beta) - eps/2) / (g_i^2 + eps)^(3/2),  where (H phi)_i = d_i ||g||_{1,eps},
  ||g||_{1,eps} = sum_j sqrt(g_j^2 + eps) (the perturbed one-norm).  Equivalently
  f_1,i = beta/(1 - beta) d_i N / sqrt(g_i^2 + eps) - eps (beta/(1 - beta) + 1/2) d_i N / (g_i^2 + eps)^(3/2),
  N = ||g||_{1,eps}: for small eps the flow is -grad(L - h beta/(1 - beta) N) preconditioned, an anti-penalty.
* Adam without bias correction (the large-t limit; eps outside the root as in symgd.optim.rules.ADAM),
  phi_i = g_i / (|g_i| + eps):
  f_1,i = -(H phi)_i [b1/((1 - b1)(|g_i| + eps)) - b2 |g_i|/((1 - b2)(|g_i| + eps)^2) + eps/(2 (|g_i| + eps)^2)],
  (H phi)_i = d_i sum_j |g_j| up to O(eps).  For eps -> 0 this is -(b1/(1 - b1) - b2/(1 - b2)) d_i ||g||_1 / |g_i|:
  the one-norm of the gradient is penalised when b1 > b2 and anti-penalised when b2 > b1 (the usual setting),
  and for eps large Adam is heavy ball in EMA form with step h/eps (f_1 -> -(1 + b1)/(2 (1 - b1)) Hg / eps^2).
  Literature: Cattaneo, Klusowski and Shigida, "On the implicit bias of Adam" (ICML 2024, arXiv 2309.00079) put
  eps inside the root (their code, borshigida/implicit-bias-of-adam: theta -= h m_hat / sqrt(v_hat + eps), beta and
  rho for b1 and b2) and keep the bias correction (time-dependent coefficients); their abstract: the terms
  "penalize the (perturbed) one-norm of the loss gradients or, conversely, impede its reduction (the latter case
  being typical)".  In their convention at large t our machinery (symgd.bea.ema on that rule) gives
  f_1,i = -(b1/(1 - b1) - b2/(1 - b2)) d_i N / sqrt(g_i^2 + eps) - eps (b2/(1 - b2) + 1/2) d_i N / (g_i^2 + eps)^(3/2),
  i.e. the preconditioned flow of L + h (b1/(1 - b1) - b2/(1 - b2)) N plus an O(h eps) term: anti-penalised exactly
  when b2/(1 - b2) > b1/(1 - b1), the dichotomy of the abstract.  The eps term is needed at finite eps (without it
  the fitted local error order drops from 3 to 2, tests/test_bea_stateful.py).  The theorem's own coefficients
  could not be read from the sources available here (only abstracts and the code), so the comparison is of the
  abstract's statement, the normalisation and the eps -> 0 modified loss.

Nesterov (rule form: the parameter is the look-ahead point) gets f_0 = -g/(1 - mu) and a first-order term from
the same machinery.

Second order of RMSProp and Adam: the closed form of :mod:`symgd.bea.ema` (the slow manifold of an EMA-preconditioned
rule written out to h^2; an operator formula in R, Q and the betas, exact for any loss), checked against the generic
solver here and by the local error order 4 over three steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from math import factorial

import sympy as sp
from sympy.core.function import AppliedUndef

from symgd.bea.differentials import DifferentialEvaluator
from symgd.bea.ema import ema_modified_field, relevant_states
from symgd.bea.maps import modified_field_of_map
from symgd.bea.modified import ModifiedEquation, Term
from symgd.bea.trees import RootedTree, trees
from symgd.core.errors import BadInput

__all__ = ["LINEAR_RULES", "ORDER_LIMITS", "USER_ORDER_LIMIT", "AdaptiveModifiedEquation", "SlowManifold", "adaptive_first_order",
           "identify_in_trees", "large_t_adam", "reduce", "rule_for", "stateful_modified_equation"]

#: Rules whose modified field is a combination of elementary differentials with coefficients in the hyperparameters.
LINEAR_RULES = ("heavy_ball", "heavy_ball_ema", "nesterov")
#: Highest order offered by stateful_modified_equation (the coordinate computation grows fast beyond).
ORDER_LIMITS = {"heavy_ball": 2, "heavy_ball_ema": 2, "nesterov": 2, "rmsprop": 2, "adam": 2}
#: Highest order for a rule that is not the library's.
USER_ORDER_LIMIT = 2


def large_t_adam(rule):
    """Adam without bias correction (m_hat = m, v_hat = v): its t -> infinity limit, an autonomous map."""
    from symgd.optim.rules import m, m_hat, v, v_hat

    return rule.with_assignment(m_hat, m, name="adam").with_assignment(v_hat, v, name="adam")


@dataclass(frozen=True)
class SlowManifold:
    """The reduction of a rule: the manifold s = sum_k h^k S_k and the map's increments d_1, d_2, ..."""

    h: sp.Symbol
    states: tuple[tuple[sp.Symbol, ...], ...]  # per rule state, one symbol per coordinate
    manifold: tuple[dict[sp.Symbol, sp.Expr], ...]  # S_k as {state symbol: expression}, k = 0..order (+1 if needed)
    increments: tuple[sp.ImmutableMatrix, ...]  # d_1 .. d_(order+1)

    def state_at(self, order: int | None = None) -> dict[sp.Symbol, sp.Expr]:
        """The truncated manifold sum_{k <= order} h^k S_k (default: every computed term, which is what a start on
        the manifold needs when the state enters the update at h^0)."""
        terms = self.manifold if order is None else self.manifold[:order + 1]
        return {s: sum(self.h**k * Sk[s] for k, Sk in enumerate(terms)) for s in self.manifold[0]}


def _taylor(expr: sp.Expr, h: sp.Symbol, k: int) -> sp.Expr:
    """The h^k Taylor coefficient at h = 0."""
    return sp.diff(expr, h, k).subs(h, 0) / factorial(k) if k else expr.subs(h, 0)


def reduce(rule, loss: sp.Expr, coords: Sequence[sp.Symbol], order: int,
           simplify=sp.expand, values: dict | None = None) -> SlowManifold:
    """Reduce ``rule`` (elementwise) to its slow manifold through h^order for ``loss`` in ``coords``.

    ``values`` substitutes numbers for hyperparameters other than lr first (numeric checks run faster)."""
    if not rule.elementwise:
        raise BadInput(f"{rule.name}: only elementwise rules are reduced")
    h = next((p for p in rule.hyper if p.name == "lr"), None)
    if h is None:
        raise BadInput(f"{rule.name}: no step size named lr")
    new = {s: e.xreplace(values or {}) for s, e in rule.step().items()}
    states = relevant_states(rule, new)
    dim = len(coords)
    grads = [sp.diff(loss, x) for x in coords]
    syms = tuple(tuple(sp.Symbol(f"{s.name}_{i + 1}") for i in range(dim)) for s in states)

    def per_coord(expr: sp.Expr, i: int, state_vals: dict) -> sp.Expr:
        sub = {rule.param: coords[i], rule.grad: grads[i]}
        sub.update({s: state_vals[syms[j][i]] for j, s in enumerate(states)})
        return expr.xreplace(sub)

    flat = [s for group in syms for s in group]
    theta_new = lambda vals: [per_coord(new[rule.param], i, vals) for i in range(dim)]  # noqa: E731
    sigma_new = lambda vals: {syms[j][i]: per_coord(new[s], i, vals)  # noqa: E731
                              for j, s in enumerate(states) for i in range(dim)}

    manifold0 = _rest_point(rule.name, theta_new, sigma_new, flat, coords, h, simplify)
    # d_(k+1) needs S_k when the state enters the parameter's update with a factor h (EMA forms), S_(k+1) when it
    # enters at h^0 (classic heavy ball, Nesterov: x - x_prev).  In the second case, when S_0 does not involve the
    # loss, the state is rewritten s = S_0(x) + h w (a velocity): w enters with a factor h and no extra order is
    # needed, which is much cheaper than solving one more manifold equation.
    ident = {v: v for v in flat}
    extra = any(sp.diff(t, v).subs(h, 0) != 0 for t in theta_new(ident) for v in flat)
    if extra and not any(e.has(sp.Derivative) or e.atoms(AppliedUndef) for e in manifold0.values()):
        w = {v: sp.Symbol(f"w_{v.name}") for v in flat}
        lift = lambda vals: {v: manifold0[v] + h * vals[w[v]] for v in flat}  # noqa: E731
        theta_w = lambda vals: theta_new(lift(vals))  # noqa: E731

        def sigma_w(vals: dict) -> dict:
            moved = dict(zip(coords, theta_w(vals), strict=True))
            sig = sigma_new(lift(vals))
            out = {}
            for v in flat:
                num = sp.expand(sig[v] - manifold0[v].xreplace(moved))
                if num.subs(h, 0) != 0:
                    raise _NoVelocity
                out[w[v]] = sp.expand(num / h)
            return out

        try:
            flat_w = list(w.values())
            w0 = _rest_point(rule.name, theta_w, sigma_w, flat_w, coords, h, simplify)
            ws = _solve_manifold(rule.name, theta_w, sigma_w, flat_w, coords, h, order, w0, simplify)
            manifold = [manifold0] + [{v: W[w[v]] for v in flat} for W in ws]
        except _NoVelocity:
            manifold = _solve_manifold(rule.name, theta_new, sigma_new, flat, coords, h, order + 1, manifold0, simplify)
    else:
        manifold = _solve_manifold(rule.name, theta_new, sigma_new, flat, coords, h, order + int(extra), manifold0,
                                   simplify)

    full = {v: sum(h**j * manifold[j][v] for j in range(len(manifold))) for v in flat}
    theta1 = theta_new(full)
    increments = tuple(sp.ImmutableMatrix([simplify(_taylor(t - x, h, j)) for t, x in zip(theta1, coords, strict=True)])
                       for j in range(1, order + 2))
    return SlowManifold(h, syms, tuple(manifold), increments)


class _NoVelocity(Exception):
    """The state minus its rest point is not O(h) after one step: keep the original state."""


def _rest_point(name: str, theta_new, sigma_new, flat: list, coords, h: sp.Symbol, simplify) -> dict:
    """S_0: the fixed point of the state update at h = 0 with the parameter at rest."""
    ident = {v: v for v in flat}
    eqs = [sp.Eq(v, e.subs(h, 0)) for v, e in sigma_new(ident).items()]
    eqs += [sp.Eq(t.subs(h, 0), x) for t, x in zip(theta_new(ident), coords, strict=True)]
    sols = sp.solve(eqs, flat, dict=True) if flat else [{}]
    if len(sols) != 1 or set(sols[0]) != set(flat):
        raise BadInput(f"{name}: no unique slow manifold at h = 0 ({len(sols)} solutions)")
    return {v: simplify(sols[0][v]) for v in flat}


def _solve_manifold(name: str, theta_new, sigma_new, flat: list, coords, h: sp.Symbol, upto: int, manifold0: dict,
                    simplify) -> list[dict]:
    """S_1..S_upto from S(Theta(x, S(x), h)) = Sigma(x, S(x), h), one order at a time (linear in the new term)."""
    manifold = [manifold0]
    for k in range(1, upto + 1):
        u = {v: sp.Symbol(f"u_{v.name}") for v in flat}
        trial = {v: sum(h**j * manifold[j][v] for j in range(k)) + h**k * u[v] for v in flat}
        theta1 = theta_new(trial)
        delta = [sum(h**j * _taylor(t - x, h, j) for j in range(1, k + 1)) for t, x in zip(theta1, coords, strict=True)]
        rhs = sigma_new(trial)
        eqs = [_taylor(_compose(trial[v], coords, delta, h, k) - rhs[v], h, k) for v in flat]
        # linear in the unknowns: A u + b = 0 (A is (1 - beta) I for an EMA)
        unknowns = [u[v] for v in flat]
        zero = dict.fromkeys(unknowns, 0)
        A = sp.Matrix([[sp.diff(e, uj) for uj in unknowns] for e in eqs]).applyfunc(sp.simplify)
        b = sp.Matrix([e.xreplace(zero) for e in eqs])
        if A.det() == 0 or any(a_.has(*unknowns) for a_ in A):
            raise BadInput(f"{name}: the order-{k} manifold equation has no unique solution")
        sol = A.LUsolve(-b)
        manifold.append({v: simplify(sol[i]) for i, v in enumerate(flat)})
    return manifold


def _compose(expr: sp.Expr, coords: Sequence[sp.Symbol], delta: Sequence[sp.Expr], h: sp.Symbol, k: int) -> sp.Expr:
    """expr(x + delta) to order h^k by Taylor's formula (delta = O(h)); no Subs objects for undefined functions."""
    out = sp.Integer(0)
    for alpha in product(range(k + 1), repeat=len(coords)):
        if sum(alpha) > k:
            continue
        term = expr
        for x, a in zip(coords, alpha, strict=True):
            if a:
                term = sp.diff(term, x, a)
        weight = sp.Integer(1)
        for dlt, a in zip(delta, alpha, strict=True):
            weight *= dlt**a / factorial(a)
        out += term * weight
    return out


def identify_in_trees(field: sp.MatrixBase, k: int, loss: sp.Expr, coords: Sequence[sp.Symbol]) -> dict | None:
    """Coefficients c_t (expressions in the hyperparameters) with field = sum_{|t| = k+1} c_t G(t), or None."""
    ev = DifferentialEvaluator(loss, coords)
    ts = trees(k + 1)
    cs = sp.symbols(f"c0:{len(ts)}")
    resid = sp.Matrix(field) - sum((c * ev(t) for c, t in zip(cs, ts, strict=True)), sp.zeros(len(coords), 1))
    derivs = sorted(set().union(*(e.atoms(sp.Derivative) for e in resid)), key=sp.default_sort_key)
    names = sp.symbols(f"D0:{len(derivs)}")
    eqs = []
    for e in resid:
        e = sp.expand(e.xreplace(dict(zip(derivs, names, strict=True))))
        try:
            eqs += sp.Poly(e, *names).coeffs() if names else [e]
        except sp.PolynomialError:  # not polynomial in the derivatives (an elementwise root, a sign): not a B-series
            return None
    sol = sp.solve(eqs, cs, dict=True)
    if len(sol) != 1 or set(sol[0]) != set(cs):
        return None
    return {t: sp.factor(sol[0][c]) for c, t in zip(cs, ts, strict=True)}


def adaptive_first_order(name: str, loss: sp.Expr, coords: Sequence[sp.Symbol], hyper: dict | None = None
                         ) -> list[sp.ImmutableMatrix]:
    """[f_0, f_1] of RMSProp or large-t Adam in closed form (the formulas of the module docstring), for ``loss``.

    ``hyper`` maps the rule's hyperparameter symbols to values (default: left symbolic).  The slow-manifold
    reduction (:func:`reduce`) is the derivation; this is its result, checked against it in the tests."""
    from symgd.optim.rules import b1, b2, beta, eps

    hyper = hyper or {}
    ep = hyper.get(eps, eps)
    g = [sp.diff(loss, x) for x in coords]
    H = sp.hessian(loss, list(coords))
    if name == "rmsprop":
        be = hyper.get(beta, beta)
        phi = sp.Matrix([gi / sp.sqrt(gi**2 + ep) for gi in g])
        Hphi = H * phi
        f1 = [Hphi[i] * (be * g[i] ** 2 / (1 - be) - ep / 2) / (g[i] ** 2 + ep) ** sp.Rational(3, 2) for i in range(len(g))]
    elif name == "adam":
        c1, c2 = hyper.get(b1, b1), hyper.get(b2, b2)
        a = [sp.sqrt(gi**2) for gi in g]
        phi = sp.Matrix([gi / (ai + ep) for gi, ai in zip(g, a, strict=True)])
        Hphi = H * phi
        f1 = [-Hphi[i] * (c1 / ((1 - c1) * (a[i] + ep)) - c2 * a[i] / ((1 - c2) * (a[i] + ep) ** 2)
                          + ep / (2 * (a[i] + ep) ** 2)) for i in range(len(g))]
    else:
        raise BadInput(f"no closed form for {name}")
    return [sp.ImmutableMatrix(-phi), sp.ImmutableMatrix(f1)]


_ORDER_TWO_TEXT = ("f_2 = d_3 - (1/2)(f_0' f_1 + f_1' f_0) - (1/6)(f_0' f_0' f_0 + f_0''[f_0,f_0])  (' = Jacobian in theta)\n"
                   "    d_2 = -sum_a R_a S_1,a,  d_3 = -sum_a R_a S_2,a - (1/2) sum_ab R_ab S_1,a S_1,b\n"
                   "    S_1,a = Q_a' phi/(1 - beta_a),  S_2,a = -(Q_a' d_2 - S_1,a' phi + (1/2) Q_a''[phi,phi])/(1 - beta_a)\n"
                   "    (R_a, R_ab: derivatives of R in the states at s = Q; elementwise products)")
_ORDER_TWO_LATEX = (r"f_2 = d_3 - \tfrac12 (f_0' f_1 + f_1' f_0) - \tfrac16 (f_0' f_0' f_0 + f_0''[f_0, f_0]),\ "
                    r"d_3 = -\textstyle\sum_a R_a S_{2,a} - \tfrac12 \sum_{a,b} R_{ab} S_{1,a} S_{1,b}",
                    r"d_2 = -\textstyle\sum_a R_a S_{1,a},\ S_{1,a} = \frac{Q_a' \varphi}{1 - \beta_a},\ "
                    r"S_{2,a} = -\frac{Q_a' d_2 - S_{1,a}' \varphi + \frac12 Q_a''[\varphi, \varphi]}{1 - \beta_a}")
_ADAPTIVE_TEXT = {
    "rmsprop": ("phi_i = g_i / sqrt(g_i^2 + eps);  f_0 = -phi",
                "f_1,i = (H phi)_i (beta g_i^2/(1 - beta) - eps/2) / (g_i^2 + eps)^(3/2),  "
                "(H phi)_i = d_i sum_j sqrt(g_j^2 + eps)",
                _ORDER_TWO_TEXT + "\n    R = g/sqrt(beta v + (1 - beta) g^2 + eps), Q = g^2 (state v)"),
    "adam": ("phi_i = g_i / (|g_i| + eps);  f_0 = -phi   (no bias correction: t -> infinity)",
             "f_1,i = -(H phi)_i [b1/((1 - b1)(|g_i| + eps)) - b2 |g_i|/((1 - b2)(|g_i| + eps)^2) "
             "+ eps/(2 (|g_i| + eps)^2)]",
             _ORDER_TWO_TEXT + "\n    R = (b1 m + (1 - b1) g)/(sqrt(b2 v + (1 - b2) g^2) + eps), Q = (g, g^2) "
             "(states m, v)"),
}
_ADAPTIVE_LATEX = {
    "rmsprop": (r"f_0 = -\varphi,\quad \varphi_i = \frac{g_i}{\sqrt{g_i^2 + \epsilon}}",
                r"f_{1,i} = (H\varphi)_i\, \frac{\frac{\beta}{1-\beta} g_i^2 - \frac{\epsilon}{2}}{(g_i^2 + \epsilon)^{3/2}}",
                r"R = \frac{g}{\sqrt{\beta v + (1-\beta) g^2 + \epsilon}},\ Q = g^2"),
    "adam": (r"f_0 = -\varphi,\quad \varphi_i = \frac{g_i}{|g_i| + \epsilon}",
             r"f_{1,i} = -(H\varphi)_i \Big[\frac{\beta_1}{(1-\beta_1)(|g_i|+\epsilon)} - "
             r"\frac{\beta_2 |g_i|}{(1-\beta_2)(|g_i|+\epsilon)^2} + \frac{\epsilon}{2(|g_i|+\epsilon)^2}\Big]",
             r"R = \frac{\beta_1 m + (1-\beta_1) g}{\sqrt{\beta_2 v + (1-\beta_2) g^2} + \epsilon},\ Q = (g, g^2)"),
}


def _latex_rows(rule: str, order: int) -> list[str]:
    rows = list(_ADAPTIVE_LATEX[rule][:2][: order + 1])
    if order >= 2:
        rows += [*_ORDER_TWO_LATEX, _ADAPTIVE_LATEX[rule][2]]
    return rows


@dataclass(frozen=True)
class AdaptiveModifiedEquation:
    """Modified equation of an elementwise adaptive rule (RMSProp, Adam): first order in closed form per coordinate,
    second order in the closed form of :mod:`symgd.bea.ema` (an operator formula in R, Q and the betas)."""

    rule: str
    order: int

    def field(self, loss: sp.Expr, coords: Sequence[sp.Symbol], hyper: dict | None = None) -> list[sp.ImmutableMatrix]:
        if self.order <= 1:
            return adaptive_first_order(self.rule, loss, coords, hyper)[: self.order + 1]
        from symgd.optim.rules import RULES

        return ema_modified_field(rule_for(RULES[self.rule]), loss, coords, self.order, values=hyper)

    def text(self) -> str:
        lines = [f"modified equation of {self.rule} to order {self.order}: theta' = f_0 + lr f_1 + ... (per coordinate i)"]
        return "\n".join(lines + list(_ADAPTIVE_TEXT[self.rule][: self.order + 1]))

    def latex(self) -> str:
        return "\\begin{aligned}\n" + " \\\\\n".join("&" + row for row in _latex_rows(self.rule, self.order)) \
            + "\n\\end{aligned}"

    def markdown(self) -> str:
        rows = "\n".join(f"- ${row}$" for row in _latex_rows(self.rule, self.order))
        return f"Modified equation of `{self.rule}` (per coordinate; $g = \\nabla L$, $H = \\nabla^2 L$):\n\n{rows}"

    def to_dict(self) -> dict:
        return {"rule": self.rule, "order": self.order, "per_coordinate": True,
                "orders": [{"k": k, "formula": txt} for k, txt in enumerate(_ADAPTIVE_TEXT[self.rule][: self.order + 1])]}


def rule_for(rule):
    """The autonomous form analysed: Adam without bias correction, every other rule as it is."""
    return large_t_adam(rule) if rule.name == "adam" else rule


def stateful_modified_equation(rule, order: int):
    """The modified equation of a rule other than GD, through lr^order.

    The library's rules have the limits of :data:`ORDER_LIMITS` (RMSProp and Adam in closed form).  Any other
    elementwise rule (a user's, with or without state) goes through the slow-manifold reduction up to
    :data:`USER_ORDER_LIMIT`, and its field must come out as a combination of elementary differentials of L with
    coefficients in the hyperparameters; otherwise it is refused (reduce() and modified_field_of_map() still give
    the coordinates).  A rule is the library's only if it is equal to it, not merely named like it."""
    from symgd.optim.rules import RULES

    library = RULES.get(rule.name) == rule
    limit = ORDER_LIMITS.get(rule.name) if library else USER_ORDER_LIMIT
    if limit is None:
        raise BadInput(f"no modified equation for {rule.name} yet (available: gd, {', '.join(sorted(ORDER_LIMITS))})")
    if order > limit:
        raise BadInput(f"{rule.name}: order {order} is not available (up to {limit})")
    if library and rule.name not in LINEAR_RULES:
        return AdaptiveModifiedEquation(rule.name, order)
    x1, x2 = sp.symbols("x1 x2", real=True)
    L = sp.Function("L")(x1, x2)
    red = reduce(rule, L, (x1, x2), order)
    fields = modified_field_of_map(red.increments, (x1, x2), order)
    per_order, counts = [], []
    for k, f in enumerate(fields):
        coeffs = identify_in_trees(f, k, L, (x1, x2))
        if coeffs is None:
            raise BadInput(f"{rule.name}: f_{k} is not a combination of elementary differentials of L (for coordinates: "
                           "symgd.bea.stateful.reduce, symgd.bea.maps.modified_field_of_map)")
        counts.append(len(trees(k + 1)))
        per_order.append(tuple(Term(_as_coefficient(c), RootedTree(t)) for t, c in coeffs.items() if c != 0))
    return ModifiedEquation(rule.name, order, tuple(per_order), tuple(counts),
                            convention="f~ = sum_k lr^k f_k, gradient language; coefficients in the hyperparameters")


def _as_coefficient(c: sp.Expr):
    """A rational number as a Fraction (GD-style), anything else stays a SymPy expression."""
    if c.is_Rational:
        return Fraction(int(c.p), int(c.q))
    return c
