"""The run's state, in one room: the only part of the dashboard that reads or writes
Streamlit's session state and the page address.

- `keys`: every key the session holds
- `session`: the one door to the session state and the address (typed, small)
- `controls`: how each assumption and lever is shown as a widget, and its units
- `inputs`: the widgets' values read into the run's Assumptions and Scenario, and reset
- `settings`: the run's `Settings` (assumptions, scenario, portfolio in use), the upload and
  the model fitted on it, for this session only
- `address`: the view in the page address, read on a session's first run, written after
- `cache`: Streamlit's caches around the model's expensive calls
- `store`: the store of workspaces, opened once per process (its figures read every run)
- `identity`: who uses the dashboard (sign-in through `st.login` when `[auth]` is
  configured; else the one local user), and the store acting for them

Pages call `current_settings()` for what to estimate and the cache's functions for the estimates.
"""

from ui.state import keys, session
from ui.state.address import (
    forget_upload_not_here,
    init_session,
    query_problems,
    upload_not_here,
    workspace_link,
    write_address,
)
from ui.state.cache import (
    case_scoring,
    churn_model,
    held_out_calibration,
    model_for,
    portfolio_customers,
    portfolio_estimates,
    portfolio_failure_prices,
    portfolio_range,
    portfolio_root_causes,
    portfolio_shapley,
    scored_portfolio,
    typical_incident_effects,
)
from ui.state.controls import (
    CHOICE_CONTROLS,
    CONTROLS,
    CONTROLS_BY_KEY,
    FIXED_RETENTION_OFFERED,
    GROUPS,
    LEVER_NAMES,
    ChoiceControl,
    Control,
    display_from_scenario,
    sources_markdown,
)
from ui.state.identity import (
    current_actor,
    log_in,
    log_out,
    sign_in_configured,
    signed_in_email,
)
from ui.state.inputs import (
    assumption_widget_values,
    current_case,
    declared_lever_values,
    load_case_customer,
    reset_assumptions,
    reset_case,
    show_assumptions,
)
from ui.state.settings import (
    Settings,
    UploadedPortfolio,
    current_settings,
    keep_session_model,
    reset_to_synthetic,
    session_model,
    uploaded,
    use_uploaded_portfolio,
)
from ui.state.store import (
    chosen_workspace,
    existing_store,
    just_saved,
    remember_versions_seen,
    saved_as_period,
    store_for_saving,
    versions_seen,
    workspace_store,
)

__all__ = [
    "CHOICE_CONTROLS",
    "CONTROLS",
    "CONTROLS_BY_KEY",
    "FIXED_RETENTION_OFFERED",
    "GROUPS",
    "LEVER_NAMES",
    "ChoiceControl",
    "Control",
    "Settings",
    "UploadedPortfolio",
    "assumption_widget_values",
    "case_scoring",
    "chosen_workspace",
    "churn_model",
    "current_actor",
    "current_case",
    "current_settings",
    "declared_lever_values",
    "display_from_scenario",
    "existing_store",
    "forget_upload_not_here",
    "held_out_calibration",
    "init_session",
    "just_saved",
    "keep_session_model",
    "keys",
    "load_case_customer",
    "log_in",
    "log_out",
    "model_for",
    "portfolio_customers",
    "portfolio_estimates",
    "portfolio_failure_prices",
    "portfolio_range",
    "portfolio_root_causes",
    "portfolio_shapley",
    "query_problems",
    "remember_versions_seen",
    "reset_assumptions",
    "reset_case",
    "reset_to_synthetic",
    "saved_as_period",
    "scored_portfolio",
    "session",
    "session_model",
    "show_assumptions",
    "sign_in_configured",
    "signed_in_email",
    "sources_markdown",
    "store_for_saving",
    "typical_incident_effects",
    "upload_not_here",
    "uploaded",
    "use_uploaded_portfolio",
    "versions_seen",
    "workspace_link",
    "workspace_store",
    "write_address",
]
