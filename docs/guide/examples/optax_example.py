import jax
import jax.numpy as jnp
import optax

from symgd.optim.optax import transformation
from symgd.optim.rules import ADAM

tx = optax.chain(optax.clip_by_global_norm(1.0), transformation(ADAM, lr=0.1))
params = {"w": jnp.array([1.0, 1.0])}
state = tx.init(params)
loss = lambda p: 0.5 * (p["w"][0] ** 2 + 10 * p["w"][1] ** 2)
for _ in range(300):
    grads = jax.grad(loss)(params)
    updates, state = tx.update(grads, state, params)
    params = optax.apply_updates(params, updates)
print("optax:", params["w"])
