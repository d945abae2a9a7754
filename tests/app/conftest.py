"""A model whose refits cannot split calls, phone time and agents, for the app tests of the
contact group.

The built-in model's refits split them within 3 points since support calls step at the
fourth (ADR 0027), so its pages show them apart. The case the pages group is a model whose
refits agree on what the three cause together but not on how it divides among them, as a
model fitted on fewer customers does (the built-in fitting on 10,000 customers put support
calls between about 49 % and 59 %). Such a model is built here directly, in a few seconds
instead of a 70-second fit: the built-in model's curves, its refits, and two refits more
that move part of the calls' effect to agents and back. Its card's root causes are read
from those refits as training reads them (model.churn.fit.train_model), on fresh customers.
"""

from dataclasses import replace

import numpy as np
import pytest
import streamlit as st

import ui.state.cache
from data.schema import MODEL_FEATURES
from data.synthetic import generate
from model.churn.card import ModelCard
from model.churn.churn_model import ChurnModel
from model.churn.loader import default_model
from model.churn.root_causes import root_cause_table, root_causes_of_card, unsure_groups
from model.churn.truth import generator_truth

CALLS, AGENTS = MODEL_FEATURES.index("support_calls"), MODEL_FEATURES.index("agents_contacted")


def _calls_moved_to_agents(estimator, calls: float, agents: float):
    """The built-in curves with support calls' scaled by `calls` and agents' by `agents`."""
    values = list(estimator.values)
    values[CALLS] = values[CALLS] * calls
    values[AGENTS] = values[AGENTS] * agents
    return replace(estimator, values=tuple(values))


@pytest.fixture(scope="session")
def contact_unsure_model():
    built_in = default_model()
    card = built_in.card
    moved = [
        ChurnModel(
            _calls_moved_to_agents(built_in.estimator, c, a), ModelCard(variant_of=card.model)
        )
        for c, a in ((0.8, 1.8), (1.15, 0.5))
    ]
    model = ChurnModel(built_in.estimator, card, (*built_in.variants, *moved))
    sample = generate(5_000, 4242)
    shares = root_cause_table(sample, model)
    shares["truth"] = root_cause_table(sample, generator_truth())["share"]
    causes = {
        "customers": len(sample),
        "shares": {name: row.round(4).to_dict() for name, row in shares.iterrows()},
    }
    model = replace(model, card=replace(card, root_causes_on_held_out_test=causes))
    assert unsure_groups(root_causes_of_card(model.card)) == ["contact_burden"]
    calls = shares.loc["support_calls"]
    assert calls["high"] - calls["low"] > 0.03 and np.isfinite(calls["share"])
    return model


@pytest.fixture
def contact_group_unsure(monkeypatch, contact_unsure_model):
    """The app, for this test, on the model whose refits cannot split the contact group (its
    caches emptied before and after, so no other test sees its figures)."""
    monkeypatch.setattr(ui.state.cache, "load_model", lambda: contact_unsure_model)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield contact_unsure_model
    st.cache_resource.clear()
    st.cache_data.clear()
