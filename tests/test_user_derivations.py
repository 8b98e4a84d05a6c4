"""A user's own derivations on the command line: files, modules, module:attribute, catalogues registered through
the ``symgd.derivations`` entry-point group; citations of any work; bad references are one line and exit 2."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from symgd.app.cli import main
from symgd.core.citation import Citation, citations
from symgd.core.derivation import Source

PROX = '''
"""The proximal step of (lambda/2) x^2 is a shrinkage: prox(v) = v / (1 + eta lambda)."""
import sympy as sp

from symgd import Derivation
from symgd.core.citation import Citation

PARIKH = Citation("Proximal Algorithms", authors=("Neal Parikh", "Stephen Boyd"), year=2014,
                  venue="Foundations and Trends in Optimization", section="Section 6.1.1",
                  doi="10.1561/2400000003")


def derive():
    d = Derivation("prox_quadratic", "The proximal step of a quadratic", PARIKH)
    eta, lam = d.assume(sp.symbols("eta lambda", positive=True))
    v, x = d.assume(sp.symbols("v x", real=True))
    obj = lam / 2 * x**2 + (x - v) ** 2 / (2 * eta)
    d.claim(sp.Derivative(obj, x), "=", lam * x + (x - v) / eta, "differentiate the prox objective")
    d.claim(x, ":=", v / (1 + eta * lam), "set the derivative to zero", equation=sp.Eq(lam * x + (x - v) / eta, 0))
    d.conclude("the prox is a shrinkage")
    d.erratum(PARIKH.at("a slide"), "prox(v) = v / eta", "the prox divides by eta", "it divides by 1 + eta lambda",
              claim=sp.Eq(v / (1 + eta * lam), v / eta))
    return d


def wrong():
    """A deliberately wrong step: the shrinkage factor squared."""
    d = Derivation("prox_wrong", "A wrong prox", PARIKH)
    eta, lam = sp.symbols("eta lambda", positive=True)
    v = sp.Symbol("v", real=True)
    d.claim(v / (1 + eta * lam), "=", v / (1 + eta * lam) ** 2, "square the factor (wrong)")
    return d


def both():
    return [derive(), wrong()]
'''


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    (tmp_path / "notes").mkdir()
    path = tmp_path / "notes" / "prox.py"
    path.write_text(PROX)
    return path


def test_verify_a_file(notes: Path, tmp_path: Path, capsys) -> None:
    code, out, err = run(capsys, "verify", str(notes), "--out", str(tmp_path / "b"))
    assert code == 0, err
    assert "prox_quadratic" in out and "2/2 steps proved in 1 derivations; all checks passed" in out
    assert "erratum confirmed" in out
    code, out, _ = run(capsys, "list", str(notes), "--out", str(tmp_path / "b"))
    assert code == 0 and "Parikh and Boyd 2014: Section 6.1.1" in out and "verified" in out


def test_a_wrong_step_fails_with_its_counterexample(notes: Path, tmp_path: Path, capsys) -> None:
    code, out, _ = run(capsys, "verify", f"{notes}:wrong", "--out", str(tmp_path / "b"))
    assert code == 1
    assert re.search(r"refuted\s+│ exact evaluation at a sample point at eta=[-\d/]+, lambda=", out), out


def test_derive_a_file_to_latex_and_pdf(notes: Path, tmp_path: Path, capsys, require_tool) -> None:
    code, _, err = run(capsys, "derive", str(notes), "--out", str(tmp_path / "out"), "--no-pdf")
    assert code == 0, err
    tex = (tmp_path / "out" / "symgd.tex").read_text()
    assert "document" not in tex.split("\\section{The proximal step")[1].split("\n")[2]  # not "document ext"
    assert r"\textbf{Source:} Neal Parikh, Stephen Boyd, \emph{Proximal Algorithms} (2014), Section 6.1.1~\cite{Parikh2014}" in tex
    bib = tex.split(r"\begin{thebibliography}")[1]
    assert r"\bibitem[Parikh and Boyd 2014]{Parikh2014} Neal Parikh and Stephen Boyd. \emph{Proximal Algorithms}." in bib
    assert r"\url{https://doi.org/10.1561/2400000003}" in bib and bib.count(r"\bibitem") == 1  # the erratum: same work
    assert r"\textbf{Parikh and Boyd 2014}~\cite{Parikh2014}" in tex  # the erratum names the work it corrects
    require_tool("pdflatex", "the PDF of a user's derivation")
    code, _, err = run(capsys, "derive", str(notes), "--out", str(tmp_path / "out"))
    assert code == 0 and (tmp_path / "out" / "symgd.pdf").stat().st_size > 1000, err
    log = (tmp_path / "out" / "symgd.log").read_text()
    assert "Citation `Parikh2014' on page" not in log and "undefined" not in log


def test_a_module_and_module_attribute(tmp_path: Path, monkeypatch, capsys) -> None:
    pkg = tmp_path / "usernotes_h12"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "prox.py").write_text(PROX)
    (pkg / "constant.py").write_text(PROX + "\nDERIVATIONS = [derive()]\ndel derive\n")
    (pkg / "twice.py").write_text(PROX + "\nDERIVATION = derive()\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    out = str(tmp_path / "b")
    assert run(capsys, "verify", "usernotes_h12.prox", "--out", out)[0] == 0
    assert run(capsys, "verify", "usernotes_h12.prox:derive", "--out", out)[0] == 0
    assert run(capsys, "verify", "usernotes_h12.constant", "--out", out)[0] == 0
    code, _, err = run(capsys, "verify", "usernotes_h12.twice", "--out", out)  # derive and DERIVATION: which?
    assert code == 2 and "has both derive and DERIVATION; say which: usernotes_h12.twice:derive" in err
    code, out_text, _ = run(capsys, "verify", "usernotes_h12.prox:both", "--out", out)
    assert code == 1 and "prox_quadratic" in out_text and "prox_wrong" in out_text


def test_parallel_workers_rebuild_a_file_by_its_reference(notes: Path) -> None:
    from symgd.app.catalogue import verify_all

    one = verify_all([f"{notes}:both"], timeout=10, jobs=1)
    two = verify_all([f"{notes}:both"], timeout=10, jobs=2)  # forked workers load the file again by its path
    def verdicts(runs):
        return [[(s.verdict.status, s.verdict.method, s.verdict.counterexample) for s in v.report.steps] for v in runs]

    assert verdicts(one) == verdicts(two)
    assert [v.report.ok for v in two] == [True, False]


def test_a_catalogue_registered_by_entry_point(tmp_path: Path, monkeypatch, capsys) -> None:
    """An installed package's catalogue: a dist-info with an entry point in the group symgd.derivations."""
    (tmp_path / "usercat_h12.py").write_text(PROX + "\ndef catalogue():\n    return {'prox_quadratic': derive}\n")
    info = tmp_path / "usercat_h12-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: usercat-h12\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[symgd.derivations]\nusercat = usercat_h12:catalogue\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    import derivations
    from symgd.app import loader

    documents = derivations.by_name()
    # the documents' catalogue cut to two derivations (`symgd list` builds every derivation it lists)
    monkeypatch.setattr(derivations, "by_name", lambda: {k: documents[k] for k in ("local_model", "modified_quadratic")})
    assert {"documents", "usercat"} <= set(loader.catalogues())
    names = loader.catalogue_names()
    assert names[0] == "local_model" and "prox_quadratic" in names  # the documents first, then the package's
    code, _, err = run(capsys, "verify", "prox_quadratic", "--out", str(tmp_path / "b"))
    assert code == 0, err
    code, out, _ = run(capsys, "list", "--out", str(tmp_path / "b"))
    assert code == 0 and "prox_quadratic" in out and "local_model" in out


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("no_such_thing", r"^error: unknown derivation 'no_such_thing'; known: local_model, "),
        ("nope.py", r"^error: 'nope.py': no such file nope.py$"),
        ("{dir}/data.txt", r"^error: '.*data.txt': .*data.txt is not a Python file \(\.py\)$"),
        ("no_such_pkg_h12.mod", r"^error: 'no_such_pkg_h12.mod': no module named 'no_such_pkg_h12'"),
        ("os:path", r"^error: 'os:path': module posixpath has no derive\(\), DERIVATION or DERIVATIONS$"),
        ("os:nothing_here", r"^error: 'os:nothing_here': no attribute 'nothing_here'$"),
        ("os:", r"^error: 'os:': nothing after ':'"),
        ("os:getcwd", r"^error: 'os:getcwd' gives a str, not a Derivation"),
        ("a b", r"^error: 'a b' is not a reference; give a catalogue name, a file"),
        ("{dir}/broken.py", r"^error: .*broken.py:2: syntax error"),
        ("{dir}/raises.py", r"^error: .*raises.py:3 in derive: ZeroDivisionError: division by zero$"),
        ("{dir}/raises.py:NOT_A_DERIVATION", r"^error: '.*raises.py:NOT_A_DERIVATION' gives a int, not a Derivation"),
    ],
)
def test_bad_references_are_one_line_and_exit_2(ref: str, message: str, tmp_path: Path, capsys) -> None:
    (tmp_path / "data.txt").write_text("")
    (tmp_path / "broken.py").write_text("x = 1\ndef derive(:\n")
    (tmp_path / "raises.py").write_text("NOT_A_DERIVATION = 3\ndef derive():\n    return 1 / 0\n")
    for command in ("verify", "derive", "list"):
        code, _, err = run(capsys, command, ref.format(dir=tmp_path), "--out", str(tmp_path / "b"))
        assert code == 2, (command, err)
        assert re.match(message, err), (command, err)
        assert err.count("\n") == 1 and "Traceback" not in err


