"""App-side helpers: the only package besides app_pages/ that imports Streamlit.

Caching wrappers, the shared sidebar and formatting live here so that model/ and data/
stay importable and testable without Streamlit.
"""
