"""CLI verbs of the orchestration layer: run, backfill, status, retry, scheduler."""
