"""The one door to Streamlit's session state: every read and write of it goes through here.

Keys are the strings of ui/state/keys.py. The functions are small on purpose: a newcomer
who wants to know what touches the session greps for `session.`; nothing else in the
dashboard indexes `st.session_state` (tests/unit/test_layers.py holds it).
"""

from __future__ import annotations

from typing import Any, TypeVar, overload

import streamlit as st

T = TypeVar("T")


@overload
def get(key: str) -> Any: ...
@overload
def get(key: str, default: T) -> Any | T: ...
def get(key: str, default: object = None) -> object:
    """The value under `key`, or `default` when the session has none."""
    return st.session_state.get(key, default)


def put(key: str, value: object) -> None:
    """Keep `value` under `key` (a widget's key sets that widget's value)."""
    st.session_state[key] = value


def drop(key: str) -> None:
    """Forget `key` (nothing happens if it is not there)."""
    st.session_state.pop(key, None)


def has(key: str) -> bool:
    return key in st.session_state


def setdefault(key: str, value: T) -> T:
    """The value under `key`, first setting it to `value` if there is none."""
    return st.session_state.setdefault(key, value)


def keep(key: str) -> None:
    """Make a widget's value the session's own, so it survives runs of pages that do not
    draw the widget (Streamlit forgets the state of an undrawn widget; re-assigning it is
    the documented way to keep it)."""
    st.session_state[key] = st.session_state[key]


def keys_starting(prefix: str) -> list[str]:
    """Every key the session holds that starts with `prefix`."""
    return [key for key in st.session_state if isinstance(key, str) and key.startswith(prefix)]


def by_suffix(prefix: str) -> dict[str, Any]:
    """`{rest of the key: value}` for every set key starting with `prefix`."""
    return {
        key.removeprefix(prefix): value
        for key in keys_starting(prefix)
        if (value := st.session_state[key]) is not None
    }


def next_generation(key: str) -> int:
    """Add one to a counter (an uploader's generation: a new widget key empties it)."""
    generation = int(st.session_state.get(key, 0)) + 1
    st.session_state[key] = generation
    return generation


def address() -> dict[str, str]:
    """The page address's query parameters (the last value of each)."""
    return st.query_params.to_dict()


def set_address(params: dict[str, str]) -> None:
    """Replace the page address's query parameters (only when they change: each write is a
    message to the browser)."""
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
