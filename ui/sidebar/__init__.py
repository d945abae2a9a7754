"""The sidebar every page shares: the portfolio in use, the economic assumptions, and the
assumptions and scenario saved or loaded as the command line's JSON files."""

from ui.sidebar.widgets import draw_sidebar, draw_sidebar_files

__all__ = ["draw_sidebar", "draw_sidebar_files"]
