"""A saved churn model: its tables as JSON, its card beside them, the hash binding the two.

    MODEL_DIR/churn_model.json   the fitted tables (the model and its refits), plain numbers
    MODEL_DIR/model_card.json    provenance and metrics, the SHA-256 of the file above, and
                                 `sealed_sha256`: of that file and the card's own content

Nothing here is ever unpickled or executed: the tables are JSON numbers. The hashes are
still checked first, on the very bytes then parsed, so a model that is not the one its card
describes (edited, swapped, half-written), or a card whose metrics or warnings were edited
after training, is never used. Both files are written beside each other under passing
names and moved into place, so a link planted in the folder is replaced, never written
through. Training writes through
`save_model`; loading reads through `read_model`; what to do when the check fails is the
caller's decision (`model.churn.loader`).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from model.churn.additive import AdditiveLogit
from model.churn.blend import BlendedLogit
from model.churn.boosted import BoostedLogit
from model.churn.card import ModelCard
from model.churn.churn_model import ChurnModel
from model.churn.layout import FeatureLayout

BUILT_IN_DIR = Path(__file__).resolve().parent
ARTEFACT_NAME = "churn_model.json"
CARD_NAME = "model_card.json"
ARTEFACT_FORMAT = "additive-logit/1"
#: A model fitted to a history (model.churn.boosted): its trees as plain arrays.
BOOSTED_FORMAT = "boosted-trees/1"
#: Boosted trees blended with the additive model that carries the priors (model.churn.blend).
BLENDED_FORMAT = "blended-trees/1"

#: Libraries whose versions the card records; a different install may fit other tables.
PINNED_LIBRARIES = ("numpy", "scipy")


class ModelMismatch(ValueError):
    """A model directory whose artefact does not match its card (or is missing)."""


def installed_versions() -> dict[str, str]:
    """Versions of the libraries the model is fitted and evaluated with, as installed now."""
    from importlib.metadata import version

    return {name: version(name) for name in PINNED_LIBRARIES}


def sha256_of_bytes(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def seal(card: dict, artefact: bytes) -> str:
    """The SHA-256 of the artefact's bytes and the card's content (its keys sorted, the
    seal itself left out): any edit of a metric, a warning or the tables breaks it."""
    body = {key: value for key, value in card.items() if key != "sealed_sha256"}
    return sha256_of_bytes(artefact + b"\n" + json.dumps(body, sort_keys=True).encode())


def _write_in_place(path: Path, content: bytes) -> None:
    """Write `path` whole or not at all, never through a link: a passing file beside it,
    moved over it (which replaces a link at `path` rather than following it)."""
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(content)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def save_model(model: ChurnModel, directory: Path = BUILT_IN_DIR) -> None:
    """Write the tables, then the card with their SHA-256 and its seal (last: a crash leaves
    a mismatch). Neither file is written through a link planted in `directory`."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    content = {
        "format": _format_of(model.estimator),
        "features": list(model.layout.columns),
        "model": model.estimator.to_dict(),
        "variants": [variant.estimator.to_dict() for variant in model.variants],
    }
    artefact = (json.dumps(content, separators=(",", ":")) + "\n").encode()
    _write_in_place(directory / ARTEFACT_NAME, artefact)
    card = model.card.to_dict() | {
        "artefact": ARTEFACT_NAME,
        "artefact_sha256": sha256_of_bytes(artefact),
    }
    card["sealed_sha256"] = seal(card, artefact)
    _write_in_place(directory / CARD_NAME, (json.dumps(card, indent=2) + "\n").encode())


def _format_of(estimator) -> str:
    if isinstance(estimator, BlendedLogit):
        return BLENDED_FORMAT
    return BOOSTED_FORMAT if isinstance(estimator, BoostedLogit) else ARTEFACT_FORMAT


def version_differences(card: ModelCard) -> list[str]:
    """Libraries installed here in another version than the card's, in words."""
    trained_with = card.library_versions or {}
    return [
        f"{name} {installed} is installed, the model was trained with {trained_with.get(name)}"
        for name, installed in installed_versions().items()
        if trained_with.get(name) != installed
    ]


def read_model(directory: Path = BUILT_IN_DIR) -> ChurnModel:
    """The model saved in `directory`, after checking its bytes against its card.

    Raises ModelMismatch, saying why, when a file is missing, the hash differs, the card
    is for other features, or the tables are malformed. Library versions are not checked
    here (`version_differences`): whether they matter is the caller's decision.
    """
    directory = Path(directory)
    artefact_path, card_path = directory / ARTEFACT_NAME, directory / CARD_NAME
    if not artefact_path.is_file() or not card_path.is_file():
        raise ModelMismatch(f"{directory} holds no {ARTEFACT_NAME} with its {CARD_NAME}")
    try:
        card = json.loads(card_path.read_text())
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelMismatch(f"{CARD_NAME} in {directory} is not a model card ({error})") from None
    content = artefact_path.read_bytes()
    if not isinstance(card, dict) or sha256_of_bytes(content) != card.get("artefact_sha256"):
        raise ModelMismatch(f"{ARTEFACT_NAME} does not match the SHA-256 in {CARD_NAME}")
    if seal(card, content) != card.get("sealed_sha256"):
        raise ModelMismatch(
            f"{CARD_NAME} was changed after training (its metrics, checks or warnings no "
            f"longer match its seal, sealed_sha256): fit the model again"
        )
    card = ModelCard.from_dict(card)
    try:
        layout = FeatureLayout.from_card(card)
    except (AttributeError, TypeError, ValueError) as error:
        raise ModelMismatch(f"{CARD_NAME} records no readable columns ({error})") from None
    if card.features != list(layout.columns):
        raise ModelMismatch(
            "the model's features differ from the data contract's and the columns its card declares"
        )
    return _model_from_artefact(json.loads(content), card, layout)


def _model_from_artefact(content: dict, card: ModelCard, layout: FeatureLayout) -> ChurnModel:
    form = content.get("format")
    readers = {
        ARTEFACT_FORMAT: AdditiveLogit.from_dict,
        BOOSTED_FORMAT: lambda tables: BoostedLogit.from_dict(tables, len(layout.columns)),
        BLENDED_FORMAT: lambda tables: BlendedLogit.from_dict(tables, len(layout.columns)),
    }
    if form not in readers or content.get("features") != list(layout.columns):
        raise ModelMismatch(
            f"{ARTEFACT_NAME} is not a model of format {', '.join(readers)} "
            "for the columns its card declares"
        )
    tables_of = readers[form]
    try:
        variants = tuple(
            ChurnModel(tables_of(tables), card={"variant_of": card.get("model")}, layout=layout)
            for tables in content["variants"]
        )
        return ChurnModel(tables_of(content["model"]), card, variants, layout=layout)
    except (KeyError, TypeError, ValueError) as error:
        raise ModelMismatch(f"{ARTEFACT_NAME} is malformed ({error})") from None
