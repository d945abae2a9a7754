"""The old home of `load_model`, kept for one release: import it from `model.churn` instead.

from model.churn import load_model   # this release on
from model.loader import load_model  # still works, until the next release
"""

from model.churn import default_model, load_model, load_user_model

__all__ = ["default_model", "load_model", "load_user_model"]
