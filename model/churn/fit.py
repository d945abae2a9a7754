"""Fit the built-in churn model on the synthetic generator, with its card.

The built-in model is a monotone additive logistic model, one lookup table per feature
(model.churn.additive; why: docs/adr/0008). Beside it, refits on resampled rows and with
coarser and finer knots are saved: how far their root causes spread is how sure the model
is of its own (model.churn.root_causes). The card records the data (seed and size), the
settings, held-out metrics, the monotone and calibration checks and root causes against the
generator's truth. A model fitted to a company's own history is model.churn.history_fit's;
`python -m model.train` (model.commands.train) fits either and writes it.
"""

from __future__ import annotations

import platform
from dataclasses import asdict, dataclass, replace

import numpy as np

from data import synthetic
from data.schema import CUSTOMER_FEATURES, INCIDENT_FEATURES, MODEL_FEATURES
from model.churn.additive import AdditiveLogit, FitSettings, bootstrap_refits, fit_additive_logit
from model.churn.artefact import installed_versions
from model.churn.card import ModelCard
from model.churn.churn_model import ChurnModel, feature_matrix
from model.churn.evidence import law_against_evidence
from model.churn.metrics import probability_metrics
from model.churn.root_causes import root_cause_table
from model.churn.truth import generator_truth

CARD_SCHEMA_VERSION = 2
MODEL_NAME = "monotone additive logistic model (piecewise-linear lookup tables)"

#: +1: churn never falls as the feature rises; -1: never rises; 0: free.
MONOTONIC_CONSTRAINTS = {"monthly_revenue": 0, "tenure_months": -1} | {
    name: 1 for name in INCIDENT_FEATURES
}
#: Outages are counted in days (a 48-hour promise, "more than two days without service"):
#: knots at each whole day up to ten, and an hour after each, let the curve step there.
DAY_KNOTS = tuple(float(h) for day in range(1, 11) for h in (24 * day, 24 * day + 1))
EXTRA_KNOTS = {"outage_hours": DAY_KNOTS}
#: Held-out calibration error above which the card warns.
CALIBRATION_LIMIT = 0.02


@dataclass(frozen=True)
class TrainingSettings:
    """Everything that decides the trained model; the card records it whole."""

    seed: int = 20261122
    n_train: int = 300_000
    n_test: int = 50_000
    knots_per_feature: int = 24
    rise_penalty: float = 2e-5
    ridge_penalty: float = 1e-6
    bootstrap_refits: int = 2
    knot_variants: tuple[int, ...] = (12, 48)
    history_test_share: float = 0.25
    #: A history's model: the folds of the cross-validation and the tree sizes it tries.
    cv_folds: int = 3
    candidate_leaves: tuple[int, ...] = (4, 8, 16)

    def sample_seeds(self) -> dict[str, int]:
        """Distinct generator seeds for the samples, derived from the one seed."""
        return {"train": self.seed, "test": self.seed + 2}

    def fit_settings(self, knots: int | None = None) -> FitSettings:
        return FitSettings(
            knots_per_feature=knots or self.knots_per_feature,
            rise_penalty=self.rise_penalty,
            ridge_penalty=self.ridge_penalty,
            extra_knots=tuple(EXTRA_KNOTS.get(name, ()) for name in MODEL_FEATURES),
        )


def _directions() -> list[int]:
    """Each feature's direction, in MODEL_FEATURES order (MONOTONIC_CONSTRAINTS)."""
    return [MONOTONIC_CONSTRAINTS[name] for name in MODEL_FEATURES]


