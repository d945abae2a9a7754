"""Who is using the dashboard: the one place that calls `st.user`, `st.login` and
`st.logout` (docs/adr/0021-identity-and-roles.md).

With no `[auth]` section in .streamlit/secrets.toml (the local default) there is one local
user, an administrator of the store (owner of everything), and no sign-in screen. With
`[auth]` configured, Streamlit's own OpenID Connect sign-in: a visitor sees a "Log in"
button and nothing else until the identity provider says who they are; their e-mail address
is who acts in the store, which checks their role in each workspace on every read and write.
"""

from __future__ import annotations

import streamlit as st

from model.store import Actor, local_user, user


def sign_in_configured() -> bool:
    """True when .streamlit/secrets.toml has an `[auth]` section (a shared server)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: the local default
        return False


def current_actor() -> Actor | None:
    """Who acts: the local user without sign-in; the signed-in user's e-mail address with
    it; None while nobody has signed in."""
    if not sign_in_configured():
        return local_user()
    if not st.user.get("is_logged_in"):
        return None
    email = st.user.get("email") or ""
    return user(email) if "@" in email else None


def signed_in_email() -> str | None:
    """The signed-in user's address (None locally, where there is no sign-in)."""
    actor = current_actor()
    return actor.name if actor is not None and not actor.administrator else None


def log_in() -> None:
    """Off to the identity provider (the `[auth]` section's)."""
    st.login()


def log_out() -> None:
    st.logout()
