"""Words and addresses the pages show, defined once: pages and tests both read them.

Browser and AppTest tests find widgets and metrics by these labels, so a wording change
here moves both at once.
"""

from model.scenario import LEVER_LABELS

# Page addresses (st.Page url_path); the overview is the default page at "/".
OVERVIEW_PATH = ""
WHAT_IF_PATH = "what-if"
CASE_STUDY_PATH = "case-study"
PORTFOLIO_PATH = "portfolio"
MODEL_PATH = "model"
METHODOLOGY_PATH = "methodology"

# Headline metrics (st.metric labels).
CUSTOMERS = "Customers"
EXPECTED_CHURNERS = "Expected churners from service failures"
EXPECTED_LOST_CLV = "Expected lost lifetime value"
WORD_OF_MOUTH_LOSS = "Word-of-mouth loss"
SERVICE_COST = "Service cost"
TOTAL_EXPECTED_COST = "Total expected cost"
TOTAL_SAVING = "Total saving"
CHURN_PROBABILITY = "Churn probability"
BASELINE_CHURN_PROBABILITY = "Churn probability without incidents"

# Downloads (st.download_button labels).
DOWNLOAD_ESTIMATES = "Download estimates (CSV)"
DOWNLOAD_SETTINGS = "Download assumptions and scenario (JSON)"

# What-if levers (slider labels), one per Scenario field.
LEVERS = LEVER_LABELS

# Sidebar.
PORTFOLIO_SIZE = "Synthetic customers"
RESET_ASSUMPTIONS = "Reset to defaults"
