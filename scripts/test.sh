#!/usr/bin/env bash
# Install everything the tests need (Python packages into .venv, Debian's chromium for the
# browser tests, postgresql for the store's tests, which start their own server, and
# libreoffice-calc-nogui for the workbook's recalculation tests) and run every test. Extra
# arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing="$missing postgresql"
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-calc-nogui"
if [ -n "$missing" ]; then
  sudo_if_needed=""
  [ "$(id -u)" -eq 0 ] || sudo_if_needed="sudo"
  $sudo_if_needed apt-get update -qq
  # shellcheck disable=SC2086  # one package name per word
  DEBIAN_FRONTEND=noninteractive $sudo_if_needed apt-get install -y -qq $missing >/dev/null
fi
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements-dev.txt
exec .venv/bin/python -m pytest "$@"
