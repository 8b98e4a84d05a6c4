"""The ``fused`` backend: one update step of an elementwise rule compiled into ONE numba kernel.

The assignments of an elementwise :class:`~symgd.optim.rules.UpdateRule` are taken from
:meth:`~symgd.optim.rules.UpdateRule.step` (new value of the parameter and of every state variable as
expressions of the old ones), so the kernel computes exactly the expressions the derivations prove.
Code generation:

1. every symbol is renamed to a plain, assumption-free Python identifier (a whitelist: a free symbol
   that is not the parameter, the gradient, a hyperparameter or a state of the rule is an error);
2. every maximal sub-expression that involves only hyperparameters and scalar state (Adam's step
   count t, the bias corrections ``1 - b1**t``, numeric constants) is hoisted out of the loop: it is
   computed once per step in float64 by a plain Python function from the hyperparameters as given (as
   torch and the numpy backend do), then rounded once to the array dtype, so the per-coordinate work of a
   float32 problem is float32 throughout (numba would promote float32 to float64 on any Python literal);
3. the remaining per-coordinate expressions go through ``cse`` and SymPy's ``NumPyPrinter`` (with
   integer powers as products and square roots as ``numpy.sqrt``) into the body of one
   ``@numba.njit(parallel=True, error_model='numpy', fastmath={'reassoc'}, cache=True)`` function (and its
   serial twin, used below :data:`PARALLEL_MIN_SIZE` entries): a ``prange`` over the flattened arrays that
   loads each input once, computes every new value in registers (a division by zero gives inf or nan, as in
   numpy, never a ZeroDivisionError: no per-element test keeps the loop from vectorizing), writes the
   parameter and the state arrays in place, and counts non-finite values in the same pass (float32 sums of
   0/1 under fastmath "reassoc", the only flag, vectorized at the full SIMD width) in the places the numpy
   backend checks: the
   parameters, the gradient, the new parameters and the new value of every per-coordinate state (float32
   Adam's v = g^2 can overflow while the parameters stay finite); a scalar state is checked once per step.
   The first place with a non-zero count, in the numpy backend's order, raises the numpy backend's
   :class:`~symgd.core.errors.NonFiniteError` (optimizer, step, where) or, with ``on_nonfinite="stop"``,
   marks the state as diverged.

The generated source comes only from our own rule objects, never from user text.  It is written to
``$SYMGD_CACHE_DIR/fused/<hash>.py`` (default ``~/.cache/symgd/fused``; the hash is that of the
source) and imported from there, so numba's on-disk cache (``cache=True`` needs a real file) makes
later processes load the machine code instead of compiling it.  Compile times are recorded in
:data:`COMPILE_LOG`.

**In place.**  :meth:`FusedKernel.step_` and the ``step_`` of the optimizer returned by
:func:`from_rule_fused` overwrite the parameter and state arrays; ``update`` is the pure optax-style
wrapper (it copies first).  When the step finds a NaN or an infinity, the arrays touched by
``step_`` already hold the non-finite values (the check shares the single pass over memory).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import tempfile
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numba  # noqa: F401  (the generated modules import it: fail here, early, when it is missing)
import numpy as np
import sympy as sp
from sympy.printing.numpy import NumPyPrinter
from sympy.printing.pycode import PythonCodePrinter

from symgd.core.errors import BadInput, NonFiniteError
from symgd.optim.base import Optimizer, as_params, validate_hyper
from symgd.optim.numpy_backend import from_rule_numpy

__all__ = [
    "COMPILE_LOG",
    "PARALLEL_MIN_SIZE",
    "FusedKernel",
    "FusedOptimizer",
    "NonContiguousWarning",
    "cache_dir",
    "compile_rule",
    "from_rule_fused",
    "kernel_source",
]

# Functions allowed in a fused expression (besides +, *, ** and numbers): elementwise, supported by
# numba on scalars, and printed by the printers below.
_FUNCTIONS: tuple[type, ...] = (sp.Abs, sp.sign, sp.exp, sp.log, sp.Max, sp.Min)

#: (rule name, "float32 parallel" | "float32 serial" | ..., seconds of the first call: compile or cache
#: load) for every kernel compiled or loaded in this process, in order.
COMPILE_LOG: list[tuple[str, str, float]] = []

#: Arrays with at least this many entries run the parallel kernel (prange over numba's threads); smaller
#: ones the serial twin of the same loop.
PARALLEL_MIN_SIZE = 1 << 16


class NonContiguousWarning(UserWarning):
    """An array passed to the fused kernel was not C-contiguous and had to be copied (slow)."""


def cache_dir() -> Path:
    """Where generated kernel modules live: ``$SYMGD_CACHE_DIR/fused``, else ``$XDG_CACHE_HOME/symgd/fused``,
    else ``~/.cache/symgd/fused``; a temporary directory when none of these is writable."""
    root = os.environ.get("SYMGD_CACHE_DIR")
    if root:
        base = Path(root)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".cache") / "symgd"
    path = base / "fused"
    try:
        path.mkdir(parents=True, exist_ok=True)
        if os.access(path, os.W_OK):
            return path
    except OSError:
        pass
    return Path(tempfile.gettempdir()) / f"symgd-fused-{os.getuid() if hasattr(os, 'getuid') else 0}"


# --- printing -----------------------------------------------------------------------------------


class _KernelPrinter(NumPyPrinter):
    """NumPyPrinter for the loop body: no Python literals may reach numba (they would promote float32
    to float64), so integer powers become products and 1/x uses the hoisted constant ``one``."""

    def __init__(self, one: str):
        super().__init__({"fully_qualified_modules": True})
        self._one = one

    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:
        base, e = expr.args
        b = self.parenthesize(base, sp.printing.precedence.PRECEDENCE["Pow"])
        if e == sp.S.Half:
            return f"numpy.sqrt({self._print(base)})"
        if e == -sp.S.Half:
            return f"({self._one}/numpy.sqrt({self._print(base)}))"
        if e.is_Integer and 0 < abs(int(e)) <= 4:
            prod = "*".join([b] * abs(int(e)))
            return f"({prod})" if int(e) > 0 else f"({self._one}/({prod}))"
        if e.is_Number:  # the hoisting step leaves only the exponents handled above
            raise BadInput(f"fused: cannot print the power {expr} without a float64 literal")
        return f"{b}**{self.parenthesize(e, sp.printing.precedence.PRECEDENCE['Pow'])}"

    def _print_Max(self, expr: sp.Max) -> str:
        return self._minmax("max", expr.args)

    def _print_Min(self, expr: sp.Min) -> str:
        return self._minmax("min", expr.args)

    def _minmax(self, fn: str, args: Sequence[sp.Expr]) -> str:
        out = self._print(args[0])
        for a in args[1:]:
            out = f"{fn}({out}, {self._print(a)})"
        return out

    def _print_Number(self, expr: sp.Number) -> str:
        raise BadInput(f"fused: the number {expr} was not hoisted out of the loop")

    _print_Integer = _print_Rational = _print_Float = _print_Number


def _scalar_printer() -> PythonCodePrinter:
    return PythonCodePrinter({"fully_qualified_modules": True})


# --- analysis -----------------------------------------------------------------------------------


def _check_nodes(expr: sp.Expr, rule_name: str) -> None:
    """Whitelist of expression nodes: symbols, numbers, +, *, ** and :data:`_FUNCTIONS`."""
    for node in sp.preorder_traversal(expr):
        if node.is_Symbol or node.is_Number or node.is_NumberSymbol or node.is_Add or node.is_Mul or node.is_Pow:
            continue
        if isinstance(node, _FUNCTIONS):
            continue
        raise BadInput(f"fused: rule {rule_name!r} uses {type(node).__name__} ({node}), which the fused backend "
                       "does not compile; use backend='numpy'")


class _Hoister:
    """Replaces maximal scalar sub-expressions of the per-coordinate expressions by constants k0, k1, ..."""

    def __init__(self, scalar_syms: set[sp.Symbol]):
        self.scalar_syms = scalar_syms
        self.consts: dict[sp.Expr, sp.Symbol] = {}

    def const(self, expr: sp.Expr) -> sp.Symbol:
        if expr not in self.consts:
            self.consts[expr] = sp.Symbol(f"k{len(self.consts)}")
        return self.consts[expr]

    def is_scalar(self, expr: sp.Expr) -> bool:
        return expr.free_symbols <= self.scalar_syms

    def __call__(self, expr: sp.Expr) -> sp.Expr:
        if self.is_scalar(expr):
            return self.const(expr)
        if expr.is_Symbol:
            return expr
        if expr.is_Pow:
            base, e = expr.args
            if (e.is_Integer and 0 < abs(int(e)) <= 4) or e in (sp.S.Half, -sp.S.Half):
                return sp.Pow(self(base), e)
            return sp.Pow(self(base), self(e))
        if expr.is_Add or expr.is_Mul:
            scalar = [a for a in expr.args if self.is_scalar(a)]
            parts = [self(a) for a in expr.args if not self.is_scalar(a)]
            if scalar == [sp.S.NegativeOne] and expr.is_Mul:
                parts.insert(0, sp.S.NegativeOne)  # printed as a unary minus, no literal
            elif scalar:
                parts.insert(0, self.const(expr.func(*scalar)))
            return expr.func(*parts)
        return expr.func(*[self(a) for a in expr.args])


@dataclass
class _Plan:
    """Everything the code generator and the runtime need to know about one rule."""

    rule_name: str
    hyper_names: tuple[str, ...]
    scalar_states: tuple[int, ...]  # indices into rule.state of the scalar states
    array_states: tuple[int, ...]  # indices into rule.state of the per-coordinate states
    source: str
    n_consts: int
    one_index: int  # index of the constant 1 among the hoisted constants


def kernel_source(rule: Any) -> str:
    """The Python source of the generated module for ``rule`` (for inspection and the cache key)."""
    return _plan(rule).source


def _plan(rule: Any) -> _Plan:
    if not getattr(rule, "elementwise", False):
        raise BadInput(f"fused: rule {rule.name!r} is not elementwise (full-matrix rules run on backend='numpy')")
    new = rule.step()
    states = tuple(s for s, _ in rule.state)
    scalar_set = set(rule.scalar_states())
    scalar_idx = tuple(i for i, s in enumerate(states) if s in scalar_set)
    array_idx = tuple(i for i, s in enumerate(states) if s not in scalar_set)

    # 1. rename to plain identifiers (assumption-free, so SymPy does no assumption-based rewriting)
    ren: dict[sp.Symbol, sp.Symbol] = {rule.param: sp.Symbol("v_p"), rule.grad: sp.Symbol("v_g")}
    ren.update({h: sp.Symbol(f"h{i}") for i, h in enumerate(rule.hyper)})
    ren.update({states[i]: sp.Symbol(f"s{i}") for i in scalar_idx})
    ren.update({states[i]: sp.Symbol(f"v_s{i}") for i in array_idx})
    targets = [rule.param, *(states[i] for i in array_idx)]
    for s in (rule.param, *states):
        _check_nodes(new[s], rule.name)
        unknown = new[s].free_symbols - set(ren)
        if unknown:
            raise BadInput(f"fused: rule {rule.name!r} uses unknown symbols {sorted(map(str, unknown))}")
    scalar_syms = {ren[h] for h in rule.hyper} | {ren[states[i]] for i in scalar_idx}

    # 2. hoist scalar sub-expressions; the constant 1 is always there (for 1/x)
    hoist = _Hoister(scalar_syms)
    one = hoist.const(sp.Integer(1))
    array_exprs = [hoist(new[s].xreplace(ren)) for s in targets]
    scalar_new = [new[states[i]].xreplace(ren) for i in scalar_idx]

    # 3. the scalar function: new scalar state and the hoisted constants, from the old scalar state
    sp_ = _scalar_printer()
    const_exprs = list(hoist.consts)
    reps, reduced = sp.cse(scalar_new + const_exprs, symbols=sp.numbered_symbols("u"), optimizations="basic")
    scalar_args = [f"s{i}" for i in scalar_idx] + [f"h{i}" for i in range(len(rule.hyper))]
    lines = [f"def scalars({', '.join(scalar_args)}):"]
    lines += [f"    {sym} = {sp_.doprint(e)}" for sym, e in reps]
    new_s = [sp_.doprint(e) for e in reduced[: len(scalar_new)]]
    consts = [sp_.doprint(e) for e in reduced[len(scalar_new):]]
    lines.append(f"    return ({''.join(x + ', ' for x in new_s)}), ({''.join(x + ', ' for x in consts)})")
    scalar_src = "\n".join(lines)

    # 4. the kernel: loads, cse temporaries, stores and the non-finite count, in one prange loop
    kp = _KernelPrinter(one.name)
    reps, reduced = sp.cse(array_exprs, symbols=sp.numbered_symbols("w"), optimizations="basic")
    arrays = ["a_p", "a_g", *(f"a_s{i}" for i in array_idx)]
    loads = ["v_p", "v_g", *(f"v_s{i}" for i in array_idx)]
    outs = ["o_p", *(f"o_s{i}" for i in array_idx)]
    k_args = [f"k{j}" for j in range(len(const_exprs))]
    body = [f"{v} = {a}[i]" for v, a in zip(loads, arrays, strict=True)]
    body += [f"{sym} = {kp.doprint(e)}" for sym, e in reps]
    body += [f"{o} = {kp.doprint(e)}" for o, e in zip(outs, reduced, strict=True)]
    store_arrays = ["a_p", *(f"a_s{i}" for i in array_idx)]
    body += [f"{a}[i] = {o}" for a, o in zip(store_arrays, outs, strict=True)]
    # not (|x| <= max) is true for NaN and for +-inf: one compare per value, counted in the same pass.  Same
    # checks as the numpy backend: the parameters, the gradient, the new parameters and the new value of every
    # per-coordinate state (g^2 overflowing v).  The counters are float32 sums of 0/1 (exact to 2^24, nonzero
    # beyond), vectorized under fastmath "reassoc" at the full vector width: int64 counters need 64-bit integer
    # lanes, which without AVX2 only exist at 128 bits, and they dragged the whole loop (sqrt and division
    # included) down to 4-wide float vectors (measured: fused Adam 2.3x slower on an AVX-without-AVX2 target).
    checks = [("bad_p", "v_p"), ("bad_g", "v_g"), ("bad_o", "o_p"), *((f"bad_s{i}", f"o_s{i}") for i in array_idx)]
    body += [f"{n} += numpy.float32(not (abs({x}) <= fmax))" for n, x in checks]
    counters = [n for n, _ in checks]

    def function(name: str, decorator: str, loop: str) -> str:
        return "\n".join(
            [
                decorator,
                f"def {name}({', '.join(arrays + k_args)}, fmax):",
                *(f"    {n} = numpy.float32(0)" for n in counters),
                f"    for i in {loop}(a_p.shape[0]):",
                *(f"        {line}" for line in body),
                f"    return {', '.join(counters)}",
            ]
        )

    # the same loop twice: parallel for large arrays, serial for small ones (waking a thread pool costs
    # more than the whole step on a few thousand coordinates, and much more on a loaded machine)
    # fastmath: "reassoc" only (no contraction into FMA, no reciprocals, no approximate functions, NaN and Inf
    # kept): it lets the counters' sums be split across vector lanes; the update's own arithmetic is compiled as
    # written (tests/test_fused.py checks the kernels bit for bit against the same expressions without it).
    # error_model "numpy": x / 0 is inf or nan, as in the numpy backend, and the counters report it (NonFiniteError);
    # numba's default "python" model tests every divisor for zero to raise ZeroDivisionError, a branch per
    # element that kept LLVM from vectorizing any loop with a division: Adam, RMSProp and AdaGrad ran scalar
    # sqrt and div instructions (vsqrtss/vdivss), the slow kernels of issue 16, on every CPU.
    opts = "error_model='numpy', fastmath={'reassoc'}, cache=True"
    kernel_src = (function("kernel", f"@numba.njit(parallel=True, {opts})", "numba.prange")
                  + "\n\n\n" + function("kernel_serial", f"@numba.njit({opts})", "range"))
    header = (
        f"# Generated by symgd.optim.fused from the update rule {rule.name!r}; do not edit (regenerated from the rule).\n"
        + "".join("#   " + " ".join(f"{s} <- {e}".split()) + "\n" for s, e in rule.assignments)
        + "\nimport math  # noqa: F401\n\nimport numba\nimport numpy  # noqa: F401\n\n\n"
    )
    source = header + scalar_src + "\n\n\n" + kernel_src + "\n"
    return _Plan(
        rule_name=rule.name,
        hyper_names=tuple(h.name for h in rule.hyper),
        scalar_states=scalar_idx,
        array_states=array_idx,
        source=source,
        n_consts=len(const_exprs),
        one_index=const_exprs.index(sp.Integer(1)),
    )


# --- loading ------------------------------------------------------------------------------------

_MODULES: dict[str, ModuleType] = {}


def _load(source: str) -> ModuleType:
    """Write ``source`` to the cache directory under its hash (once) and import it (once per process)."""
    digest = hashlib.sha256(source.encode()).hexdigest()[:24]
    if digest in _MODULES:
        return _MODULES[digest]
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"symgd_fused_{digest}.py"
    if not path.exists() or path.read_text() != source:
        # atomic: a concurrent process sees either no file or the whole file (numba keys its cache on mtime)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w") as fh:
            fh.write(source)
        os.replace(tmp, path)
    name = f"symgd_fused_{digest}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    _MODULES[digest] = module
    return module


# --- runtime ------------------------------------------------------------------------------------


def _flat(a: np.ndarray, what: str) -> tuple[np.ndarray, bool]:
    """A 1-D C-contiguous view of ``a``, or a copy (with a warning) when ``a`` is not C-contiguous or not
    writable.  Returns (flat, copied)."""
    if a.flags.c_contiguous and a.flags.writeable:
        return a.reshape(-1), False
    warnings.warn(f"fused: the {what} is not a writable C-contiguous array and is copied at every step",
                  NonContiguousWarning, stacklevel=5)
    return np.array(a, order="C", copy=True).reshape(-1), True


_DTYPES = (np.float32, np.float64)  # the dtypes the kernels are compiled for
_FMAX = {np.dtype(t): t(np.finfo(t).max) for t in (np.float32, np.float64)}


class FusedKernel:
    """The compiled step of one elementwise rule (see the module docstring).

    :meth:`step_` runs one step in place; the optimizer of :func:`from_rule_fused` wraps it.
    """

    def __init__(self, rule: Any, plan: _Plan | None = None):
        self.rule = rule
        self.plan = plan or _plan(rule)
        self.module = _load(self.plan.source)
        self._seen: set[tuple[np.dtype, bool]] = set()
        self._state_names = [str(s) for s, _ in rule.state]  # printed once, not at every step

    @property
    def source(self) -> str:
        """The generated module's Python source."""
        return self.plan.source

    def step_(self, param: np.ndarray, grad: np.ndarray, arrays: Sequence[np.ndarray], scalars: Sequence[Any],
              hyper: dict[str, float]) -> tuple[tuple[Any, ...], tuple[int, ...]]:
        """One step, in place: ``param`` and the per-coordinate ``arrays`` (ordered as the rule's
        per-coordinate states) are overwritten with their new values.  ``scalars`` are the old scalar
        states (Adam's t), ``hyper`` maps hyperparameter names to numbers.  Returns the new scalar states
        (float64 Python numbers) and the number of non-finite entries in the parameters, the gradient,
        the new parameters and the new value of each per-coordinate state (in the order of ``arrays``)."""
        plan = self.plan
        dtype = param.dtype
        if dtype not in (np.float32, np.float64):
            raise BadInput(f"fused: parameters must be float32 or float64, not {dtype}")
        if grad.shape != param.shape:
            raise BadInput(f"{plan.rule_name}: gradient shape {grad.shape} differs from parameter shape {param.shape}")
        if grad.dtype != dtype:
            grad = grad.astype(dtype)  # one compiled signature per dtype
        # The scalar work (bias corrections 1 - b1^t, lr / (1 - b1^t), 1 - b2, ...) in float64 from the
        # hyperparameters as given, like torch and the numpy backend; each hoisted constant is rounded to the
        # array dtype once, where it meets the arrays.
        hyp = (float(hyper[n]) for n in plan.hyper_names)
        new_scalars, consts = self.module.scalars(*scalars, *hyp)
        kvals = [dtype.type(c) for c in consts]  # hoisted constants in the array dtype
        p, p_copied = _flat(param, "parameter array")
        g = grad.reshape(-1) if grad.flags.c_contiguous else _flat(grad, "gradient array")[0]
        flats, copied = [], []
        for i, a in zip(plan.array_states, arrays, strict=True):
            if not isinstance(a, np.ndarray) or a.shape != param.shape or a.dtype != dtype:
                raise BadInput(f"{plan.rule_name}: state {self._state_names[i]} must be an array like the parameters "
                               f"(shape {param.shape}, {dtype}), got {type(a).__name__} {np.shape(a)}")
            fa, c = (a.reshape(-1), False) if a.flags.c_contiguous and a.flags.writeable else \
                _flat(a, f"state array {self._state_names[i]}")
            flats.append(fa)
            copied.append(c)
        if any(np.may_share_memory(g, a) for a in (p, *flats)):
            g = g.copy()  # the loop writes the parameter and state arrays while it reads the gradient
        parallel = p.size >= PARALLEL_MIN_SIZE
        kernel = self.module.kernel if parallel else self.module.kernel_serial
        first = (dtype, parallel) not in self._seen
        start = time.perf_counter()
        counts = kernel(p, g, *flats, *kvals, _FMAX[dtype])
        if first:
            self._seen.add((dtype, parallel))
            COMPILE_LOG.append((plan.rule_name, f"{dtype.name} {'parallel' if parallel else 'serial'}",
                                time.perf_counter() - start))
        if p_copied:
            param[...] = p.reshape(param.shape)
        for a, fa, c in zip(arrays, flats, copied, strict=True):
            if c:
                a[...] = fa.reshape(param.shape)
        return tuple(new_scalars), tuple(int(c) for c in counts)


