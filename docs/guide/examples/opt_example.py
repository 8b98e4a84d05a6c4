import numpy as np

from symgd.optim import optimizers

# f(x) = x^T A x / 2 with A = diag(1, 10): the gradient is A x
A = np.diag([1.0, 10.0])
opt = optimizers.adam(lr=0.1)
x = np.array([1.0, 1.0])
state = opt.init(x)
for _ in range(300):
    x, state = opt.update(A @ x, state, x)
print("numpy adam:", x)

fused = optimizers.adam(lr=0.1, backend="fused")  # numba kernel compiled from the same rule
x = np.array([1.0, 1.0])
state = fused.init(x)
for _ in range(300):
    x, state = fused.update(A @ x, state, x)
print("fused adam:", x)