def test_citations() -> None:
    nesterov = Citation("Lectures on Convex Optimization", authors=("Yurii Nesterov",), year=2018, venue="Springer",
                        section="Theorem 2.1.5")
    assert str(nesterov) == "Nesterov 2018, Theorem 2.1.5" and nesterov.cite_key == "Nesterov2018"
    assert nesterov.entry() == "Yurii Nesterov. Lectures on Convex Optimization. Springer, 2018."
    assert Citation("T", authors="A. Smith").authors == ("A. Smith",)  # one author, not its letters
    three = Citation("T", authors=("A. Smith", "B. Jones", "C. Wu"), year=2020)
    assert three.label == "Smith et al. 2020"
    # a seed document is a citation like any other; two places in one work are one bibliography entry,
    # two works with one key get distinct keys
    doc = Source("001", "A quadratic warmup", "quote")
    assert isinstance(doc, Citation) and doc.seed == "001" and doc.title == "Gradient descent"
    other = Citation("Another book", authors=("Yurii Nesterov",), year=2018)
    keys = citations([doc, nesterov, nesterov.at("Lemma 1"), Source("001", "elsewhere"), other])
    assert list(keys.values()) == ["001", "Nesterov2018a", "Nesterov2018b"]
    with pytest.raises(ValueError, match="needs a title"):
        Citation("")


