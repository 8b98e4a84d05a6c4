"""Update rules of the documents as symbolic data: the single source of every optimizer.

An :class:`UpdateRule` holds the hyperparameters, the state variables with their initial values and
an ordered list of assignments (later assignments see the new values of earlier ones, so Adam's bias
correction uses the new m and v).  Symbols assigned that are neither the parameter nor a state
variable are temporaries (Adam's m-hat, v-hat; heavy ball's previous step).  :meth:`UpdateRule.step`
substitutes everything out and gives the new parameter and state as expressions of the old ones:
the numeric backends compile exactly these expressions and the derivations reason about them, so
theory and code cannot drift apart.

Elementwise rules (``elementwise=True``) use scalar symbols and act coordinate by coordinate on
arrays of any shape; a state whose update does not involve the parameter or the gradient (Adam's
step counter t) is a scalar.  Full-matrix rules (preconditioned GD, Newton, full-matrix AdaGrad)
use ``MatrixSymbol``s of the symbolic dimension :data:`d`: the parameter is a d x 1 column.

Reference.  Document 003, sections "Preconditioning", "Newton's method", "Momentum", "AdaGrad",
"RMSProp", "ADAM"; Kingma and Ba (2015); Polyak (1964); Nesterov (1983); Duchi, Hazan and Singer (2011).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import sympy as sp

__all__ = [
    "ADAGRAD",
    "ADAGRAD_FULL",
    "ADAM",
    "GD",
    "HEAVY_BALL",
    "HEAVY_BALL_EMA",
    "NESTEROV",
    "NEWTON",
    "PRECONDITIONED_GD",
    "RMSPROP",
    "RULES",
    "G",
    "Gmat",
    "Gvec",
    "H",
    "Hyper",
    "P",
    "Theta",
    "UpdateRule",
    "b1",
    "b2",
    "beta",
    "d",
    "delta",
    "eps",
    "g",
    "gamma",
    "lr",
    "m",
    "m_hat",
    "mu",
    "t",
    "theta",
    "theta_prev",
    "v",
    "v_hat",
]


class Hyper(sp.Symbol):
    """A hyperparameter symbol: a plain Python name (``lr``, ``b1``) for keyword arguments and
    lambdify, printed in LaTeX with the documents' notation (``\\eta``, ``\\beta_{1}``)."""

    _TEX: dict[str, str] = {  # noqa: RUF012  (class-level table, not per-instance state)
        "lr": r"\eta",
        "b1": r"\beta_{1}",
        "b2": r"\beta_{2}",
        "beta": r"\beta",
        "gamma": r"\gamma",
        "mu": r"\mu",
        "eps": r"\epsilon",
    }

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        return self._TEX.get(self.name) or printer._print_Symbol(self)


#: The symbolic dimension of full-matrix rules.
d = sp.Symbol("d", integer=True, positive=True)

# Shared symbols (public: the derivations build on them).  Same name and assumptions give the same
# SymPy object, so rules share them.
theta, g = sp.symbols("theta g", real=True)
lr = Hyper("lr", positive=True)
eps = Hyper("eps", positive=True)
b1, b2, beta, gamma, mu = (Hyper(n, nonnegative=True) for n in ("b1", "b2", "beta", "gamma", "mu"))
t = sp.Symbol("t", integer=True, nonnegative=True)
m = sp.Symbol("m", real=True)
v, G = sp.symbols("v G", nonnegative=True)
m_hat = sp.Symbol(r"\hat{m}", real=True)
v_hat = sp.Symbol(r"\hat{v}", nonnegative=True)
theta_prev = sp.Symbol("theta_prev", real=True)
delta = sp.Symbol("delta", real=True)
# Full-matrix rules: column vectors and d x d matrices.
Theta, Gvec = sp.MatrixSymbol("theta", d, 1), sp.MatrixSymbol("g", d, 1)
P, H, Gmat = sp.MatrixSymbol("P", d, d), sp.MatrixSymbol("H", d, d), sp.MatrixSymbol("G", d, d)


