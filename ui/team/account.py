"""The sign-in screen, and the account's part of the sidebar: who is signed in, "Log out",
and the workspaces they are a member of, by name, each a link to its Workspace page."""

from __future__ import annotations

import streamlit as st

from model.display import plain
from model.store import StoreError, workspace_names
from ui.state import existing_store, log_in, log_out, signed_in_email, workspace_link

WORKSPACE_PAGE = "app_pages/workspace.py"


def draw_sign_in() -> None:
    """What a visitor sees before signing in: the product's name and a "Log in" button."""
    st.title("Churn cost estimator")
    st.write("Sign in with your company account to see your workspaces.")
    st.button("Log in", type="primary", on_click=log_in)


def draw_account() -> None:
    """The sidebar's top: the signed-in user and "Log out" (with sign-in only), then the
    workspaces this user may open."""
    email = signed_in_email()
    with st.sidebar:
        if email is not None:
            st.caption(f"Signed in as {email}")  # an address: plain text in a caption
            st.button("Log out", on_click=log_out, key="log_out")
        try:
            store = existing_store()  # the sidebar never waits for a store to be made
            names = workspace_names(store) if store is not None else []
        except StoreError:
            return  # the pages that use the store say why
        st.markdown("**Your workspaces**")
        if not names:
            st.caption(
                "None yet: an owner of a workspace can add you, or save a month from the "
                "Portfolio page to start one."
                if email is not None
                else "None yet: the Trend page opens a demo one, and the Portfolio page saves "
                "a month into a workspace of yours."
            )
        for name in names:
            # a label reads markdown: the name is made literal, its line breaks spaces
            workspace_link(WORKSPACE_PAGE, plain(name.replace("\n", " ")), name)
