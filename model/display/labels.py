"""Words and addresses the pages show, defined once: pages and tests both read them.

Browser and AppTest tests find widgets and metrics by these labels, so a wording change
here moves both at once.
"""

from data.schema import INCIDENT_GROUP_LABELS, INPUT_COLUMNS
from model.money import ASSUMPTION_INFO, LEVER_LABELS

# Page addresses (st.Page url_path); the overview is the default page at "/".
OVERVIEW_PATH = ""
WHAT_IF_PATH = "what-if"
CASE_STUDY_PATH = "case-study"
PORTFOLIO_PATH = "portfolio"
MODEL_PATH = "model"
METHODOLOGY_PATH = "methodology"
TREND_PATH = "trend"
WORKSPACE_PATH = "workspace"

# Headline metrics (st.metric labels).
CUSTOMERS = "Customers"
EXPECTED_CHURNERS = "Expected churners from service failures"
EXPECTED_LOST_CLV = "Expected lost lifetime value"
EXPECTED_DEPARTURE_COST = "Expected cost of departures"
STAFF_TURNOVER_COST = "Staff turnover from the failures"
WORD_OF_MOUTH_LOSS = "Word-of-mouth loss"
SERVICE_COST = "Already spent on handling"
#: Lost lifetime value plus word of mouth: the money still to be lost, apart from handling.
EXPECTED_TO_BE_LOST = "Expected to be lost"
TOTAL_EXPECTED_COST = "Total expected cost"
TOTAL_SAVING = "Total saving"
CHURN_PROBABILITY = "Churn probability"
BASELINE_CHURN_PROBABILITY = "Churn probability without incidents"

# Downloads (st.download_button labels).
DOWNLOAD_ESTIMATES = "Download estimates (CSV)"
# The JSON files hold exactly the keys `python -m model.score --assumptions` and `--scenario`
# read, so they are two files (and two buttons), not one.
DOWNLOAD_SETTINGS = "Download assumptions (JSON)"
DOWNLOAD_SCENARIO = "Download scenario (JSON)"

# Portfolio page (upload).
UPLOAD_CUSTOMERS = "Your customer file (CSV, Excel or Parquet)"
DOWNLOAD_TEMPLATE = "Download the template (CSV)"
DOWNLOAD_COLUMN_GUIDE = "Download the column guide (CSV)"
DOWNLOAD_REJECTED = "Download the rejected rows (CSV)"
RESET_TO_SYNTHETIC = "Back to the synthetic portfolio"
ROWS_IN_FILE = "Rows in the file"
ROWS_ESTIMATED = "Rows estimated"
ROWS_REJECTED = "Rows rejected"

# Sidebar: the assumptions and the scenario as the command line's JSON files. Saving uses
# other words than the pages' downloads, so each button's name is unique on a page.
SETTINGS_FILES = "Save or load as JSON"
SAVE_ASSUMPTIONS = "Save assumptions (JSON)"
SAVE_SCENARIO = "Save scenario (JSON)"
LOAD_ASSUMPTIONS = "Load assumptions (JSON)"
LOAD_SCENARIO = "Load scenario (JSON)"

# What-if levers (slider labels), one per Scenario field.
LEVERS = LEVER_LABELS

# Sidebar.
PORTFOLIO_SIZE = "Synthetic customers"
RESET_ASSUMPTIONS = "Reset to defaults"
PORTFOLIO_SOURCE = "Portfolio in use"
SYNTHETIC_SOURCE = "Synthetic portfolio"
UPLOADED_SOURCE = "Uploaded portfolio"

# Sidebar assumptions (widget labels, with the unit the widget shows), one per Assumptions
# field, as model.money.assumption_info keeps them.
ASSUMPTION_LABELS: dict[str, str] = {
    key: info.widget.label for key, info in ASSUMPTION_INFO.items()
}

# The contract's columns, as people name them (charts, tables, case study inputs).
FEATURE_LABELS: dict[str, str] = {c.name: c.label for c in INPUT_COLUMNS if c.label}

# Root causes: each incident, and each group of incidents the data cannot tell apart.
ROOT_CAUSE_LABELS: dict[str, str] = FEATURE_LABELS | INCIDENT_GROUP_LABELS


# Cost components and comparison rows, as people name them.
COMPONENT_LABELS: dict[str, str] = {
    "expected_lost_clv": EXPECTED_LOST_CLV,
    "expected_departure_cost": EXPECTED_DEPARTURE_COST,
    "word_of_mouth_loss": WORD_OF_MOUTH_LOSS,
    "staff_turnover_cost": STAFF_TURNOVER_COST,
    "service_cost": SERVICE_COST,
    "total_expected_cost": TOTAL_EXPECTED_COST,
    "expected_churners": EXPECTED_CHURNERS,
}

# Further metrics.
TOP_DECILE_SHARE = "Cost carried by the costliest 10 % of customers"
ATTRIBUTABLE_CHURN_PROBABILITY = "Churn caused by the incidents"
CLV = "Lifetime value if retained"
ALL_FIXES = "All the fixes together"

#: Column titles of the report's tables, in the users' words with units (no code names).
COLUMN_TITLES: dict[str, str] = FEATURE_LABELS | {
    "customer_id": "Customer",
    "churn_probability": "Churn probability",
    "baseline_churn_probability": "Churn without incidents",
    "attributable_churn_probability": "Churn caused by the incidents",
    "clv": "Lifetime value if retained ($)",
    "expected_lost_clv": "Expected lost lifetime value ($)",
    "expected_departure_cost": "Expected cost of departures ($)",
    "staff_turnover_cost": "Staff turnover from the failures ($)",
    "word_of_mouth_loss": "Word-of-mouth loss ($)",
    "service_cost": "Already spent handling ($)",
    "total_expected_cost": "Total expected cost ($)",
    "segment": "Segment",
    "customers": "Customers",
    "expected_churners": "Expected churners",
    "share_of_total": "Share of the total",
    "cost_per_customer": "Cost per customer ($)",
}

# Case study and overview controls.
RESET_CASE = "Back to the case as it happened"
SHOW_SENSITIVITY = "Show how the total moves with each assumption"
SHOW_ROOT_CAUSE_RANGES = "Show how sure each root cause is"
LIKELY_LOW = "Likely low (1 in 10 below)"
LIKELY_HIGH = "Likely high (1 in 10 above)"
P50_MIDDLE = "Middle of the range (P50)"
RETENTION_SOURCE = "Monthly retention without incidents"
RETENTION_FROM_MODEL = "Each customer's own, from the model"
RETENTION_FIXED = "One fixed rate for everyone"

# The range of the total (columns and rows of its table).
RANGE_SOURCE = "Source"
P10, P50, P90 = "Likely low", "Middle", "Likely high"
RANGE_SOURCES: dict[str, str] = {
    "assumptions": "The assumptions",
    "model": "The model's own uncertainty",
    "outcomes": "Who actually leaves",
    "combined": "All three together",
}


def fix_label(lever: str) -> str:
    """A row of the case study's fixes: a lever at 100 %, or "all" of them together."""
    return ALL_FIXES if lever == "all" else f"{LEVERS[lever]} 100 %"
