"""The reliability suite (issue 9): bad-input corpus, idempotency, crash recovery, injection.

Every test here is marked `reliability` and runs with `make reliability` (part of `make test`, after
the plain pytest run). The suite drives the real command line in subprocesses against small
simulated warehouses, so what it proves is what a user running `nba-props` gets.
"""