_KERNELS: dict[str, FusedKernel] = {}


def compile_rule(rule: Any) -> FusedKernel:
    """The :class:`FusedKernel` of ``rule`` (one per generated source and process; numba compiles it for a
    dtype at the first step in that dtype, or loads it from the on-disk cache)."""
    plan = _plan(rule)
    if plan.source not in _KERNELS:
        _KERNELS[plan.source] = FusedKernel(rule, plan)
    return _KERNELS[plan.source]


class _FusedUpdate:
    """``update`` of the fused optimizer: callable (pure) with an in-place :meth:`step_`."""

    def __init__(self, rule: Any, hyper: dict[str, Any], on_nonfinite: str):
        self.rule = rule
        self.hyper = hyper
        self.on_nonfinite = on_nonfinite
        self.kernel = compile_rule(rule)
        scalar = set(rule.scalar_states())
        self.names = rule.state_names
        self.array_names = [self.names[i] for i in self.kernel.plan.array_states]
        self.scalar_names = [self.names[i] for i in self.kernel.plan.scalar_states]
        self.integer = {self.names[i] for i, (s, _) in enumerate(rule.state) if s in scalar and s.is_integer}

    def _run(self, grads: Any, state: Any, params: np.ndarray, arrays: list[np.ndarray]) -> tuple[Any, str | None]:
        """The kernel on (params, arrays) in place; returns the new state and where non-finite values were
        (None if nowhere)."""
        grads = np.asarray(grads)
        step_no = state.count + 1
        olds = [v if n in self.integer else float(v) for n, v in zip(self.scalar_names,
                                                                      (getattr(state, n) for n in self.scalar_names),
                                                                      strict=True)]
        new_scalars, counts = self.kernel.step_(params, grads, arrays, olds, self.hyper)
        values = dict(zip(self.array_names, arrays, strict=True))
        bad = dict(zip(self.array_names, counts[3:], strict=True))  # non-finite new values of array states
        for n, val in zip(self.scalar_names, new_scalars, strict=True):
            values[n] = int(val) if n in self.integer else params.dtype.type(val)
            bad[n] = 0 if n in self.integer else int(not np.isfinite(values[n]))
        # the numpy backend's order: parameters, gradient, new parameters, then the states in the rule's order
        where = next((w for w, c in zip(("parameters", "gradient", "new parameters"), counts, strict=False) if c),
                     None) or next((f"state {n}" for n in self.names if bad[n]), None)
        return state._replace(**values, count=step_no), where

    def __call__(self, grads: Any, state: Any, params: Any) -> tuple[np.ndarray, Any]:
        """Pure: the new parameters and state; the arguments are left untouched (the kernel runs on copies)."""
        if state.diverged is not None:
            return params, state
        params = as_params(params, self.rule.name, _DTYPES)
        new_params = np.array(params, order="C", copy=True)
        arrays = [np.array(getattr(state, n), order="C", copy=True) for n in self.array_names]
        new_state, where = self._run(grads, state, new_params, arrays)
        if where is not None:
            if self.on_nonfinite == "stop":
                return params, state._replace(diverged=state.count + 1)
            raise NonFiniteError(self.rule.name, state.count + 1, where)
        return new_params, new_state

    def step_(self, grads: Any, state: Any, params: np.ndarray) -> Any:
        """In place: overwrite ``params`` and the state's arrays with their new values and return the new
        state (a new NamedTuple: the step count and scalar states are immutable numbers).  No copies, one
        pass over memory.  On NaN/Inf the arrays already hold the step's values; ``raise`` raises
        :class:`NonFiniteError`, ``stop`` returns the state with ``diverged`` set."""
        if state.diverged is not None:
            return state
        if not isinstance(params, np.ndarray):
            raise BadInput(f"{self.rule.name}: step_ updates params in place, so they must be a numpy array")
        as_params(params, self.rule.name, _DTYPES)
        arrays = [getattr(state, n) for n in self.array_names]
        new_state, where = self._run(grads, state, params, arrays)
        if where is not None:
            if self.on_nonfinite == "stop":
                return state._replace(diverged=state.count + 1)
            raise NonFiniteError(self.rule.name, state.count + 1, where)
        return new_state


