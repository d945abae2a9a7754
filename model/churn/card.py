"""The model card: what a fitted churn model is, what it was fitted on, and how well it does.

One frozen `ModelCard` for the built-in model (fitted on the generator), a model fitted to a
company's history and the refits beside either (whose card only names the model they are a
variant of). Its fields are the keys of model_card.json, in the order they are written, so
`ModelCard.from_dict(json.load(...)).to_dict()` gives back the same keys in the same order
and the file written again is the same bytes (its `artefact_sha256` binds the tables beside
it: model.churn.artefact).

A card also reads as the JSON it came from, a read-only dict: the dashboard's pages and the
report read it by key (`card["metrics_on_held_out_test"]`) and show it whole, and a page that
does so keeps working when the card gains a field. Code that builds or checks a card uses the
fields; `dataclasses.replace` makes a changed copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, NotRequired, TypedDict


class HeldOutMetrics(TypedDict):
    """The model on customers it was not fitted on (model.churn.metrics)."""

    roc_auc: float
    brier_score: float
    log_loss: float
    expected_calibration_error: float
    #: The built-in model only: the generator's own probabilities, the best possible.
    bayes_optimal_log_loss: NotRequired[float]
    log_loss_excess_over_bayes: NotRequired[float]


class HistorySize(TypedDict):
    """A history's size, and a warning in words when it is too small to trust."""

    rows: int
    churners: int
    held_out_rows: int
    warning: str | None


def _frozen(*_args: object, **_kwargs: object) -> None:
    raise TypeError("A model card is frozen: make a changed copy with dataclasses.replace.")


@dataclass(frozen=True, eq=False, repr=False)
class ModelCard(dict):
    """A model's card: provenance, settings, held-out metrics and the checks it passed.

    Every field may be absent (None) in a card: a refit's card holds only `variant_of`, and
    the built-in model's and a history's hold different facts (a history's `form`, `history`
    and its declared columns; the built-in model's `extra_knots` and root causes against the
    generator's truth). Keys no field names are kept in `extra`, after the others.
    """

    card_schema_version: int | None = None
    model: str | None = None
    features: list[str] | None = None
    customer_features: list[str] | None = None
    incident_features: list[str] | None = None
    #: +1: churn never falls as the feature rises; -1: never rises; 0: free.
    monotonic_constraints: dict[str, int] | None = None
    extra_knots: dict[str, list[float]] | None = None
    #: The refits saved beside the model, in words.
    variants: str | None = None
    library_versions: dict[str, str] | None = None
    python_version: str | None = None
    #: A history's model: "additive" or "boosted", each form's held-out figures, the rule.
    form: str | None = None
    forms_on_held_out_test: dict[str, dict[str, float]] | None = None
    form_rule: str | None = None
    training: dict[str, Any] | None = None
    #: A history's own columns (model.churn.layout): incidents, then traits.
    declared_incidents: list[str] | None = None
    covariates: list[str] | None = None
    numeric_covariates: list[str] | None = None
    text_covariates: dict[str, list[str]] | None = None
    history: HistorySize | None = None
    #: Per incident, what its effect was shrunk toward and the share from the company's own
    #: data (a history's model: model.churn.shrinkage) or whether public evidence backs it
    #: (the built-in model: model.churn.evidence).
    evidence: dict[str, Any] | None = None
    #: A history's warnings in words: too small to trust, a likely leak fitted all the same.
    warnings: list[str] | None = None
    metrics_on_held_out_test: HeldOutMetrics | None = None
    checks: dict[str, Any] | None = None
    root_causes_on_held_out_test: dict[str, Any] | None = None
    plain_models_on_held_out_test: dict[str, dict[str, float]] | None = None
    #: Written with the tables: their file's name and SHA-256.
    artefact: str | None = None
    artefact_sha256: str | None = None
    #: The SHA-256 of the tables and this card together: an edited card is refused.
    sealed_sha256: str | None = None
    #: A refit's card: the model it is a variant of.
    variant_of: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        named = ((f.name, getattr(self, f.name)) for f in fields(self) if f.name != "extra")
        dict.update(self, {name: value for name, value in named if value is not None})
        dict.update(self, self.extra)

    @classmethod
    def from_dict(cls, content: dict[str, Any]) -> ModelCard:
        """The card a JSON object holds, its keys read in their order (unknown ones kept)."""
        names = {f.name for f in fields(cls)} - {"extra"}
        card = cls(
            **{key: value for key, value in content.items() if key in names},
            extra={key: value for key, value in content.items() if key not in names},
        )
        dict.clear(card)
        dict.update(card, content)
        return card

    def to_dict(self) -> dict[str, Any]:
        """The card as a plain dict, as it is written to model_card.json."""
        return dict(self)

    @property
    def is_built_in(self) -> bool:
        """Fitted on the synthetic generator: the card records no history."""
        return "history" not in self

    def __reduce__(self):
        return (ModelCard.from_dict, (dict(self),))

    __setitem__ = __delitem__ = __ior__ = _frozen
    clear = pop = popitem = setdefault = update = _frozen
