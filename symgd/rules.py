"""Deprecated import path: the update rules now live in :mod:`symgd.optim.rules`.

``import symgd.rules`` keeps working as a thin re-export and warns once.
"""

import warnings

from symgd.optim.rules import *  # noqa: F403
from symgd.optim.rules import __all__  # noqa: F401

warnings.warn("symgd.rules moved to symgd.optim.rules", DeprecationWarning, stacklevel=2)