@dataclass(frozen=True)
class UpdateRule:
    """One optimizer as symbolic data (see the module docstring).

    ``hyper`` lists every hyperparameter; scalar ones have defaults in ``defaults`` (keyed by
    symbol name); matrix ones (P, H) are supplied at run time, as an array or a callback of the
    parameters.  ``state`` pairs each state symbol with its initial value, which may involve the
    parameter (heavy ball's previous iterate starts at the initial point).
    """

    name: str
    param: sp.Symbol
    grad: sp.Symbol
    hyper: tuple[sp.Symbol, ...]
    defaults: dict[str, float]
    state: tuple[tuple[sp.Symbol, sp.Expr], ...]
    assignments: tuple[tuple[sp.Symbol, sp.Expr], ...]
    elementwise: bool = True
    doc: str = ""
    title: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        targets = [s for s, _ in self.assignments]
        if self.param not in targets:
            raise ValueError(f"{self.name}: the parameter is never assigned")
        known = {self.param, self.grad, *self.hyper, *self.state_symbols, *([d] if not self.elementwise else [])}
        for s, e in self.assignments:
            unknown = e.free_symbols - known
            if unknown:
                raise ValueError(f"{self.name}: {s} := {e} uses {sorted(map(str, unknown))} before assigning them")
            known.add(s)

    def __hash__(self) -> int:  # the defaults dict is left out (dicts are unhashable)
        return hash((self.name, self.param, self.grad, self.hyper, self.state, self.assignments, self.elementwise))

    # --- structure ---------------------------------------------------------------------------------
    @property
    def state_symbols(self) -> tuple[sp.Symbol, ...]:
        return tuple(s for s, _ in self.state)

    @property
    def state_names(self) -> tuple[str, ...]:
        """Python names of the state (the NamedTuple fields of the optimizers)."""
        return tuple(_pyname(s) for s in self.state_symbols)

    @property
    def hyper_names(self) -> tuple[str, ...]:
        return tuple(h.name for h in self.hyper)

    @property
    def matrix_hypers(self) -> tuple[sp.Symbol, ...]:
        """Hyperparameters that are matrices (P, H): supplied at run time, no default."""
        return tuple(h for h in self.hyper if isinstance(h, sp.MatrixSymbol))

    def temporaries(self) -> tuple[sp.Symbol, ...]:
        """Assigned symbols that are neither the parameter nor state (named intermediate values)."""
        keep = {self.param, *self.state_symbols}
        return tuple(s for s, _ in self.assignments if s not in keep)

    def scalar_states(self) -> tuple[sp.Symbol, ...]:
        """State symbols whose update involves only hyperparameters and other scalar states (Adam's t):
        one number per optimizer, not one per coordinate."""
        new = self.step()
        scalar: set[sp.Symbol] = set()
        changed = True
        while changed:
            changed = False
            for s in self.state_symbols:
                if s not in scalar and new[s].free_symbols <= set(self.hyper) | scalar | {s}:
                    scalar.add(s)
                    changed = True
        return tuple(s for s in self.state_symbols if s in scalar)

    # --- semantics ----------------------------------------------------------------------------------
    def step(self) -> dict[sp.Symbol, sp.Expr]:
        """New value of the parameter and of every state symbol, as expressions of the old values,
        the gradient and the hyperparameters (temporaries substituted out, in order)."""
        new: dict[sp.Symbol, sp.Expr] = {}
        for s, e in self.assignments:
            new[s] = e.xreplace(new)
        return {s: new.get(s, s) for s in (self.param, *self.state_symbols)}

    def with_assignment(self, symbol: sp.Symbol, expr: sp.Expr, name: str | None = None) -> UpdateRule:
        """A variant with the assignment of ``symbol`` replaced (e.g. Adam without bias correction:
        ``ADAM.with_assignment(m_hat, m)``); used for comparisons and mutation tests."""
        if symbol not in [s for s, _ in self.assignments]:
            raise ValueError(f"{self.name} assigns no {symbol}")
        assignments = tuple((s, expr if s == symbol else e) for s, e in self.assignments)
        return dataclasses.replace(self, assignments=assignments, name=name or f"{self.name}_variant")

    def symbol(self, name: str) -> sp.Symbol:
        """The symbol of this rule (hyper, state, temporary, param, grad) with this name."""
        pool = [self.param, self.grad, *self.hyper, *self.state_symbols, *(s for s, _ in self.assignments)]
        for s in pool:
            if s.name == name or _pyname(s) == name:
                return s
        raise KeyError(f"{self.name} has no symbol {name!r}")

    # --- output -------------------------------------------------------------------------------------
    def latex(self) -> str:
        """The assignments, in order, as an ``aligned`` block (left arrows: new value from old)."""
        lines = [f"{sp.latex(s)} &\\leftarrow {_tex_update(s, e)}" for s, e in self.assignments]
        return "\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}"

    def __str__(self) -> str:
        return f"{self.name}: " + "; ".join(f"{s} <- {e}" for s, e in self.assignments)


