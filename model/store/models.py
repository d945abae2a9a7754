"""The model a workspace uses: the built-in one, or one fitted to its history, kept in the
store as the very bytes of its JSON artefact and its card (model/churn/artefact.py).

Nothing is unpickled: reading writes the two texts to a private temporary folder and loads
them through `model.churn.read_model`, which checks the artefact's SHA-256 against the card
before parsing a number, so a row edited in the database is refused like an edited file.
Saving a model is a new version; the latest is in use.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, func, insert, select

from model.churn import ARTEFACT_NAME, CARD_NAME, ChurnModel, default_model, read_model
from model.store.access import ANALYST, VIEWER, acting, authorize
from model.store.audit import record
from model.store.database import Store, now
from model.store.schema import models


@dataclass(frozen=True)
class ModelInUse:
    model: ChurnModel
    #: SHA-256 of the artefact: what the bridge compares to tell a change of model.
    sha256: str
    #: Its version in the workspace; None for the built-in model.
    version: int | None


def built_in_sha256(model: ChurnModel) -> str:
    return str(model.card.get("artefact_sha256", "built-in"))


def save_model_directory(store: Store, workspace: str, directory: str | Path) -> int:
    """Keep the model saved in `directory` (`churn-cost train -o DIR`) as the workspace's
    model in use; checked first (ModelMismatch when its artefact does not match its card)."""
    directory = Path(directory)
    model = read_model(directory)
    artefact = (directory / ARTEFACT_NAME).read_bytes()
    card = (directory / CARD_NAME).read_text()
    with store.engine.begin() as connection:
        ws = authorize(connection, store, workspace, ANALYST)
        latest = connection.execute(
            select(func.max(models.c.version)).where(models.c.workspace_id == ws)
        ).scalar()
        version = (latest or 0) + 1
        connection.execute(
            insert(models).values(
                workspace_id=ws,
                version=version,
                artefact=artefact,
                card=card,
                sha256=built_in_sha256(model),
                created_at=now(),
                created_by=acting(store).name,
            )
        )
        record(connection, store, ws, "model changed", f"own model version {version} in use")
    return version


def model_in_use(connection: Connection, workspace: int, version: int | None = None) -> ModelInUse:
    """The workspace's model (its latest version unless one is asked for), or the built-in."""
    query = select(models).where(models.c.workspace_id == workspace)
    query = query.where(models.c.version == version) if version else query
    row = connection.execute(query.order_by(models.c.version.desc()).limit(1)).first()
    if row is None:
        model = default_model()
        return ModelInUse(model, built_in_sha256(model), None)
    with tempfile.TemporaryDirectory(prefix="churn-cost-model-") as folder:
        (Path(folder) / ARTEFACT_NAME).write_bytes(row.artefact)
        (Path(folder) / CARD_NAME).write_text(row.card)
        model = read_model(Path(folder))
    return ModelInUse(model, row.sha256, row.version)


def workspace_model(store: Store, workspace: str) -> ModelInUse:
    with store.engine.connect() as connection:
        return model_in_use(connection, authorize(connection, store, workspace, VIEWER))


def card_of(connection: Connection, workspace: int, version: int) -> dict:
    row = connection.execute(
        select(models.c.card).where(models.c.workspace_id == workspace, models.c.version == version)
    ).scalar()
    return json.loads(row) if row else {}


def write_model_files(in_use: ModelInUse, folder: Path) -> Path:
    """The workspace's model written as a model directory (for the Dask workers to load)."""
    from model.churn.artefact import save_model

    save_model(in_use.model, folder)
    return folder
