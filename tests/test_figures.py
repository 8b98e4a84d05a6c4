"""The figures: files are valid images of the declared size, and the plotted data equal independently
computed closed forms (numpy by hand here, never the code's own output)."""

from __future__ import annotations

import struct
import subprocess
from pathlib import Path

import numpy as np
import pytest
from lazy_modules import LazyModule

from symgd.core.errors import BadInput

figures = LazyModule("symgd.app.figures")  # matplotlib: imported at the first use in a test, not at collection


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[Path, list]:
    doc_dir = tmp_path_factory.mktemp("doc")
    return doc_dir, figures.write_all(doc_dir / "figures")


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    assert head[12:16] == b"IHDR"
    return struct.unpack(">II", head[16:24])


def test_every_figure_is_a_png_of_its_size_and_a_pdf(written) -> None:
    doc_dir, pairs = written
    assert len(pairs) == len(figures.FIGURES) >= 6
    for spec, (rel, caption) in zip(figures.FIGURES, pairs, strict=True):
        pdf = doc_dir / rel  # relative to the document's directory, as \includegraphics resolves it
        assert pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-"
        assert pdf.stat().st_size > 5000  # something is drawn
        png = pdf.with_suffix(".png")
        assert png_size(png) == spec.pixels
        assert caption.strip() and "_" not in spec.name and "." not in spec.name


def test_paths_relative_to_another_document_directory(tmp_path) -> None:
    pairs = figures.write_all(tmp_path / "a" / "b", relative_to=tmp_path, names=["001-flow-vs-gd"])
    assert [p for p, _ in pairs] == ["a/b/001-flow-vs-gd.pdf"] and (tmp_path / pairs[0][0]).is_file()
    with pytest.raises(BadInput, match="unknown figure 'nope'"):
        figures.write_all(tmp_path, names=["nope"])


def test_001_flow_and_gd_match_closed_forms() -> None:
    for lam, theta0, eta in ((1.0, 1.2, 0.5), (2.0, -0.7, 0.3)):
        d = figures.data_001_modified_loss(lam, theta0, eta, t_max=6.0)
        k, t, th = d["k"], d["t"], d["theta"]
        assert k[0] == 0 and np.isclose(k[-1] * eta, 6.0)
        np.testing.assert_allclose(d["t_k"], k * eta)
        np.testing.assert_allclose(d["gd"], (1 - eta * lam) ** k * theta0, rtol=1e-12)
        np.testing.assert_allclose(d["flow"], np.exp(-lam * t) * theta0, rtol=1e-12)
        np.testing.assert_allclose(d["modified_flow"], np.exp(-(lam + eta * lam**2 / 2) * t) * theta0, rtol=1e-12)
        np.testing.assert_allclose(d["loss"], lam * th**2 / 2, rtol=1e-12)
        np.testing.assert_allclose(d["modified_loss"], (lam + eta * lam**2 / 2) * th**2 / 2, rtol=1e-12)
        assert np.isclose(d["loss0"], lam * theta0**2 / 2)
    # the document's figure: GD lands below the flow on L, and the flow on L_eta is closer to the GD dots
    d = figures.data_001_modified_loss()
    at = np.searchsorted(d["t"], d["t_k"][1:4])
    assert np.all(d["gd"][1:4] < d["flow"][at])
    assert np.all(np.abs(d["modified_flow"][at] - d["gd"][1:4]) < np.abs(d["flow"][at] - d["gd"][1:4]))


def test_000_model_and_minimizer() -> None:
    x_s = 0.4
    d = figures.data_000_local_model("double_well", x_s, (0.05, 0.5))
    x = d["x"]
    f = lambda z: z**4 - 3 * z**2 + 2  # noqa: E731 - by hand
    df = lambda z: 4 * z**3 - 6 * z  # noqa: E731
    np.testing.assert_allclose(d["f"], f(x), rtol=1e-12, atol=1e-12)
    assert np.isclose(d["f_s"], f(x_s)) and np.isclose(d["grad"], df(x_s))
    for p, eta in zip(d["panels"], (0.05, 0.5), strict=True):
        model = f(x_s) + df(x_s) * (x - x_s) + (x - x_s) ** 2 / (2 * eta)
        np.testing.assert_allclose(p["model"], model, rtol=1e-12, atol=1e-12)
        assert np.isclose(p["next"], x_s - eta * df(x_s), rtol=1e-14)
        assert p["model_next"] <= model.min() + 1e-12  # the green point is the model's minimum
        assert np.isclose(p["f_next"], f(p["next"]))
    assert d["panels"][1]["next"] > np.sqrt(1.5)  # the large step overshoots the minimum at sqrt(3/2)


