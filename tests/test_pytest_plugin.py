"""The pytest plugin (symgd/pytest_plugin.py, entry point ``pytest11``): --symgd-timeout, the symgd_claim marker, and
failure reports with the simplified difference, the counterexample and the values there."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest

from symgd.testing import ClaimNotProved, assert_identity, default_timeout

pytest_plugins = ["pytester"]

FAILING = '''
import sympy as sp
from symgd.testing import assert_claim, assert_identity

x = sp.Symbol("x", positive=True)


def test_wrong_expansion():
    assert_identity((x + 1) ** 2, x**2 + 1)


def test_wrong_claim():
    assert_claim(r"\\eta L \\le 1", assume=[r"\\eta \\le 2/L", "L > 0", r"\\eta > 0"])


def test_right():
    assert_identity((x + 1) ** 2, x**2 + 2 * x + 1)
'''


def test_registered_as_a_pytest11_entry_point() -> None:
    eps = {ep.name: ep.value for ep in entry_points(group="pytest11")}
    assert eps.get("symgd") == "symgd.pytest_plugin"  # pyproject.toml; `pip install -e .` registers it


def test_failure_report_shows_difference_counterexample_and_values(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_claims=FAILING)
    result = pytester.runpytest("-p", "no:cacheprovider", "--symgd-timeout", "5")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines([
        "*def test_wrong_expansion():*",
        ">       assert_identity((x + 1) ** 2, x**2 + 1)",
        "E       symgd.testing.ClaimNotProved: the identity is refuted: *",
        "E         claim:     (x + 1)**2 = x**2 + 1",
        "E         lhs - rhs simplifies to: 2*x",
        "E         counterexample: x = *",
        "E         there: lhs vs rhs: * vs *",
    ])
    result.stdout.fnmatch_lines([
        "E       symgd.testing.ClaimNotProved: the claim * is refuted: *",
        "E         rhs - lhs (should be >= 0) simplifies to: *",
        "E         counterexample: *eta = *",
    ])
    assert "symgd/testing.py" not in result.stdout.str()  # the helpers' frames are hidden


def test_timeout_option_marker_and_ini(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_budget='''
import pytest
from symgd.testing import default_timeout


def test_option():
    assert default_timeout() == 2.5


@pytest.mark.symgd_claim(timeout=7)
def test_marker_sets_the_budget_of_its_test():
    assert default_timeout() == 7


@pytest.mark.symgd_claim
def test_marker_alone():
    assert default_timeout() == 2.5
''')
    result = pytester.runpytest("-p", "no:cacheprovider", "--strict-markers", "--symgd-timeout", "2.5")
    result.assert_outcomes(passed=3)
    assert default_timeout() == 10  # put back when the inner session ended
    pytester.makeini("[pytest]\nsymgd_timeout = 2.5\n")
    pytester.runpytest("-p", "no:cacheprovider", "--strict-markers", "-k", "option").assert_outcomes(passed=1)
    bad = pytester.runpytest("-p", "no:cacheprovider", "--symgd-timeout", "0")
    assert bad.ret == pytest.ExitCode.USAGE_ERROR and "--symgd-timeout must be positive" in bad.stderr.str()


def test_the_marker_is_documented(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.symgd_claim(timeout=None): *pytest -n auto -m symgd_claim*"])


def test_claim_not_proved_carries_the_verdict() -> None:
    import sympy as sp

    x = sp.Symbol("x", real=True)
    with pytest.raises(ClaimNotProved) as info:
        assert_identity(sp.sin(x) ** 2, 1 - sp.cos(x), timeout=5)
    err = info.value
    assert isinstance(err, AssertionError) and err.verdict.refuted and err.verdict.counterexample
    assert err.difference == str(sp.simplify(sp.sin(x) ** 2 - 1 + sp.cos(x)))
    assert default_timeout() == 10
