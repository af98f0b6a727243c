"""What an operator checks by hand after a recovery, for one date: phase completion, rows per phase,
predictions and their coverage, open retry-queue entries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from python_jobs.orchestration.completion import PHASE_ORDER
from python_jobs.orchestration.retry_queue import active_entries
from python_jobs.orchestration.tables import PHASE_COMPLETION, PHASE_EXECUTION_LOG

# schema -> phase label, for the row counts per phase
PHASE_SCHEMAS = (("nba_analytics", "3"), ("nba_precompute", "4"), ("nba_predictions", "5 / grading"),
                 ("nba_monitoring", "monitoring"))
DATE_COLUMNS = ("game_date", "analysis_date", "cache_date")


@dataclass(frozen=True)
class DateStatus:
    game_date: dt.date
    phases: list[tuple]  # (phase, status, reason, models_succeeded, models_total, finished_at, run_id)
    models: list[tuple]  # (phase, model, status, rows_affected, is_critical)
    table_rows: list[tuple[str, str, int]]  # (phase label, table, rows for the date)
    predictions: int | None
    predicted_players: int | None
    eligible_players: int | None
    open_retries: list

    @property
    def coverage(self) -> float | None:
        if not self.eligible_players or self.predicted_players is None:
            return None
        return self.predicted_players / self.eligible_players


def _tables(con: duckdb.DuckDBPyConnection, schema: str) -> list[tuple[str, str]]:
    """(table, date column) for every base table of the schema that has one of the date columns."""
    rows = con.execute(
        """select table_name, column_name from information_schema.columns
           where table_schema = ? and column_name in (?, ?, ?)
             and table_name in (select table_name from information_schema.tables
                                where table_schema = ? and table_type = 'BASE TABLE')
           order by table_name, column_name""",
        [schema, *DATE_COLUMNS, schema]).fetchall()
    chosen: dict[str, str] = {}
    for table, column in rows:
        if table not in chosen or DATE_COLUMNS.index(column) < DATE_COLUMNS.index(chosen[table]):
            chosen[table] = column
    return sorted(chosen.items())


def _exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return con.execute("select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
                       [schema, table]).fetchone()[0] > 0


def date_status(con: duckdb.DuckDBPyConnection, game_date: dt.date) -> DateStatus:
    phases = con.execute(
        f"""select phase, status, reason, models_succeeded, models_total, finished_at, run_id from (
                select *, row_number() over (partition by phase order by finished_at desc) as rn
                from {PHASE_EXECUTION_LOG.qualified} where game_date = ?) where rn = 1""",
        [game_date]).fetchall()
    phases.sort(key=lambda r: PHASE_ORDER.index(r[0]) if r[0] in PHASE_ORDER else 99)
    models = con.execute(
        f"""select phase, model, status, rows_affected, is_critical from {PHASE_COMPLETION.qualified}
            where game_date = ? order by phase, is_critical desc, model""", [game_date]).fetchall()
    table_rows = []
    for schema, label in PHASE_SCHEMAS:
        for table, column in _tables(con, schema):
            # identifiers come from information_schema; the date is a parameter
            (n,) = con.execute(f'select count(*) from "{schema}"."{table}" where "{column}" = ?', [game_date]).fetchone()
            table_rows.append((label, f"{schema}.{table}", int(n)))
    predictions = predicted = eligible = None
    if _exists(con, "nba_predictions", "player_prop_predictions"):
        predictions, predicted = con.execute(
            """select count(*), count(distinct player_lookup) from nba_predictions.player_prop_predictions
               where game_date = ?""", [game_date]).fetchone()
    if _exists(con, "nba_analytics", "upcoming_player_game_context"):
        # eligible = players with a prop line that day (what production's coverage metric counts)
        (eligible,) = con.execute(
            """select count(distinct player_lookup) from nba_analytics.upcoming_player_game_context
               where game_date = ? and has_prop_line""", [game_date]).fetchone()
    return DateStatus(game_date, phases, models, table_rows, predictions, predicted, eligible,
                      active_entries(con, game_date))


def format_status(s: DateStatus) -> str:
    lines = [f"status for {s.game_date}", "", "phases (latest attempt):"]
    if not s.phases:
        lines.append("  never run")
    for phase, status, reason, ok, total, finished, run_id in s.phases:
        lines.append(f"  {phase:<10} {status.upper():<8} {ok}/{total} models ok  {finished:%Y-%m-%d %H:%M} UTC  "
                     f"run {run_id[:8]}  {reason}")
    failed = [m for m in s.models if m[2] != "success"]
    if failed:
        lines.append("models not successful:")
        lines += [f"  phase {p:<10} {m:<40} {st}{' (critical)' if crit else ''}" for p, m, st, _, crit in failed]
    lines.append("")
    lines.append("rows for the date:")
    lines += [f"  {label:<12} {table:<55} {n:>8,}" for label, table, n in s.table_rows] or ["  no phase tables yet"]
    lines.append("")
    if s.predictions is None:
        lines.append("predictions: nba_predictions.player_prop_predictions does not exist yet")
    else:
        cov = "n/a" if s.coverage is None else f"{s.coverage:.0%}"
        lines.append(f"predictions: {s.predictions:,} rows for {s.predicted_players:,} players; coverage {cov} of "
                     f"{s.eligible_players or 0:,} players with a prop line")
    lines.append(f"open retry-queue entries: {len(s.open_retries)}")
    lines += [f"  {e.phase:<10} {e.processor_name:<40} {e.status:<9} {e.error_type:<9} retries {e.retry_count}/"
              f"{e.max_retries}, next {e.next_retry_at}" for e in s.open_retries]
    return "\n".join(lines)