class FusedOptimizer(Optimizer):
    """An :class:`~symgd.optim.optimizers.Optimizer` (init, pure update) with the in-place :meth:`step_`."""

    __slots__ = ()

    def step_(self, grads: Any, state: Any, params: np.ndarray) -> Any:
        """In place: overwrite ``params`` and the state's arrays; return the new state (see :func:`from_rule_fused`)."""
        return self.update.step_(grads, state, params)


def from_rule_fused(rule: Any, *, on_nonfinite: str = "raise", **hyper: Any) -> Any:
    """The optimizer of ``rule`` on the fused backend (what ``from_rule(rule, backend="fused")`` returns).

    Same interface and state as the numpy backend (:func:`symgd.optim.optimizers.from_rule`): ``init(params)``
    and the pure ``update(grads, state, params) -> (params, state)``, which copies the parameters and the
    state arrays and runs the kernel on the copies.  For speed, ``opt.step_(grads, state, params) -> state``
    updates ``params`` and the state arrays IN PLACE (no copy, one pass over memory)::

        opt = from_rule_fused(ADAM, lr=1e-3)
        state = opt.init(x)
        for _ in range(n):
            state = opt.step_(grad(x), state, x)   # x is overwritten

    Only elementwise rules; full-matrix rules raise :class:`BadInput`.
    """
    if on_nonfinite not in ("raise", "stop"):
        raise BadInput(f"on_nonfinite must be one of raise, stop, got {on_nonfinite!r}")
    if not getattr(rule, "elementwise", False):
        raise BadInput(f"fused: rule {rule.name!r} is not elementwise (full-matrix rules run on backend='numpy')")
    values = validate_hyper(rule, hyper)
    init = from_rule_numpy(rule, values, on_nonfinite).init  # same state, same initial values
    update = _FusedUpdate(rule, values, on_nonfinite)
    return FusedOptimizer(init, update, rule.name, dict(values), "fused")
