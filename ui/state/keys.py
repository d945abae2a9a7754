"""Every key the session holds, whoever writes it: one list, so two panels never share a key
by accident and a newcomer finds what the session remembers in one place.

Widget keys hold the widget's value in display units (percent for shares); the rest hold
objects the state room keeps (ui/state/settings.py, ui/state/cache.py). Only ui/state/ reads
or writes them (through ui/state/session.py); panels pass widget keys to Streamlit.
"""

from __future__ import annotations

from model.cases import CASE_STUDY_CUSTOMER, CUSTOMER_PRESETS
from model.money import ASSUMPTION_INFO, CHOICE_INFO, LEVER_INFO

#: Widget keys, one per assumption and per lever; values in display units (percent), or
#: the option's name for an assumption that is a word (CHOICE_INFO: a select box).
ASSUMPTION_KEYS: dict[str, str] = {
    key: f"assumption.{key}" for key in (*ASSUMPTION_INFO, *CHOICE_INFO)
}
LEVER_KEYS: dict[str, str] = {name: f"lever.{name}" for name in LEVER_INFO}
#: Case study inputs, one per contract column of the preset customer (its id excepted).
CASE_KEYS: dict[str, str] = {
    name: f"case.{name}" for name in CASE_STUDY_CUSTOMER if name != "customer_id"
}
#: Where monthly retention comes from: "model" (each customer's own) or "fixed".
RETENTION_SOURCE_KEY = "assumption.monthly_retention.source"
PORTFOLIO_SIZE_KEY = "portfolio.size"
#: The portfolio in use: "synthetic" or "uploaded" (the one key an upload page sets).
PORTFOLIO_SOURCE = "portfolio.source"
#: An `UploadedPortfolio`, once an upload page has registered one.
UPLOADED_PORTFOLIO = "portfolio.uploaded"
#: What ui/state/cache.py computed from this session's upload (scores, root causes,
#: scenarios): kept in the session, never in a cache another session could reach.
UPLOADED_RESULTS = "portfolio.uploaded_results"
#: Widget key of the synthetic/uploaded choice, kept in step with PORTFOLIO_SOURCE.
SOURCE_WIDGET_KEY = "portfolio.source_widget"
#: A `ChurnModel` fitted on this session's uploaded history (the Model page), with the
#: digest of that upload; only this session can reach it.
SESSION_MODEL = "model.session"
#: Widget key of the Model page's switch: score the upload with the session's own model.
USE_SESSION_MODEL = "model.use_session"
#: The user's acknowledgement that the fitted model failed checks of its own: without it
#: such a model scores nothing (ui/model_page/history.py; docs/adr/0020-a-number-finance-signs.md)
ACCEPT_FAILED_CHECKS = "model.accept_failed_checks"
#: Problems met reading the page address on the session's first run.
QUERY_PROBLEMS = "query.problems"
#: Set when the address of an uploaded portfolio opened a session without it (a reload, a
#: copied link): every page says the figures are the synthetic portfolio's until an upload.
UPLOAD_NOT_HERE = "query.upload_not_here"
#: The portfolio page's upload (ui/portfolio/upload.py): this session's report, and the
#: uploader's generation (a new key empties the widget).
UPLOAD_REPORT = "upload.report"
UPLOAD_GENERATION = "upload.generation"
#: The uploaded workbook's sheet to read, when it has several (a select box).
UPLOAD_SHEET = "upload.sheet"
#: The upload (its file id) whose rows are numbered as customer ids, the file having none.
UPLOAD_ROW_IDS = "upload.row_ids"
#: The portfolio page's records import (ui/portfolio/records.py): the uploaders'
#: generation, the last preparation (its inputs' digest, counts, report, mapping) and the
#: prefix of the mapping's, window's and units' widget keys.
RECORDS_GENERATION = "records.generation"
RECORDS_RESULT = "records.result"
#: The uploaded records (kept across pages) and the last choice of each of its widgets.
RECORDS_FILES = "records.files"
RECORDS_CHOICES = "records.choices"
RECORDS_WIDGET = "records"
#: The sidebar's JSON files (ui/sidebar/json_files.py): the uploaders' generation, the last
#: message.
JSON_FILES_GENERATION = "settings_files.generation"
JSON_FILES_MESSAGE = "settings_files.message"
#: Why this customer costs this much (ui/overview/customer.py): the chosen customer's id
#: (the search box; a click on the costliest table writes it), the table's selection, and
#: this session's remembering model (each of the customer's predictions made once).
CUSTOMER_SEARCH = "customer.search"
CUSTOMER_TABLE = "customer.table"
CUSTOMER_MODEL = "customer.model"
#: The Trend page (ui/trend/): the workspace shown, and the two periods the bridge joins.
TREND_WORKSPACE = "trend.workspace"
TREND_FROM = "trend.from"
TREND_TO = "trend.to"
#: The workspace chosen (the address's `workspace=`, a sidebar link), and the Workspace
#: page's inputs (ui/team/): the named document looked at, its version, a new member.
WORKSPACE = "workspace.chosen"
WORKSPACE_DOCUMENT = "workspace.document"
WORKSPACE_VERSION = "workspace.version"
WORKSPACE_SCENARIO_NAME = "workspace.scenario_name"
GRANT_EMAIL = "workspace.grant_email"
GRANT_ROLE = "workspace.grant_role"
#: The Workspace page's fix to follow: the scenario and the period it started in.
FIX_SCENARIO = "workspace.fix_scenario"
FIX_START = "workspace.fix_start"
#: {workspace: {scenario: the latest version the Workspace page showed}} (ui/state/store.py).
VERSIONS_SEEN = "workspace.versions_seen"
#: The Portfolio page's saving of the portfolio as a month of a workspace
#: (ui/portfolio/period.py): its form, the workspace chosen, a new one's name, the month.
SAVE_PERIOD_FORM = "save_period.form"
SAVE_WORKSPACE = "save_period.workspace"
SAVE_NEW_WORKSPACE = "save_period.new_workspace"
SAVE_PERIOD = "save_period.period"
#: What the last save said and the workspace it saved to, shown on the run after it.
SAVE_DONE = "save_period.done"
#: The segmentation shown on the overview (ui/overview/segments.py).
SEGMENT_BY = "segments.by"
#: The what-if page's business case inputs (ui/what_if/business_case.py).
FIX_ONE_OFF = "fix.one_off"
FIX_PER_YEAR = "fix.per_year"
FIX_HORIZON = "fix.horizon_years"
#: Whether the business case's range and break-even are shown, and which break-even
#: (ui/what_if/case_range.py): "one_off" or a lever's name.
CASE_RANGE = "fix.range"
BREAK_EVEN = "fix.break_even"
#: The What-if page's call list (ui/what_if/call_list.py): a contact's cost, its success
#: rate (percent, asked for: no default), and the budget, in money or in calls.
CALL_COST = "calls.cost"
CALL_SAVE_RATE = "calls.save_rate"
CALL_BUDGET_KIND = "calls.budget_kind"
CALL_BUDGET = "calls.budget"
#: The case study's preset (ui/case_study/inputs.py), and the key of its one preset that is
#: a portfolio rather than a customer.
CASE_PRESET = "case.preset"
SCHOOL_SUPPLIES_KEY = "school-supplies"
PRESET_KEYS: tuple[str, ...] = (*CUSTOMER_PRESETS, SCHOOL_SUPPLIES_KEY)
#: A history's declared incidents (ui/what_if/levers.py): a lever (percent fixed) and a
#: unit cost per column, the column's name after the prefix.
DECLARED_LEVER_PREFIX = "lever.declared."
DECLARED_COST_PREFIX = "cost.declared."
#: Set once the session's first run has seeded the widgets from the address.
INITIALISED = "session.initialised"
#: Inputs of one page that other pages read (the report takes the fixes' cost and the call
#: list's inputs; the Overview shows the alerts of the workspace chosen on the Trend page):
#: kept across pages once set. USE_SESSION_MODEL too: the switch is drawn on the Model page
#: only, and the fitted model scores the upload on every page.
KEPT_IF_SET = (
    FIX_ONE_OFF,
    FIX_PER_YEAR,
    FIX_HORIZON,
    CALL_COST,
    CALL_SAVE_RATE,
    CALL_BUDGET_KIND,
    CALL_BUDGET,
    CASE_PRESET,
    USE_SESSION_MODEL,
    ACCEPT_FAILED_CHECKS,
    SEGMENT_BY,
    TREND_WORKSPACE,
)
