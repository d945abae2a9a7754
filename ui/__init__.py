"""The dashboard's side: the only package besides app_pages/ and app.py that imports Streamlit.

Rooms, lowest first (each imports only those before it; tests/unit/test_layers.py holds it):

- `ui.state`: the run's state: session keys, the run's `Settings`, the page address, the
  widgets' units and Streamlit's caches; the one room that touches the session
- `ui.shared`: panels more than one page draws (metrics, tables, ranges, downloads)
- `ui.team`: signing in and out, the user's workspaces in the sidebar, and the Workspace
  page's panels (members, saved versions, fixes to follow, the audit trail)
- `ui.sidebar`: the sidebar every page shares
- `ui.portfolio`, `ui.model_page`, `ui.case_study`, `ui.what_if`, `ui.overview`: each page's
  own panels

Computation lives in model/ and data/; a panel gathers inputs, calls them and draws.
docs/adr/0018-dashboard-rooms.md says why the cut.
"""