def test_user_citations_in_markdown_and_text(notes: Path) -> None:
    from symgd.app.loader import load

    d = load(str(notes))[0]
    md, text = d.markdown(), d.text()
    assert "*Source:* Neal Parikh and Stephen Boyd. Proximal Algorithms. Foundations and Trends in Optimization, " \
           "2014. doi:10.1561/2400000003 (Section 6.1.1)" in md
    assert "document" not in text.splitlines()[1]


def test_help_documents_the_references(capsys) -> None:
    code, out, _ = run(capsys, "verify", "--help")
    flat = " ".join(out.split())
    assert code == 0
    for needle in ("path/to/file.py[:attr]", "pkg.mod:attr", "derive()", "DERIVATION", "symgd.derivations"):
        assert needle in flat, needle


def test_the_documents_are_registered_as_a_catalogue() -> None:
    from importlib.metadata import entry_points

    eps = {ep.name: ep.value for ep in entry_points(group="symgd.derivations")}
    assert eps.get("documents") == "derivations:by_name"  # pyproject.toml; `pip install -e .` registers it


def test_loading_a_file_runs_it_once(notes: Path) -> None:
    from symgd.app.loader import load

    first, second = load(str(notes))[0], load(f"{notes}:derive")[0]
    assert first is not second and first.name == second.name  # derive() runs again, the module once
    assert sum(1 for m in sys.modules if m.startswith("symgd_user_prox_")) >= 1
