"""The house's layers, written once: each layer imports only itself and the layers below.

A room lower in the list never imports one higher up, at module level or inside a function;
Streamlit is imported only by the dashboard's own rooms. docs/adr/0013-model-by-purpose.md
says why the rooms are cut this way.
"""

from tests.unit.test_imports import graph_of_project, project_modules

#: Lowest first. A module belongs to the longest prefix listed.
LAYERS: tuple[str, ...] = (
    "data",
    "model.churn",
    "model.money",
    "model.explain",
    "model.cases",
    "model.display",
    "model.batch",
    "model.reporting",
    # The store of workspaces: it scores periods with model.batch and prices them with
    # model.money and model.explain; the commands and the dashboard sit above it.
    "model.store",
    "model.commands",  # every command: score, train, report, prepare, churn-cost (cli)
    "model",  # the entry points of python -m: model.score, model.train, ...
    # The dashboard's rooms (docs/adr/0018-dashboard-rooms.md): the run's state lowest, then
    # the panels several pages share, the sidebar, and each page's own panels.
    "ui.state",
    "ui.shared",
    "ui.team",  # sign-in, the user's workspaces (the sidebar lists them), the Workspace page
    "ui.sidebar",
    "ui.trend",
    "ui.portfolio",
    "ui.model_page",
    "ui.case_study",
    "ui.what_if",
    "ui.overview",
    "ui",
    "app_pages",
    "app",
)
#: Rooms that may import Streamlit: the dashboard.
STREAMLIT_ROOMS = ("ui", "app_pages", "app")
#: The one room that reads or writes Streamlit's session state and the page address.
STATE_ROOM = "ui.state"
#: Not part of the product: may import any layer.
OUTSIDE = ("tests", "benchmarks")


def layer_of(module: str) -> str | None:
    """The layer a module belongs to: the longest prefix of LAYERS it starts with."""
    matches = [layer for layer in LAYERS if module == layer or module.startswith(layer + ".")]
    return max(matches, key=len) if matches else None


def imports_against_the_layers(graph: dict[str, set[str]]) -> list[str]:
    """`importer -> imported` for every import from a lower layer into a higher one."""
    against = []
    for module, imported in sorted(graph.items()):
        own = layer_of(module)
        if own is None:
            continue
        for target in sorted(imported):
            theirs = layer_of(target)
            if theirs is not None and LAYERS.index(theirs) > LAYERS.index(own):
                against.append(f"{module} -> {target}")
    return against


def test_no_module_imports_a_higher_layer():
    against = imports_against_the_layers(graph_of_project())
    assert not against, "imports against the layers: " + "; ".join(against)


def test_every_room_of_the_product_has_a_layer():
    modules = project_modules()
    unplaced = [m for m in modules if layer_of(m) is None and not m.startswith(OUTSIDE)]
    assert not unplaced, f"rooms with no layer in LAYERS: {unplaced}"


def test_only_the_dashboards_rooms_import_streamlit():
    import ast

    offenders = []
    for module, path in project_modules().items():
        if module.startswith(STREAMLIT_ROOMS + OUTSIDE):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(name.split(".")[0] == "streamlit" for name in names):
                offenders.append(module)
    assert not offenders, f"Streamlit imported outside the dashboard: {sorted(set(offenders))}"


def test_the_check_finds_an_import_that_runs_back_down():
    graph = {"data.schema": {"model.money.costs"}, "model.money.costs": {"data.schema"}}
    assert imports_against_the_layers(graph) == ["data.schema -> model.money.costs"]


def test_only_the_state_room_touches_the_session_and_the_address():
    """Every other file asks ui.state (its `session` door, `settings()`), so what the session
    holds and who changes it is found in one room."""
    offenders = []
    for module, path in project_modules().items():
        if module.startswith((STATE_ROOM, *OUTSIDE)):
            continue
        text = path.read_text()
        if "session_state" in text or "query_params" in text:
            offenders.append(module)
    assert not offenders, f"session state or the address touched outside ui.state: {offenders}"


def test_only_the_state_room_asks_who_the_user_is():
    """Sign-in is Streamlit's (st.login, st.logout, st.user): called in ui/state/identity.py
    only, so who acts is decided in one place (docs/adr/0021-identity-and-roles.md)."""
    offenders = []
    for module, path in project_modules().items():
        if module.startswith((STATE_ROOM, *OUTSIDE)):
            continue
        text = path.read_text()
        if any(call in text for call in ("st.user", "st.login", "st.logout")):
            offenders.append(module)
    assert not offenders, f"st.user, st.login or st.logout outside ui.state: {offenders}"