def test_002_zigzag_path() -> None:
    eta = 0.09
    d = figures.data_002_zigzag(eta, steps=25)
    k = np.arange(26)
    np.testing.assert_allclose(d["path"][:, 0], 5 * (1 - 2 * eta) ** k, rtol=1e-12)
    np.testing.assert_allclose(d["path"][:, 1], 5 * (1 - 20 * eta) ** k, rtol=1e-12)
    np.testing.assert_allclose(d["closed_form"], d["path"], rtol=1e-12)  # the derivation's closed form agrees
    np.testing.assert_allclose(d["document_table"], [[5, 5], [4, 3], [3.2, 1.8], [0.11, 0]])
    np.testing.assert_allclose(d["loss"], d["path"][:, 0] ** 2 + 10 * d["path"][:, 1] ** 2, rtol=1e-12)
    np.testing.assert_allclose(d["Z"], d["X"] ** 2 + 10 * d["Y"] ** 2, rtol=1e-12)
    y = d["path"][:, 1]
    assert np.all(np.sign(y[1:]) == -np.sign(y[:-1]))  # it zigzags


def test_002_learning_rates() -> None:
    d = figures.data_002_learning_rates((0.001, 0.01, 0.1), steps=300)
    a = np.array([2.0, 200.0])
    for eta in (0.001, 0.01, 0.1):
        losses = d["losses"][eta]
        k = np.arange(len(losses))[:, None]
        expected = ((1 - eta * a) ** (2 * k) * a / 2).sum(axis=1)  # x_i,k = (1 - eta a_i)^k, x_0 = (1, 1)
        np.testing.assert_allclose(losses, expected, rtol=1e-9)
    assert len(d["losses"][0.001]) == len(d["losses"][0.01]) == 301
    assert d["losses"][0.001][-1] < 1 and np.all(d["losses"][0.01] >= 100 - 1e-9)  # slow; stuck at the boundary
    assert len(d["losses"][0.1]) < 10 and d["losses"][0.1][-1] > 1e12  # diverged, stopped early


def test_002_rate_below_bound_with_slope_minus_one() -> None:
    d = figures.data_002_rate(n=100, decades=5.0, steps=10_000)
    lam = 10.0 ** (-5 * np.arange(100) / 99)
    np.testing.assert_allclose(d["diag"], lam)
    k = np.arange(1, 10_001)
    gap = 0.5 * ((1 - lam[None, :]) ** (2 * k[:, None]) * lam[None, :]).sum(axis=1)  # t = 1, x_0 = ones, f* = 0
    np.testing.assert_allclose(d["gap"], gap, rtol=1e-8)
    np.testing.assert_allclose(d["bound"], 100 / (2 * k), rtol=1e-12)  # ||x_0||^2 / (2 t k)
    assert np.all(d["gap"] <= d["bound"])
    mid = (k >= 10) & (k <= 1000)
    slope = np.polyfit(np.log(k[mid]), np.log(d["gap"][mid]), 1)[0]
    assert abs(slope + 1) < 0.15, slope


@pytest.mark.tex
def test_figures_compile_into_the_latex_document(written, require_tool) -> None:
    require_tool("pdflatex", "cannot check that the document includes the figures")
    from symgd.latex.render import document

    doc_dir, pairs = written
    tex = doc_dir / "figs.tex"
    tex.write_text(document([], [], pairs))
    proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name], cwd=doc_dir,
                          capture_output=True, text=True, timeout=180, check=False)
    assert proc.returncode == 0, proc.stdout[-2000:]
    log = tex.with_suffix(".log").read_text(errors="replace")
    assert "not found" not in log
    for rel, _ in pairs:
        assert f"<{rel}" in log.replace("\n", "")  # pdflatex opened every figure


