"""The churn model: P(a customer leaves within 12 months) given their incidents.

Its form (a monotone additive logistic model, `additive`), the fitted model as the rest
of the product uses it (`churn_model`; what its estimator must give, `estimator`; its card,
`card`), saving and loading it hash-checked against its card (`artefact`, `loader`), fitting
it on synthetic data (`fit`) or a company's history (`history_fit`), predicting today's and
the baseline churn (`scoring`) and with its refits (`refits`), the exact Shapley split of
churn over incidents (`shapley`) and each incident's share with its range (`root_causes`),
quality measures (`metrics`), what it learnt (`effects`), the generator's own law (`truth`)
and expected against realised churn (`realised`, with the built-in model's misfit test). A
model fitted to a company's history may read more columns than the contract's (`layout`:
declared incidents and covariates, recorded in its card) and take a second form (`boosted`:
monotone trees in which incidents never interact), measured against the plain models a data
scientist would try (`plain`).
Imports nothing else of model/: money, explanations and commands sit above it.
"""

from model.churn.artefact import (
    ARTEFACT_NAME,
    BUILT_IN_DIR,
    CARD_NAME,
    ModelMismatch,
    read_model,
    save_model,
)
from model.churn.card import ModelCard
from model.churn.checks import (
    FailedCheck,
    FailedChecksRefused,
    failed_checks,
    failed_checks_sentence,
)
from model.churn.churn_model import ChurnModel
from model.churn.effects import incident_effects
from model.churn.evidence import evidence_frame
from model.churn.fit import TrainingSettings, train_model
from model.churn.history_checks import UnlearnableHistory, check_sentences
from model.churn.history_fit import train_on_history
from model.churn.layout import BUILT_IN_LAYOUT, RESERVED, FeatureLayout
from model.churn.loader import default_model, load_model, load_user_model
from model.churn.metrics import calibration_curve
from model.churn.realised import (
    DASHBOARD_WAY_OUT,
    RealisedTally,
    expected_against_realised,
    misfit_warning,
    models_on_history,
)
from model.churn.refits import ModelDraws, model_draws
from model.churn.root_causes import (
    attribution_totals,
    root_cause_table,
    root_causes_as_shown,
    root_causes_of_card,
    root_causes_report,
    root_causes_summary,
    table_from_totals,
    unsure_groups,
    with_groups_as_one,
)
from model.churn.scoring import (
    OneColumnChanged,
    has_incidents,
    rescore_changed,
    scored_customers,
)
from model.churn.shapley import ChurnShapley, churn_attribution, churn_shapley, default_players
from model.churn.truth import generator_truth

__all__ = [
    "ARTEFACT_NAME",
    "BUILT_IN_DIR",
    "BUILT_IN_LAYOUT",
    "CARD_NAME",
    "DASHBOARD_WAY_OUT",
    "RESERVED",
    "ChurnModel",
    "ChurnShapley",
    "FailedCheck",
    "FailedChecksRefused",
    "FeatureLayout",
    "ModelCard",
    "ModelDraws",
    "ModelMismatch",
    "OneColumnChanged",
    "RealisedTally",
    "TrainingSettings",
    "UnlearnableHistory",
    "attribution_totals",
    "calibration_curve",
    "check_sentences",
    "churn_attribution",
    "churn_shapley",
    "default_model",
    "default_players",
    "evidence_frame",
    "expected_against_realised",
    "failed_checks",
    "failed_checks_sentence",
    "generator_truth",
    "has_incidents",
    "incident_effects",
    "load_model",
    "load_user_model",
    "misfit_warning",
    "model_draws",
    "models_on_history",
    "read_model",
    "rescore_changed",
    "root_cause_table",
    "root_causes_as_shown",
    "root_causes_of_card",
    "root_causes_report",
    "root_causes_summary",
    "save_model",
    "scored_customers",
    "table_from_totals",
    "train_model",
    "train_on_history",
    "unsure_groups",
    "with_groups_as_one",
]