def _tex_update(target: sp.Symbol, expr: sp.Expr) -> str:
    """LaTeX of a new value, the old value of the target first when it is a term (theta - eta g, not -eta g + theta)."""
    if isinstance(expr, sp.Add | sp.MatAdd) and target in expr.args:
        others = [a for a in expr.args if a != target]
        rest = sp.latex(type(expr)(*others) if len(others) > 1 else others[0])
        return f"{sp.latex(target)} {rest}" if rest.startswith("-") else f"{sp.latex(target)} + {rest}"
    return sp.latex(expr)


def _pyname(s: sp.Symbol) -> str:
    """A Python identifier for a symbol name (\\hat{m} -> m_hat)."""
    name = s.name
    if name.startswith("\\hat{") and name.endswith("}"):
        return name[5:-1] + "_hat"
    return name


# --- the rules ------------------------------------------------------------------------------------

GD = UpdateRule(
    name="gd",
    title="Gradient descent",
    param=theta, grad=g, hyper=(lr,), defaults={"lr": 0.1}, state=(),
    assignments=((theta, theta - lr * g),),
    doc="theta <- theta - lr g.",
)

PRECONDITIONED_GD = UpdateRule(
    name="preconditioned_gd",
    title="Preconditioned gradient descent",
    param=Theta, grad=Gvec, hyper=(lr, P), defaults={"lr": 1.0}, state=(),
    assignments=((Theta, Theta - lr * P * Gvec),),
    elementwise=False,
    doc="theta <- theta - lr P g with a fixed (symmetric positive definite) d x d matrix P (document 003, "
    "Preconditioning).",
)

NEWTON = UpdateRule(
    name="newton",
    title="Newton's method",
    param=Theta, grad=Gvec, hyper=(lr, H), defaults={"lr": 1.0}, state=(),
    assignments=((Theta, Theta - lr * H.I * Gvec),),
    elementwise=False,
    doc="theta <- theta - lr H^{-1} g, H the Hessian at theta, supplied at run time by a callback "
    "(document 003, Newton's method; lr = 1 is the pure Newton step).",
)

HEAVY_BALL_EMA = UpdateRule(
    name="heavy_ball_ema",
    title="Polyak momentum (EMA form)",
    param=theta, grad=g, hyper=(lr, gamma), defaults={"lr": 0.1, "gamma": 0.9},
    state=((m, sp.Integer(0)),),
    assignments=((m, gamma * m + (1 - gamma) * g), (theta, theta - lr * m)),
    doc="m <- gamma m + (1 - gamma) g; theta <- theta - lr m, m_0 = 0 (document 003, Momentum: "
    "'Polyak momentum is an EMA of gradients').  Same iterates as HEAVY_BALL with "
    "alpha = lr (1 - gamma) and mu = gamma.",
)

HEAVY_BALL = UpdateRule(
    name="heavy_ball",
    title="Polyak's heavy ball (classic form)",
    param=theta, grad=g, hyper=(lr, mu), defaults={"lr": 0.01, "mu": 0.9},
    state=((theta_prev, theta),),
    assignments=(
        (delta, theta - theta_prev),  # x_t - x_{t-1}, read before theta_prev is overwritten
        (theta_prev, theta),
        (theta, theta - lr * g + mu * delta),
    ),
    doc="x_{t+1} = x_t - lr g(x_t) + mu (x_t - x_{t-1}), x_{-1} = x_0 (document 003, Polyak's Momentum).",
)

