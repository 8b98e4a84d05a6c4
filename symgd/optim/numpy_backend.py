"""The numpy backend: the expressions of :meth:`UpdateRule.step` lambdified (with common
subexpression elimination) into ``init``/``update`` pure functions (see :mod:`symgd.optim.optimizers`
for the interface, the dtype and the non-finite conventions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import sympy as sp
from sympy.printing.numpy import NumPyPrinter

from symgd.core.errors import BadInput, NonFiniteError
from symgd.optim.base import Optimizer, as_params, state_type
from symgd.optim.rules import UpdateRule, _pyname, d

__all__ = ["from_rule_numpy"]

# --- the numpy backend --------------------------------------------------------------------------

def _matpow(a: np.ndarray, p: float) -> np.ndarray:
    """A real power of a symmetric positive semidefinite matrix by eigendecomposition.  For p < 0,
    eigenvalues that are zero to rounding are left out (the pseudo-inverse power, as in Duchi et al.):
    with eps below the rounding of G, eps I + G is singular in floating point."""
    w, q = np.linalg.eigh((a + a.T) / 2)
    keep = w > (w.max(initial=0.0) * a.shape[0] * np.finfo(w.dtype).eps if p < 0 else 0.0)
    wp = np.zeros_like(w)
    wp[keep] = w[keep] ** p
    return (q * wp) @ q.T


def _weak(fn: Callable) -> Callable:
    """``fn`` (a numpy ufunc) that returns a Python float for Python-number arguments.  The numpy backend
    passes scalar hyperparameters and states as Python numbers, which numpy casts to the arrays' dtype
    (NEP 50 "weak" scalars); ``numpy.sqrt(1 - b2**t)`` would return a float64 numpy scalar, which would
    promote float32 arrays to float64."""

    def weak(*args: Any) -> Any:
        out = fn(*args)
        return float(out) if all(type(a) in (int, float) for a in args) else out

    weak.__name__ = f"_weak_{fn.__name__}"
    return weak


# Elementwise numpy functions the printer routes through _weak (name in the lambdify namespace).
_WEAK_FUNCS = {f"numpy.{f}": f"_weak_{f}" for f in ("sqrt", "exp", "log", "abs", "sign", "absolute")}
_NAMESPACE: dict[str, Any] = {"_matpow": _matpow} | {w: _weak(getattr(np, w[6:])) for w in _WEAK_FUNCS.values()}


class _Printer(NumPyPrinter):
    """NumPy printer that sends non-integer matrix powers ((eps I + G)^{-1/2}) to :func:`_matpow`
    (SymPy writes X^{-1/2} as (X^{1/2})^{-1}: the two powers are merged) and elementwise functions to
    their :func:`_weak` versions (scalar work stays in Python floats)."""

    def _module_format(self, fqn: str, register: bool = True) -> str:
        if fqn in _WEAK_FUNCS:
            return _WEAK_FUNCS[fqn]
        return super()._module_format(fqn, register)

    def _print_MatPow(self, expr: sp.MatPow) -> str:
        base, exp = expr.base, expr.exp
        if isinstance(base, sp.MatPow) and not base.exp.is_integer:
            base, exp = base.base, base.exp * exp
        if exp.is_integer:
            return super()._print_MatPow(expr)
        return f"_matpow({self._print(base)}, {float(exp)!r})"


def _lambdify(args: list, exprs: list) -> Callable:
    return sp.lambdify(args, exprs, modules=[_NAMESPACE, "numpy"], printer=_Printer, cse=True)


def from_rule_numpy(rule: UpdateRule, hyper: dict[str, Any], on_nonfinite: str) -> Optimizer:
    State = state_type(rule)
    scalar_h = [h for h in rule.hyper if not isinstance(h, sp.MatrixSymbol)]
    matrix_h = list(rule.matrix_hypers)
    scalar_states = set(rule.scalar_states())
    integer_states = {s for s in scalar_states if s.is_integer}
    who = rule.name

    def compile_(n: int | None) -> tuple[Callable, list[Callable]]:
        """The step function and the state initializers (for full-matrix rules: at dimension n)."""
        sub = (lambda e: e) if n is None else (lambda e: e.xreplace({d: n}))
        new = rule.step()
        args = [sub(rule.param), sub(rule.grad), *scalar_h, *map(sub, matrix_h), *map(sub, rule.state_symbols)]
        outs = [sub(new[rule.param]), *(sub(new[s]) for s in rule.state_symbols)]
        step = _lambdify(args, outs)
        inits = [_lambdify([sub(rule.param)], sub(e)) for _, e in rule.state]
        return step, inits

    cache: dict[int | None, tuple[Callable, list[Callable]]] = {}

    def compiled(n: int | None) -> tuple[Callable, list[Callable]]:
        if n not in cache:
            cache[n] = compile_(n)
        return cache[n]

    def shaped(params: np.ndarray) -> tuple[np.ndarray, int | None]:
        """The array the compiled expressions see: as is (elementwise) or one column (matrix rules)."""
        if rule.elementwise:
            return params, None
        return params.reshape(-1, 1), params.size

    def init(params: Any) -> Any:
        params = as_params(params, who)
        x, n = shaped(params)
        _, inits = compiled(n)
        values = []
        for (s, _), f in zip(rule.state, inits, strict=True):
            if s in integer_states:
                values.append(int(f(x)))
            elif s in scalar_states:
                values.append(params.dtype.type(f(x)))
            elif rule.elementwise:
                values.append(np.array(np.broadcast_to(f(x), x.shape), dtype=params.dtype))
            else:  # a column or a matrix of the dimension n
                values.append(np.array(f(x), dtype=params.dtype))
        return State(*values, count=0, diverged=None)

    hyper_in = [float(hyper[h.name]) for h in scalar_h]

    def update(grads: Any, state: Any, params: Any) -> tuple[np.ndarray, Any]:
        if state.diverged is not None:  # stopped: nothing more happens
            return params, state
        params = as_params(params, who)
        grads = np.asarray(grads)
        if grads.shape != params.shape:
            raise BadInput(f"{who}: gradient shape {grads.shape} differs from parameter shape {params.shape}")
        step_no = state.count + 1
        for what, arr in (("parameters", params), ("gradient", grads)):
            if not np.isfinite(arr).all():
                return _nonfinite(what, step_no, params, state)
        dt = params.dtype
        mats = []
        for h in matrix_h:
            value = hyper[h.name]
            value = np.asarray(value(params) if callable(value) else value, dtype=dt)
            if value.shape != (params.size, params.size):
                raise BadInput(f"{who}: {h.name} has shape {value.shape}, expected {(params.size, params.size)}")
            if not np.isfinite(value).all():
                return _nonfinite(f"matrix {h.name}", step_no, params, state)
            mats.append(value)
        x, n = shaped(params)
        gx = grads.astype(dt, copy=False).reshape(x.shape)
        step, _ = compiled(n)
        olds = [getattr(state, nm) for nm in rule.state_names]
        # Scalar hyperparameters and states as Python numbers: the scalar work (bias corrections 1 - b1^t,
        # 1 - b2) is float64, like torch and the fused backend, and numpy rounds each scalar to the arrays'
        # dtype where it meets them (NEP 50), so float32 arrays stay float32.
        scalars_in = [v if isinstance(v, int) or s not in scalar_states else float(v)
                      for s, v in zip(rule.state_symbols, olds, strict=True)]
        outs = step(x, gx, *hyper_in, *mats, *scalars_in)
        new_params = np.asarray(outs[0], dtype=dt).reshape(params.shape)
        if not np.isfinite(new_params).all():
            return _nonfinite("new parameters", step_no, params, state)
        news = []
        for s, old, val in zip(rule.state_symbols, olds, outs[1:], strict=True):
            if s in integer_states:
                news.append(int(val))
            elif s in scalar_states:
                news.append(dt.type(val))
            else:
                news.append(np.asarray(val, dtype=dt).reshape(np.shape(old)))
            if not (isinstance(news[-1], int) or np.isfinite(news[-1]).all()):  # e.g. g^2 overflowing in v
                return _nonfinite(f"state {_pyname(s)}", step_no, params, state)
        return new_params, State(*news, count=step_no, diverged=None)

    def _nonfinite(where: str, step_no: int, params: np.ndarray, state: Any) -> tuple[np.ndarray, Any]:
        if on_nonfinite == "stop":
            return params, state._replace(diverged=step_no)
        raise NonFiniteError(who, step_no, where)

    return Optimizer(init, update, rule.name, dict(hyper), "numpy")


