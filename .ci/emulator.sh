#!/usr/bin/env bash
# CI stage 2 (after make test): the BigQuery path without a cloud. Creates .venv-crucible and
# .venv-bigframes from .ci/*.lock, starts the BigQuery emulator on 127.0.0.1:19150 (stopped on exit),
# loads a small simulated league with the BigQuery loader, runs dbt seed/build twice (full, then
# incremental) on the bigquery_emulator target, and runs the bigframes check. About 5 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
make emulator
