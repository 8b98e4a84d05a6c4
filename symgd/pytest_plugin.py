"""The pytest plugin (registered as ``symgd`` in the ``pytest11`` entry-point group, so it loads with symgd installed).

* ``--symgd-timeout S`` (or ``symgd_timeout = S`` in the ini file): the default budget, in seconds, of every
  :func:`symgd.testing.assert_claim` / :func:`~symgd.testing.assert_identity` check that passes no ``timeout=``.
* ``@pytest.mark.symgd_claim``: marks a test whose work is checking claims; ``@pytest.mark.symgd_claim(timeout=30)``
  also sets that test's default budget.  Claim checks are CPU-bound and independent, so with pytest-xdist installed
  (it is not a dependency of symgd) run them in parallel, one worker per core::

      pip install pytest-xdist
      pytest -n auto -m symgd_claim

  Each check runs in its own forked worker under its budget either way; xdist only spreads the tests.
* A failed check is a :class:`symgd.testing.ClaimNotProved` (an AssertionError); its report shows the verdict, the
  claim, ``lhs - rhs`` simplified, the counterexample and the values there, at the test's own line (the helpers hide
  their frames with ``__tracebackhide__``).

pytest loads this module in every run in the environment; it loads :mod:`symgd.testing` only when an option or a
marker needs it (importing the ``symgd`` package itself loads SymPy).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

__all__ = ["MARKER", "pytest_addoption", "pytest_configure", "pytest_runtest_call", "pytest_unconfigure"]

MARKER = "symgd_claim"
_PREVIOUS = pytest.StashKey[float]()  # the default budget before --symgd-timeout replaced it


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("symgd", "symgd: symbolic claim checks")
    group.addoption("--symgd-timeout", type=float, default=None, metavar="S",
                    help="default seconds for each symgd assert_claim / assert_identity check (symgd's default: 10)")
    parser.addini("symgd_timeout", "default seconds for each symgd claim check", default="")


def _configured_timeout(config: pytest.Config) -> float | None:
    value = config.getoption("--symgd-timeout")
    if value is None and config.getini("symgd_timeout"):
        try:
            value = float(config.getini("symgd_timeout"))
        except ValueError:
            raise pytest.UsageError(f"symgd_timeout must be seconds, got {config.getini('symgd_timeout')!r}") from None
    if value is not None and not value > 0:
        raise pytest.UsageError(f"--symgd-timeout must be positive, got {value}")
    return value


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARKER}(timeout=None): a test that checks symbolic claims with symgd "
                                       "(parallel with pytest-xdist: pytest -n auto -m symgd_claim); timeout= sets its "
                                       "default budget per check")
    timeout = _configured_timeout(config)
    if timeout is not None:
        from symgd.testing import set_default_timeout

        config.stash[_PREVIOUS] = set_default_timeout(timeout)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _PREVIOUS in config.stash:  # put back what was there (pytester runs pytest inside pytest)
        from symgd.testing import set_default_timeout

        set_default_timeout(config.stash[_PREVIOUS])



@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    marker = item.get_closest_marker(MARKER)
    timeout = marker.kwargs.get("timeout") if marker is not None else None
    if timeout is None:
        return (yield)
    from symgd.testing import set_default_timeout

    before = set_default_timeout(timeout)
    try:
        return (yield)
    finally:
        set_default_timeout(before)