NESTEROV = UpdateRule(
    name="nesterov",
    title="Nesterov's momentum (look-ahead variable)",
    param=theta, grad=g, hyper=(lr, mu), defaults={"lr": 0.01, "mu": 0.9},
    state=((v, sp.Integer(0)),),
    assignments=((v, mu * v - lr * g), (theta, theta - lr * g + mu * v)),
    doc="Document 003: x_{t+1} = x_t + mu (x_t - x_{t-1}) - lr grad f(x_t + mu (x_t - x_{t-1})).  The gradient "
    "is taken at the look-ahead point y_t = x_t + mu (x_t - x_{t-1}), so the optimizer's parameter is y_t "
    "(the point where the caller evaluates the gradient) and v_t = x_t - x_{t-1}: "
    "v <- mu v - lr g(y); y <- y - lr g(y) + mu v.  The document's iterate is x_t = y_t - mu v_t.",
)

ADAGRAD = UpdateRule(
    name="adagrad",
    title="AdaGrad (diagonal)",
    param=theta, grad=g, hyper=(lr, eps), defaults={"lr": 0.1, "eps": 1e-8},
    state=((G, sp.Integer(0)),),
    assignments=((G, G + g**2), (theta, theta - lr * g / sp.sqrt(eps + G))),
    doc="G <- G + g^2; theta <- theta - lr g / sqrt(eps + G) (document 003: diag(eps I + G_t)^{-1/2}, "
    "eps inside the square root).",
)

ADAGRAD_FULL = UpdateRule(
    name="adagrad_full",
    title="AdaGrad (full matrix)",
    param=Theta, grad=Gvec, hyper=(lr, eps), defaults={"lr": 0.1, "eps": 1e-8},
    state=((Gmat, sp.ZeroMatrix(d, d)),),
    assignments=((Gmat, Gmat + Gvec * Gvec.T), (Theta, Theta - lr * (eps * sp.Identity(d) + Gmat) ** sp.Rational(-1, 2) * Gvec)),
    elementwise=False,
    doc="G <- G + g g^T; theta <- theta - lr (eps I + G)^{-1/2} g (document 003, AdaGrad; O(d^2) memory, "
    "an eigendecomposition per step: small d only).",
)

RMSPROP = UpdateRule(
    name="rmsprop",
    title="RMSProp",
    param=theta, grad=g, hyper=(lr, beta, eps), defaults={"lr": 0.01, "beta": 0.99, "eps": 1e-8},
    state=((v, sp.Integer(0)),),
    assignments=((v, beta * v + (1 - beta) * g**2), (theta, theta - lr * g / sp.sqrt(v + eps))),
    doc="v <- beta v + (1 - beta) g^2; theta <- theta - lr g / sqrt(v + eps) (document 003, RMSProp: "
    "eps inside the square root).",
)

ADAM = UpdateRule(
    name="adam",
    title="Adam",
    param=theta, grad=g, hyper=(lr, b1, b2, eps), defaults={"lr": 1e-3, "b1": 0.9, "b2": 0.999, "eps": 1e-8},
    state=((t, sp.Integer(0)), (m, sp.Integer(0)), (v, sp.Integer(0))),
    assignments=(
        (t, t + 1),
        (m, b1 * m + (1 - b1) * g),
        (v, b2 * v + (1 - b2) * g**2),
        (m_hat, m / (1 - b1**t)),  # bias correction with the new t, m, v
        (v_hat, v / (1 - b2**t)),
        (theta, theta - lr * m_hat / (sp.sqrt(v_hat) + eps)),
    ),
    doc="t <- t + 1; m <- b1 m + (1 - b1) g; v <- b2 v + (1 - b2) g^2; m_hat = m / (1 - b1^t); "
    "v_hat = v / (1 - b2^t); theta <- theta - lr m_hat / (sqrt(v_hat) + eps) (document 003, ADAM; Kingma and Ba 2015).",
)

RULES: dict[str, UpdateRule] = {
    r.name: r
    for r in (GD, PRECONDITIONED_GD, NEWTON, HEAVY_BALL_EMA, HEAVY_BALL, NESTEROV, ADAGRAD, ADAGRAD_FULL, RMSPROP, ADAM)
}
