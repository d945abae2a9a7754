#!/usr/bin/env bash
# Install the runtime dependencies into .venv and start the dashboard on the built-in data.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements.txt
exec .venv/bin/streamlit run app.py "$@"
