"""optax gradient transformations generated from the symbolic update rules (the optional extra ``symgd[jax]``).

``transformation(rule, **hyper)`` is an :class:`optax.GradientTransformation`: ``init(params)`` gives a
NamedTuple state (``count``, the steps taken, then the rule's state: scalar states such as Adam's ``t`` as
0-d arrays, per-coordinate states as trees like ``params``), and ``update(grads, state, params=None)`` gives
the *updates* ``new_theta - theta`` (cancelled symbolically, so AdamW's updates are ``-lr wd theta - ...``
exactly as optax computes them) for :func:`optax.apply_updates`.  The learning rate is inside the rule, so
the transformation is used as is, not followed by ``optax.scale(-lr)``; it composes with :func:`optax.chain`
(clipping before it, for example).

Any hyperparameter may be a schedule, a function of the step count (``optax.exponential_decay(...)``),
evaluated at ``state.count`` before the step, as optax's ``scale_by_learning_rate`` does.  Everything is
jit-compatible (no Python control flow on values).  The expressions are the rule's (:mod:`symgd.optim.codegen`),
printed by SymPy's JAX printer (``lambdify(modules="jax")``); the scalar work (bias corrections) is done in
JAX's default float dtype, float32 unless ``jax_enable_x64``, as optax does.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import jax
import jax.numpy as jnp
import optax
import sympy as sp

from symgd.core.errors import BadInput
from symgd.optim.base import validate_hyper
from symgd.optim.codegen import G, P, program
from symgd.optim.rules import UpdateRule

__all__ = ["state_type", "transformation"]

_STATES: dict[tuple[str, tuple[str, ...]], type] = {}


def state_type(rule: UpdateRule) -> type:
    """The NamedTuple class of the transformation's state: ``count``, then the rule's state names."""
    key = (rule.name, rule.state_names)
    if key not in _STATES:
        words = re.split(r"[^0-9A-Za-z]+", rule.name)
        name = "Scale" + "".join(w.capitalize() for w in words) + "State"
        _STATES[key] = NamedTuple(name, [("count", Any)] + [(n, Any) for n in rule.state_names])
    return _STATES[key]


def transformation(rule: UpdateRule, **hyper: Any) -> optax.GradientTransformation:
    """The :class:`optax.GradientTransformation` of an elementwise ``rule`` (see the module docstring);
    hyperparameters not given take the rule's defaults; each may be a number or a schedule ``f(count)``."""
    prog = program(rule)
    schedules = {k: v for k, v in hyper.items() if callable(v)}
    numbers = validate_hyper(rule, {k: v for k, v in hyper.items() if not callable(v)})
    State = state_type(rule)
    scalar_syms = [sp.Symbol(f"c_{n}") for n in prog.scalar_names]
    hyper_syms = [sp.Symbol(f"h_{n}") for n in prog.hyper_names]
    scalar_fn = sp.lambdify([*scalar_syms, *hyper_syms], [list(prog.scalar_new), list(prog.consts)],
                            modules="jax", cse=True)
    states = [sp.Symbol(f"s_{n}") for n in prog.array_names]
    # per leaf: the updates and the new per-coordinate states, from the old values (no new_* names)
    direct = dict(prog.direct)
    outs = [prog.delta, *(direct[n] for n in prog.array_names)]
    leaf_fn = sp.lambdify([P, G, *states, *prog.const_symbols], outs, modules="jax", cse=True)
    needs_params = prog.uses_param()
    init_values = dict(zip(prog.array_names, prog.array_init, strict=True))

    def init(params: Any) -> Any:
        scal = [jnp.asarray(v, dtype=jnp.int32 if n in prog.integer_scalars else float)
                for n, v in zip(prog.scalar_names, prog.scalar_init, strict=True)]
        arrays = []
        for n in prog.array_names:
            e = init_values[n]
            if e == P:
                arrays.append(jax.tree.map(jnp.array, params))
            elif e.is_Number:
                arrays.append(jax.tree.map(lambda p, e=e: jnp.full_like(p, float(e)), params))
            else:
                raise BadInput(f"{rule.name}: the initial value {e} of {n} is neither a number nor the parameter")
        return State(jnp.zeros([], jnp.int32), *scal, *arrays)

    def update(updates: Any, state: Any, params: Any = None) -> tuple[Any, Any]:
        if needs_params and params is None:
            raise ValueError(f"{rule.name}: this update rule reads the parameters; pass params to update")
        values = [schedules[h](state.count) if h in schedules else numbers[h] for h in prog.hyper_names]
        olds = [getattr(state, n) for n in prog.scalar_names]
        new_scalars, consts = scalar_fn(*olds, *values)
        leaves, treedef = jax.tree.flatten(updates)
        ps = treedef.flatten_up_to(params) if params is not None else [None] * len(leaves)
        arrays = [treedef.flatten_up_to(getattr(state, n)) for n in prog.array_names]
        out_u, out_s = [], [[] for _ in prog.array_names]
        for i, g in enumerate(leaves):
            dt = g.dtype
            ks = [jnp.asarray(k, dtype=dt) for k in consts]  # rounded once to the leaf's dtype
            p = ps[i] if ps[i] is not None else jnp.zeros_like(g)
            res = leaf_fn(p, g, *(a[i] for a in arrays), *ks)
            out_u.append(jnp.asarray(res[0], dtype=dt))
            for j, r in enumerate(res[1:]):
                out_s[j].append(jnp.asarray(jnp.broadcast_to(r, g.shape), dtype=dt))
        new_state = State(optax.safe_increment(state.count),
                          *(jnp.asarray(v, dtype=o.dtype) for v, o in zip(new_scalars, olds, strict=True)),
                          *(treedef.unflatten(s) for s in out_s))
        return treedef.unflatten(out_u), new_state

    return optax.GradientTransformation(init, update)


