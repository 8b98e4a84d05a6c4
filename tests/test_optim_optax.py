"""symgd.optim.optax against optax: the same iterates over 200 steps of training a small MLP on a fixed
synthetic data set (the whole run one ``jax.jit`` of a ``lax.scan``, so the transformation is jit-compatible
by construction), float32 (rtol 1e-6) and float64 (1e-12, under ``jax.enable_x64``), composition with
``optax.chain``, schedules as hyperparameters, and the user rules (AdamW, Lion, sign descent).

Agreement: max_k ||a_k - b_k||_inf / ||b_k||_inf over the iterates k = 1..200.  Conventions mapped:

* sgd with momentum: optax's trace t <- g + mu t (t_0 = 0) is torch's buffer: HeavyBallEMA(lr / (1 - mu), mu);
  nesterov=True is our Nesterov (parameter = look-ahead point).
* adagrad: optax adds ``initial_accumulator_value`` to the accumulator and ``eps`` inside the root, so the
  document's eps (inside the root, accumulator from 0) is initial_accumulator_value + eps: we use
  initial_accumulator_value = eps, optax eps = 0.
* rmsprop: optax's default (eps inside the root, eps_in_sqrt=True, initial_scale 0) is the document's RMSProp.
* adam, adamw: the same (eps outside the root; optax's adamw decays by lr wd theta, as the AdamW rule).
* lion, sign descent: optax.lion and optax.sign_sgd.
"""

from __future__ import annotations

import numpy as np
import pytest
from lazy_modules import LazyModule
from optim_user_rules import ADAMW, LION, SIGN_DESCENT

from symgd.optim import rules as R

# imported at their first use in a test, not at collection (tests/lazy_modules.py)
jax = LazyModule("jax", peer=True)
optax = LazyModule("optax", peer=True)
jnp = LazyModule("jax.numpy", peer=True)
symgd_optax = LazyModule("symgd.optim.optax")


def transformation(*args, **kwargs):
    """symgd.optim.optax.transformation (imported with JAX at the first call)."""
    return symgd_optax.transformation(*args, **kwargs)


STEPS = 200
RTOL = {"float32": 1e-6, "float64": 1e-12}


def _data(dtype):
    rng = np.random.default_rng(2)
    x = rng.standard_normal((64, 5))
    y = np.sin(x.sum(1, keepdims=True))
    r = np.random.default_rng(1)
    ps = {"w1": r.standard_normal((8, 5)) * 0.5, "b1": r.standard_normal(8) * 0.5,
          "w2": r.standard_normal((1, 8)) * 0.5, "b2": r.standard_normal(1) * 0.5}
    return jnp.asarray(x, dtype), jnp.asarray(y, dtype), jax.tree.map(lambda a: jnp.asarray(a, dtype), ps)


def _loss(ps, x, y):
    return jnp.mean((jnp.tanh(x @ ps["w1"].T + ps["b1"]) @ ps["w2"].T + ps["b2"] - y) ** 2)


def train(tx, dtype: str, steps: int = STEPS) -> np.ndarray:
    """Iterates (steps x n_params) of full-batch training, the whole run one jitted scan."""
    x, y, ps = _data(jnp.dtype(dtype))

    @jax.jit
    def run(ps):
        def body(carry, _):
            ps, st = carry
            updates, st = tx.update(jax.grad(_loss)(ps, x, y), st, ps)
            ps = optax.apply_updates(ps, updates)
            return (ps, st), jnp.concatenate([a.ravel() for a in jax.tree.leaves(ps)])

        return jax.lax.scan(body, (ps, tx.init(ps)), None, length=steps)[1]

    out = np.asarray(run(ps))
    assert out.dtype == np.dtype(dtype)
    return out


def rel(a: np.ndarray, b: np.ndarray) -> float:
    return float((np.abs(a - b).max(axis=1) / np.abs(b).max(axis=1)).max())


