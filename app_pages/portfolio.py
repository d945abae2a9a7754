"""Portfolio: bring your own customers; see what was estimated, what was rejected and why."""

import streamlit as st

from data.template import column_guide_csv, column_guide_frame, template_csv
from model.display import count, labels
from model.explain import headline
from ui.portfolio import (
    ACCEPTED_FILES,
    RECORDS_IMPORT,
    UPLOAD_BUDGET,
    UPLOAD_TYPES,
    current_report,
    draw_records_import,
    draw_save_as_period,
    draw_upload_report,
    forget_upload,
    receive_upload,
    upload_widget_key,
)
from ui.shared import draw_downloads, draw_headline, file_button
from ui.state import current_settings, portfolio_estimates, uploaded

settings = current_settings()
limit_mb = st.get_option("server.maxUploadSize")

st.title("Your own customers")
st.caption(
    f"Portfolio in use: {settings.source.description}. Load your customer list and every page "
    "estimates it. What you upload stays in this browser session: no one else sees it."
)

upload_column, template_column = st.columns([3, 2], gap="large")
with upload_column:
    file = st.file_uploader(
        labels.UPLOAD_CUSTOMERS,
        type=list(UPLOAD_TYPES),
        key=upload_widget_key(),
        help="Every row is either estimated or rejected with its reasons; nothing is dropped.",
    )
    st.caption(
        f"Files up to {count(limit_mb)} MB and {count(UPLOAD_BUDGET.max_rows)} rows, read "
        f"within {count(UPLOAD_BUDGET.seconds)} s. The dashboard is built for up to about "
        f"{count(100_000)} customers; score bigger files with the command line "
        "(Methodology says how), which reads them in constant memory."
    )
with template_column:
    st.markdown(
        "**No file yet?** Start from the template: a clean file that uploads as it is, the "
        "header and three example customers to replace with yours. The column guide says "
        "what each column means, its unit and the rule it must meet (also shown below)."
    )
    file_button(
        st,
        labels.DOWNLOAD_TEMPLATE,
        template_csv(),
        "customers-template.csv",
        "portfolio-page.template",
        width="stretch",
    )
    file_button(
        st,
        labels.DOWNLOAD_COLUMN_GUIDE,
        column_guide_csv(),
        "column-guide.csv",
        "portfolio-page.guide",
        width="stretch",
    )

if file is not None and receive_upload(file):
    st.rerun()  # the sidebar and the settings of this run were drawn before the upload
report = current_report()
if report is not None:
    st.subheader("What your file gave")
    draw_upload_report(report)

st.subheader(RECORDS_IMPORT)
st.markdown(
    "Your CRM or billing export and your help desk's ticket export (and, if you have them, an "
    "outage log and an order log) become one row per customer in the columns listed under "
    "“What the file must hold” at the bottom of this page: support calls, time on the phone, "
    "agents, escalations, missed promises, billing errors, complaints, outage hours and "
    "re-shipped orders per customer over a 12-month window, by the rules on the Methodology "
    "page. Every log row is used or listed with its reason."
)
if draw_records_import():
    st.rerun()  # the sidebar of this run was drawn before the prepared customers existed

st.subheader("The portfolio in use")
if settings.source.kind == "uploaded":
    estimates = portfolio_estimates(settings)
    draw_headline(headline(estimates))
    st.caption(
        f"{settings.source.description}: every page estimates these customers, with the "
        "sidebar's assumptions, until you go back to the synthetic portfolio."
    )
    draw_downloads(estimates, settings.assumptions, None, "estimates", key="portfolio-page")
elif uploaded() is not None:
    st.info(
        f"Your upload is loaded, but the sidebar has the synthetic portfolio in use: choose "
        f"“{labels.UPLOADED_SOURCE}” there to estimate your customers."
    )
else:
    st.info(
        f"The built-in synthetic portfolio of {count(settings.source.size)} customers (its size "
        "is chosen in the sidebar). Upload a file above to estimate your own."
    )
if uploaded() is not None or report is not None:
    st.button(
        labels.RESET_TO_SYNTHETIC,
        on_click=forget_upload,
        help="Forget the uploaded customers and their report; every page goes back to the "
        "built-in synthetic portfolio.",
    )

st.subheader("Keep it as a month of a workspace")
st.markdown(
    "A workspace remembers a company's months, so the Trend page can show whether what "
    "failures cost goes up or down, and why. Saving scores the portfolio in use again with "
    "the workspace's own model and assumptions (a new workspace starts on the built-in model "
    "and the default assumptions, not the sidebar's), and keeps every customer's estimate "
    "and the month's figures together: a month saved again is replaced whole."
)
draw_save_as_period(settings)

st.subheader("What the file must hold")
st.markdown(
    "One row per customer, with a header row. The six required columns must be there; "
    "optional ones may be left out and count as 0; any other column is kept and comes back "
    "in the estimates. The template holds every column; this guide is kept beside it, not in "
    "it, so the template uploads without removing notes first."
)
st.table(column_guide_frame(), hide_index=True)
with st.expander("Files that just work"):
    st.markdown(ACCEPTED_FILES)
