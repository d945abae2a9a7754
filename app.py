"""Entry point: page config, navigation and the shared sidebar. No computation lives here.

The pages live in app_pages/, not pages/: a folder named pages/ beside the entry point makes
Streamlit run the app through its older folder-based navigation, whose page names differ
from these url paths, and a shared link to any page but the first then opens with a
"Page not found" dialog on a fresh server.
"""

import streamlit as st

from model.display import labels
from ui.shared import draw_upload_not_here
from ui.sidebar import draw_sidebar, draw_sidebar_files
from ui.state import current_actor, current_settings, init_session, write_address
from ui.team import draw_account, draw_sign_in

st.set_page_config(
    page_title="Churn cost estimator", page_icon=":material/trending_down:", layout="wide"
)

PAGES = [
    st.Page(
        "app_pages/overview.py",
        title="Overview",
        icon=":material/dashboard:",
        url_path=labels.OVERVIEW_PATH,
        default=True,
    ),
    st.Page(
        "app_pages/trend.py",
        title="Trend",
        icon=":material/timeline:",
        url_path=labels.TREND_PATH,
    ),
    st.Page(
        "app_pages/workspace.py",
        title="Workspace",
        icon=":material/folder_shared:",
        url_path=labels.WORKSPACE_PATH,
    ),
    st.Page(
        "app_pages/what_if.py",
        title="What-if",
        icon=":material/tune:",
        url_path=labels.WHAT_IF_PATH,
    ),
    st.Page(
        "app_pages/portfolio.py",
        title="Portfolio",
        icon=":material/upload_file:",
        url_path=labels.PORTFOLIO_PATH,
    ),
    st.Page(
        "app_pages/case_study.py",
        title="Case study",
        icon=":material/call:",
        url_path=labels.CASE_STUDY_PATH,
    ),
    st.Page(
        "app_pages/model.py",
        title="Model",
        icon=":material/psychology:",
        url_path=labels.MODEL_PATH,
    ),
    st.Page(
        "app_pages/methodology.py",
        title="Methodology",
        icon=":material/functions:",
        url_path=labels.METHODOLOGY_PATH,
    ),
]

if current_actor() is None:  # sign-in configured, nobody signed in: nothing else is shown
    draw_sign_in()
    st.stop()
page = st.navigation(PAGES)
init_session()  # seeds the widgets from the page address on a session's first run
draw_account()  # who is signed in, "Log out", their workspaces
draw_sidebar()  # draws them
draw_sidebar_files(current_settings())  # the run's settings as JSON files
write_address(current_settings())  # last: the address changes once the sidebar is drawn whole
draw_upload_not_here()  # above every page: a reload lost this session's upload
page.run()
