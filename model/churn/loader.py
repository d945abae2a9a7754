"""Which churn model to use, and what to do when a saved one does not match its card.

The one place that decides: the built-in model (committed under model/churn/) is retrained, with
a log line saying why, when its file does not match its card or was fitted with other
library versions; a model directory the user names (`--model`) is refused with the reason,
since retraining it would need their history. Sits above `model.churn.artefact` (reading and
writing) and `model.churn.fit` (fitting), which never import it.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from model.churn.artefact import (
    BUILT_IN_DIR,
    ModelMismatch,
    read_model,
    save_model,
    version_differences,
)
from model.churn.churn_model import ChurnModel

log = logging.getLogger(__name__)


def load_model(directory: Path = BUILT_IN_DIR) -> ChurnModel:
    """The built-in model (or one saved like it), verified; retrained and saved when not.

    Never uses a file whose hash disagrees with its card.
    """
    try:
        model = read_model(directory)
        reasons = version_differences(model.card)
    except ModelMismatch as mismatch:
        reasons = [str(mismatch)]
    if not reasons:
        return model

    from model.churn.fit import train_model

    log.warning("Retraining the churn model (a few minutes) because %s.", "; ".join(reasons))
    model = train_model()
    try:
        save_model(model, directory)
    except OSError as error:
        log.warning("Could not save the retrained model (%s); using it from memory.", error)
    return model


def load_user_model(directory: str | Path) -> ChurnModel:
    """A model the user fitted to their own history (`model.train --data`), verified.

    Raises ModelMismatch with a plain reason when its artefact does not match its card;
    other library versions only log a warning, as the tables are plain numbers.
    """
    model = read_model(Path(directory))
    for difference in version_differences(model.card):
        log.warning("Note: %s.", difference)
    return model


@cache
def default_model() -> ChurnModel:
    """The project's model, loaded once per process (the command line and the app share it)."""
    return load_model()
