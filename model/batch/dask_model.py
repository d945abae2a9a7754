"""The churn model on a Dask cluster's workers: sent to each worker once, checked there.

The model travels as the artefact's bytes and its card in a worker plugin
(`ModelOnWorkers`); each worker checks the bytes against the card's SHA-256 before using
them (`model.churn.artefact.read_model`, as on one machine) and otherwise refuses them
and keeps the reason, which the driver asks every worker for before any work is sent.
A model that does not match is never used and never retrained on a worker.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from distributed import WorkerPlugin, get_worker

from model.churn import (
    ARTEFACT_NAME,
    BUILT_IN_DIR,
    CARD_NAME,
    ChurnModel,
    ModelMismatch,
    load_model,
    read_model,
)

MODEL_PLUGIN = "churn-cost-model"


class ModelRefused(ValueError):
    """The model files do not match their card, on this machine or on a worker."""


class ModelOnWorkers(WorkerPlugin):
    """The churn model's artefact and card, sent to each worker once and checked there."""

    name = MODEL_PLUGIN

    def __init__(self, artefact: bytes, card: bytes):
        self.artefact, self.card = artefact, card
        self.model: ChurnModel | None = None
        self.refusal = ""

    @classmethod
    def from_directory(cls, directory: str | Path | None = None) -> ModelOnWorkers:
        """The model this machine would score with: the built-in one (retrained first if its
        files do not match their card, as on one machine) or the user's `directory`."""
        if directory is None:
            load_model(BUILT_IN_DIR)  # retrains and saves when the files do not match
            directory = BUILT_IN_DIR
        directory = Path(directory)
        try:
            read_model(directory)
        except ModelMismatch as mismatch:
            raise ModelRefused(f"the model cannot be sent to the workers: {mismatch}.") from None
        return cls((directory / ARTEFACT_NAME).read_bytes(), (directory / CARD_NAME).read_bytes())

    def setup(self, worker=None) -> None:
        """Run by Dask on each worker as it joins: the model read from the bytes, or the
        reason it was refused (kept for the driver, which asks before sending work)."""
        with tempfile.TemporaryDirectory(prefix="churn-model-") as folder:
            Path(folder, ARTEFACT_NAME).write_bytes(self.artefact)
            Path(folder, CARD_NAME).write_bytes(self.card)
            try:  # the bytes are checked against the card's SHA-256 before they are parsed
                self.model = read_model(Path(folder))
            except ModelMismatch as mismatch:  # never used, never retrained on a worker
                self.refusal = str(mismatch)


def worker_model() -> ChurnModel:
    """The model this worker was sent, for a task to score with; ModelRefused (with the
    worker's reason) when the bytes it received did not match their card."""
    plugin = get_worker().plugins[MODEL_PLUGIN]
    if plugin.model is None:
        raise ModelRefused(f"a worker refused the model: {plugin.refusal}")
    return plugin.model


def worker_refusal(dask_worker) -> str:
    """Run on every worker by Client.run (which passes the worker): why it has no model."""
    plugin = dask_worker.plugins.get(MODEL_PLUGIN)
    return "the model plugin is missing" if plugin is None else plugin.refusal
