"""Independent checks of the answer keys of tests/audit/matrices/ (numpy only, never symgd): each correct relation
holds on random instances, each slip fails on the instance its key names."""

from __future__ import annotations

import numpy as np


def _least_squares(rng: np.random.Generator) -> None:
    for _ in range(200):
        d = int(rng.integers(1, 5))
        a, u, v, mu = rng.normal(size=(d, d)), rng.normal(size=d), rng.normal(size=d), abs(rng.normal()) + 1e-3
        s = np.linalg.svd(a, compute_uv=False)
        fro2, op = np.sum(a**2), s[0]
        assert np.isclose(fro2, np.trace(a.T @ a)) and np.isclose(np.sum(a * a), fro2)
        assert op**2 <= fro2 + 1e-9
        assert np.linalg.norm(a @ (u - v)) <= op * np.linalg.norm(u - v) + 1e-9 <= np.sqrt(fro2) * np.linalg.norm(u - v) + 2e-9
        assert np.linalg.eigvalsh(a.T @ a).min() >= -1e-9 and np.isclose(np.linalg.eigvalsh(a.T @ a).max(), op**2)
        au2 = np.linalg.norm(a @ u) ** 2
        assert s[-1] ** 2 * (u @ u) - 1e-9 <= au2 <= op**2 * (u @ u) + 1e-9
        ev = np.linalg.eigvalsh(a.T @ a + mu * np.eye(d))
        assert ev.min() >= mu - 1e-9 and ev.max() <= fro2 + mu + 1e-9
    i2, e1 = np.eye(2), np.array([1.0, 0.0])
    assert not np.sum(i2**2) <= np.linalg.norm(i2, 2) ** 2  # slip line 26
    assert not np.linalg.norm(i2 @ e1) ** 2 >= np.sum(i2**2) * (e1 @ e1)  # slip line 44
    mu = 0.5
    assert not np.linalg.eigvalsh(np.zeros((2, 2)) + mu * i2).min() >= 2 * mu  # slip line 55


def _curvature(rng: np.random.Generator) -> None:
    for _ in range(200):
        d = int(rng.integers(1, 5))
        q, _ = np.linalg.qr(rng.normal(size=(d, d)))
        lam = np.sort(rng.uniform(0.1, 5, size=d))
        h, v = q @ np.diag(lam) @ q.T, rng.normal(size=d)
        mu, ell = lam[0], lam[-1]
        assert mu * (v @ v) - 1e-9 <= v @ h @ v <= ell * (v @ v) + 1e-9 and np.linalg.norm(h, 2) <= ell + 1e-9
    h = np.diag([1.0, 3.0])
    assert not (np.array([1.0, 0]) @ h @ np.array([1.0, 0]) >= 3.0)  # slip line 17
    h = np.array([[2.0, 1], [1, 2]])
    assert np.trace(h) == 4 and np.sum(h**2) == 10
    for k in range(6):
        hk = np.linalg.matrix_power(h, k) @ np.array([1.0, 0])
        assert np.allclose(hk, [(3**k + 1) / 2, (3**k - 1) / 2])
    assert not np.allclose(np.linalg.matrix_power(h, 0) @ np.array([1.0, 0]), [1, 1])  # slip line 31
    assert np.array_equal(np.diag(np.diag(h)), 2 * np.eye(2))


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    _least_squares(rng)
    _curvature(rng)
    print("keys of tests/audit/matrices agree with numpy")