def test_002_optimizer_curves_match_hand_simulation() -> None:
    steps = 60
    d = figures.data_002_optimizers(steps)
    A = np.array([[13.0, 12.0], [12.0, 13.0]])
    f = lambda x: x @ A @ x / 2  # noqa: E731 - f* = 0 at x* = 0
    x0 = np.array([-3.0, 2.0])
    assert set(d["losses"]) == {"GD", "heavy ball", "Nesterov", "AdaGrad", "RMSProp", "Adam"}

    def run(update) -> np.ndarray:  # update(k, x, memory) -> new x; the documents' equations, by hand
        x, mem, out = x0.copy(), {}, [f(x0)]
        for k in range(1, steps + 1):
            x = update(k, x, mem)
            out.append(f(x))
        return np.array(out)

    h = d["hyper"]

    def gd(k, x, mem):
        return x - h["GD"]["lr"] * (A @ x)

    def heavy_ball(k, x, mem):  # x_{t+1} = x_t - a grad + mu (x_t - x_{t-1}), x_{-1} = x_0
        prev = mem.get("prev", x)
        mem["prev"] = x
        return x - h["heavy ball"]["lr"] * (A @ x) + h["heavy ball"]["mu"] * (x - prev)

    def nesterov(k, x, mem):  # x_{t+1} = x_t + mu (x_t - x_{t-1}) - gamma grad(x_t + mu (x_t - x_{t-1}))
        prev = mem.get("prev", x)
        mem["prev"] = x
        mu, lr = h["Nesterov"]["mu"], h["Nesterov"]["lr"]
        y = x + mu * (x - prev)
        return y - lr * (A @ y)

    def adagrad(k, x, mem):
        g = A @ x
        mem["G"] = mem.get("G", 0) + g**2
        return x - h["AdaGrad"]["lr"] * g / np.sqrt(h["AdaGrad"]["eps"] + mem["G"])

    def rmsprop(k, x, mem):
        g, p = A @ x, h["RMSProp"]
        mem["v"] = p["beta"] * mem.get("v", 0) + (1 - p["beta"]) * g**2
        return x - p["lr"] * g / np.sqrt(mem["v"] + p["eps"])

    def adam(k, x, mem):
        g, p = A @ x, h["Adam"]
        mem["m"] = p["b1"] * mem.get("m", 0) + (1 - p["b1"]) * g
        mem["v"] = p["b2"] * mem.get("v", 0) + (1 - p["b2"]) * g**2
        m_hat, v_hat = mem["m"] / (1 - p["b1"] ** k), mem["v"] / (1 - p["b2"] ** k)
        return x - p["lr"] * m_hat / (np.sqrt(v_hat) + p["eps"])

    for name, update in (("GD", gd), ("heavy ball", heavy_ball), ("Nesterov", nesterov), ("AdaGrad", adagrad),
                         ("RMSProp", rmsprop), ("Adam", adam)):
        np.testing.assert_allclose(d["losses"][name], run(update), rtol=1e-9, atol=1e-300, err_msg=name)
    # the classical tunings: heavy ball and Nesterov beat GD by orders of magnitude on this problem
    assert d["losses"]["heavy ball"][-1] < 1e-6 * d["losses"]["GD"][-1]
    assert d["losses"]["Nesterov"][-1] < 1e-3 * d["losses"]["GD"][-1]


def test_tight_rate_gd_on_huber_by_hand() -> None:
    """GD with step 1/L on the Huber function of slope s = L R/(2N + 1), run here in numpy by hand, ends at the
    tight bound L R^2/(4N + 2); the documents' bound is L R^2/(2N)."""
    from symgd.rates.plots import data_tight_rate

    L, R, n_max = 2.0, 0.5, 12
    d = data_tight_rate(n_max=n_max, L=L, R=R)
    N = np.arange(1, n_max + 1)
    np.testing.assert_array_equal(d["N"], N)
    gaps = []
    for n in N:
        s = L * R / (2 * n + 1)
        f = lambda x, s=s: s * abs(x) - s**2 / (2 * L) if abs(x) >= s / L else L * x**2 / 2  # noqa: E731
        df = lambda x, s=s: s * np.sign(x) if abs(x) >= s / L else L * x  # noqa: E731
        x = R
        for _ in range(n):
            x = x - df(x) / L
        gaps.append(f(x))
    np.testing.assert_allclose(d["huber_gap"], gaps, rtol=1e-12)
    np.testing.assert_allclose(d["huber_gap"], L * R**2 / (4 * N + 2), rtol=1e-12)
    np.testing.assert_allclose(d["document"] / d["tight"], 2 + 1 / N, rtol=1e-12)


def test_modified_flows_against_scipy() -> None:
    """GD iterates by hand; gradient flow and the order-1 modified flow -(grad L + (eta/2) H grad L) integrated by
    scipy; the local error of the order-0 truncation from those; every fitted slope near k + 2."""
    from scipy.integrate import solve_ivp

    from symgd.bea.plots import data_modified_flows

    def grad(v):
        x, y = v
        return np.array([x**3 + y**2 / 2 - 1 / 3, x * y + y])

    def hess(v):
        x, y = v
        return np.array([[3 * x**2, y], [y, x + 1]])

    eta, steps, sub = 0.3, 6, 4
    etas = (0.1, 0.07, 0.049, 0.0343)
    d = data_modified_flows(order=2, eta=eta, steps=steps, substeps=sub, etas=etas)
    th0 = np.array([0.7, -0.4])
    gd = [th0]
    for _ in range(steps):
        gd.append(gd[-1] - eta * grad(gd[-1]))
    np.testing.assert_allclose(d["gd"], gd, rtol=1e-13)
    times = np.arange(steps * sub + 1) * eta / sub
    fields = [lambda t, v: -grad(v), lambda t, v: -grad(v) - eta / 2 * hess(v) @ grad(v)]
    for k, field in enumerate(fields):
        ref = solve_ivp(field, (0, times[-1]), th0, t_eval=times, rtol=1e-11, atol=1e-13, method="DOP853").y.T
        np.testing.assert_allclose(d["flows"][k], ref, atol=1e-6)
    err0 = [np.linalg.norm(solve_ivp(fields[0], (0, e), th0, rtol=1e-12, atol=1e-14, method="DOP853").y[:, -1]
                           - (th0 - e * grad(th0))) for e in etas]
    np.testing.assert_allclose(d["errors"][0], err0, rtol=1e-5)
    assert len(d["slopes"]) == 3 and all(abs(p - (k + 2)) < 0.25 for k, p in enumerate(d["slopes"]))
