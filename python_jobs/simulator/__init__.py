"""Deterministic NBA league simulator: fills every raw table of the contract (plus nba_sim truth).

Entry point: `core.simulate(con, seasons, seed, start_date=None, as_of=None)`; CLI verb in `command.py`.
"""
