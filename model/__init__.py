"""The library behind the dashboard and the command line; imports no Streamlit.

Rooms, lowest first (each imports only those before it, and data/; tests/unit/test_layers.py
holds the order):

- `model.churn`: the churn model (fit, artefact, loading, scoring, Shapley on churn)
- `model.money`: assumptions, costs, scenarios, the estimate's front door, business case
- `model.explain`: root causes in money, waterfalls, the range, sensitivity, segments
- `model.cases`: the sources' customers as presets; the dashboard's synthetic portfolios
- `model.display`: the charts, number formats and words the dashboard and report share
- `model.batch`: the command line's scoring, in constant memory or on Dask
- `model.reporting`: the board report (HTML) and the Excel workbook
- `model.commands`: every command (score, train, report, prepare) and `churn-cost` (its cli)

Beside the rooms, only the entry points of `python -m model.score`, `model.train`,
`model.report` and `model.prepare`, a few lines each that run the command of the same name.
"""