def fit(
    matrix: np.ndarray, churned: np.ndarray, settings: TrainingSettings, with_variants: bool = True
) -> tuple[AdditiveLogit, tuple[AdditiveLogit, ...]]:
    """The model, and its refits on resampled rows and with other knots (warm-started)."""
    main = fit_additive_logit(matrix, churned, _directions(), settings.fit_settings())
    if not with_variants:
        return main, ()
    variants = bootstrap_refits(
        matrix,
        churned,
        _directions(),
        settings.fit_settings(),
        main,
        settings.bootstrap_refits,
        settings.seed + 7,
    )
    variants += [
        fit_additive_logit(matrix, churned, _directions(), settings.fit_settings(knots), start=main)
        for knots in settings.knot_variants
    ]
    return main, tuple(variants)


def _as_model(main: AdditiveLogit, variants, card: ModelCard) -> ChurnModel:
    """The fitted tables as a model, its refits beside it with cards naming the model."""
    return ChurnModel(
        main, card, tuple(ChurnModel(v, ModelCard(variant_of=card.model)) for v in variants)
    )


def model_checks(model: AdditiveLogit, held_out_metrics: dict) -> dict:
    """The promises the card makes, checked on the fitted tables and the held-out rows."""
    monotone = all(
        np.all(np.diff(values) * direction >= 0)
        for values, direction in zip(model.values, _directions(), strict=True)
        if direction != 0
    )
    error = held_out_metrics["expected_calibration_error"]
    return {
        "monotone_in_every_incident_and_tenure": bool(monotone),
        "held_out_calibration_error": error,
        "calibration_error_below": CALIBRATION_LIMIT,
        "calibrated": bool(error < CALIBRATION_LIMIT),
    }


def base_card(settings: TrainingSettings) -> ModelCard:
    """What every card of a model fitted here starts with: its form, columns, refits and the
    library versions (a history's model changes some of them: model.churn.history_fit)."""
    return ModelCard(
        card_schema_version=CARD_SCHEMA_VERSION,
        model=MODEL_NAME,
        features=list(MODEL_FEATURES),
        customer_features=list(CUSTOMER_FEATURES),
        incident_features=list(INCIDENT_FEATURES),
        monotonic_constraints=MONOTONIC_CONSTRAINTS,
        extra_knots={name: list(knots) for name, knots in EXTRA_KNOTS.items()},
        variants=f"{settings.bootstrap_refits} refits on bootstrap resamples, and refits "
        f"with {' and '.join(map(str, settings.knot_variants))} knots per feature",
        library_versions=installed_versions(),
        python_version=platform.python_version(),
    )


def built_in_evidence() -> dict:
    """The built-in card's `evidence`: per incident, its public evidence (model.churn.evidence)
    and whether the generator's law, which the model learns, puts its effect within that
    evidence's range."""
    return {
        "law": "the synthetic generator's (data.synthetic), which the model learns",
        "incidents": law_against_evidence(synthetic.true_churn_probability),
    }


def train_model(settings: TrainingSettings | None = None) -> ChurnModel:
    """The built-in model, fitted on the generator; deterministic for a settings object."""
    settings = settings or TrainingSettings()
    seeds = settings.sample_seeds()
    train = synthetic.generate(settings.n_train, seeds["train"])
    test = synthetic.generate(settings.n_test, seeds["test"])
    main, variants = fit(feature_matrix(train), train["churned"].to_numpy(), settings)

    metrics = probability_metrics(
        test["churned"],
        main.churn_probability(feature_matrix(test)),
        test["true_churn_probability"],
    )
    card = replace(
        base_card(settings),
        training=asdict(settings) | {"sample_seeds": seeds, "data": "data.synthetic"},
        evidence=built_in_evidence(),
        metrics_on_held_out_test=metrics,
        checks=model_checks(main, metrics),
    )
    model = _as_model(main, variants, card)
    sample = test.head(10_000)
    shares = root_cause_table(sample, model)
    shares["truth"] = root_cause_table(sample, generator_truth())["share"]
    causes = {
        "customers": len(sample),
        "shares": {name: row.round(4).to_dict() for name, row in shares.iterrows()},
    }
    return replace(model, card=replace(card, root_causes_on_held_out_test=causes))
