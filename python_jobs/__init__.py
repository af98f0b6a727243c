"""nba-props job layer: simulate and load raw data, run dbt, predict, orchestrate, report."""

__version__ = "0.1.0"
