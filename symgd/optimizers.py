"""Deprecated import path: the optimizers now live in :mod:`symgd.optim.optimizers`.

``import symgd.optimizers`` keeps working as a thin re-export and warns once.
"""

import warnings

from symgd.optim.optimizers import *  # noqa: F403
from symgd.optim.optimizers import __all__  # noqa: F401

warnings.warn("symgd.optimizers moved to symgd.optim.optimizers", DeprecationWarning, stacklevel=2)