CASES = {
    "sgd": (lambda: transformation(R.GD, lr=0.1), lambda: optax.sgd(0.1)),
    "momentum": (lambda: transformation(R.HEAVY_BALL_EMA, lr=0.05 / (1 - 0.9), gamma=0.9),
                 lambda: optax.sgd(0.05, momentum=0.9)),
    "nesterov": (lambda: transformation(R.NESTEROV, lr=0.05, mu=0.9), lambda: optax.sgd(0.05, 0.9, nesterov=True)),
    "adagrad": (lambda: transformation(R.ADAGRAD, lr=0.03, eps=0.1),
                lambda: optax.adagrad(0.03, initial_accumulator_value=0.1, eps=0.0)),
    "rmsprop": (lambda: transformation(R.RMSPROP, lr=1e-3, beta=0.99, eps=1e-8),
                lambda: optax.rmsprop(1e-3, decay=0.99, eps=1e-8)),
    "adam": (lambda: transformation(R.ADAM, lr=1e-2), lambda: optax.adam(1e-2)),
    "adamw": (lambda: transformation(ADAMW, lr=1e-2, wd=0.1), lambda: optax.adamw(1e-2, weight_decay=0.1)),
    "lion": (lambda: transformation(LION, lr=1e-3, wd=0.1), lambda: optax.lion(1e-3, weight_decay=0.1)),
    "sign_descent": (lambda: transformation(SIGN_DESCENT, lr=1e-3), lambda: optax.sign_sgd(1e-3)),
}


def _compare(name: str, dtype: str) -> None:
    ours, theirs = CASES[name]
    a, b = train(ours(), dtype), train(theirs(), dtype)
    assert np.abs(b[-1] - b[0]).max() > 1e-2  # the weights moved
    assert rel(a, b) < RTOL[dtype]


# each run compiles a scan (about 2 s on the 2-core machine): three rules in the quick suite, the rest marked slow
QUICK = ("adamw", "lion", "rmsprop")  # adam: in the chain test, against optax.adam


@pytest.mark.parametrize("name", [n if n in QUICK else pytest.param(n, marks=pytest.mark.slow) for n in sorted(CASES)])
def test_same_iterates_as_optax_float32(name):
    _compare(name, "float32")


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
def test_same_iterates_as_optax_float64(name):
    with jax.enable_x64(True):
        _compare(name, "float64")


def test_the_adagrad_mapping_matters():
    # optax's default accumulator 0.1 on top of the document's eps inside the root: another method
    a = train(transformation(R.ADAGRAD, lr=0.03, eps=0.1), "float32", 5)
    b = train(optax.adagrad(0.03, eps=0.1), "float32", 5)
    assert rel(a, b) > 1e-3


def test_chain_clipping_and_schedules():
    sched = optax.exponential_decay(1e-2, transition_steps=20, decay_rate=0.5)
    ours = optax.chain(optax.clip_by_global_norm(0.05), transformation(R.ADAM, lr=sched))
    theirs = optax.chain(optax.clip_by_global_norm(0.05), optax.adam(sched))
    a, b = train(ours, "float32", 60), train(theirs, "float32", 60)
    assert rel(a, b) < 1e-6
    unclipped = train(transformation(R.ADAM, lr=sched), "float32", 60)
    assert rel(a, unclipped) > 1e-4  # the clipping acted


def test_state_is_a_named_tuple_and_params_are_required_when_read():
    tx = transformation(ADAMW, lr=1e-2)
    params = {"w": jnp.ones(3)}
    state = tx.init(params)
    assert state._fields == ("count", "t", "m", "v") and state.t.dtype == jnp.int32
    updates, state = jax.jit(tx.update)({"w": jnp.ones(3)}, state, params)
    assert int(state.count) == 1 and int(state.t) == 1
    # first step: -lr (sign(g) + wd theta); float32 bias corrections as optax's (1 - b2 = 1e-3 in float32: 1e-5 off)
    np.testing.assert_allclose(updates["w"], -1e-2 * (1 + 1e-2), rtol=2e-5)
    with pytest.raises(ValueError, match="reads the parameters"):
        tx.update({"w": jnp.ones(3)}, state)
    # Adam needs no params: optax's convention (params=None) works
    adam = transformation(R.ADAM, lr=0.1)
    u, _ = adam.update({"w": jnp.array([2.0, -3.0])}, adam.init({"w": jnp.zeros(2)}))
    np.testing.assert_allclose(u["w"], [-0.1, 0.1], rtol=2e-5)


def test_bad_input_is_refused():
    with pytest.raises(Exception, match="not elementwise"):
        transformation(R.NEWTON)
    with pytest.raises(Exception, match="must lie in"):
        transformation(R.ADAM, b1=1.2)
