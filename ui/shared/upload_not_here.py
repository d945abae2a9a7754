"""The notice of a session opened at an uploaded portfolio's address without the upload.

An upload lives in the browser session that loaded it (docs/adr/0005-uploads.md): a reload
or the address opened elsewhere starts a new session, which shows the synthetic portfolio.
Every page says so at its top, plainly, with the way back, until the visitor uploads again
or chooses to go on with the synthetic portfolio.
"""

from __future__ import annotations

import streamlit as st

from ui.state import forget_upload_not_here, upload_not_here

UPLOAD_AGAIN = "Upload it again on the Portfolio page"
GO_ON_SYNTHETIC = "Go on with the synthetic portfolio"


def draw_upload_not_here() -> None:
    """The notice, when this session's address spoke of an upload it does not hold."""
    if not upload_not_here():
        return
    st.warning(
        "**Your uploaded portfolio is not in this session.** This address showed figures of "
        "an upload, but an upload stays in the browser session that loaded it: a reload or "
        "the address opened elsewhere starts a new session, so every figure now is the "
        "built-in synthetic portfolio's. The assumptions and levers of the address are kept; "
        "upload your file again to see your customers.",
        icon=":material/history:",
    )
    left, right = st.columns(2)
    left.page_link("app_pages/portfolio.py", label=UPLOAD_AGAIN, icon=":material/upload_file:")
    right.button(GO_ON_SYNTHETIC, on_click=forget_upload_not_here, key="upload_not_here.dismiss")
