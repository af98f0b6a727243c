"""Accuracy figures of the graded predictions, read from the warehouse (SQL does the work).

Every figure compares like with like: a system's MAE, the line's MAE, the "last 10 average" and,
on simulated data, the oracle (the simulator's true expected points) are taken on the same graded
rows. Hit rates always come with their count and a Wilson 95 % interval.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import duckdb

BREAK_EVEN_HIT_RATE = 110 / 210  # -110 odds: 52.4 %
EDGE_BUCKETS = ((0.0, 1.0), (1.0, 2.0), (2.0, 3.0), (3.0, 5.0), (5.0, None))


@dataclass(frozen=True)
class SystemSummary:
    system_id: str
    graded: int
    mae: float | None
    last10_mae: float | None
    oracle_mae: float | None
    line_rows: int
    mae_on_line_rows: float | None
    line_mae: float | None
    decided: int
    hit_rate: float | None
    edge3_decided: int
    edge3_hit_rate: float | None
    edge3_ci: tuple[float, float] | None


def wilson_interval(successes: int, n: int, z: float = 1.96) -> tuple[float, float] | None:
    """95 % Wilson score interval of a proportion; None without trials."""
    if n <= 0:
        return None
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def has_relation(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    (n,) = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchone()
    return n > 0


def _graded_rows_sql(con: duckdb.DuckDBPyConnection) -> str:
    """Graded, non-voided rows with the last-10 baseline and (simulated data) the oracle."""
    oracle = (
        "left join nba_sim.player_game_truth as truth "
        "on accuracy.game_id = truth.game_id and accuracy.player_lookup = truth.player_lookup"
        if has_relation(con, "nba_sim", "player_game_truth") else ""
    )
    oracle_col = "truth.expected_points" if oracle else "cast(null as double)"
    return f"""
        select
            accuracy.*,
            features.points_avg_last_10 as last10_points,
            {oracle_col} as oracle_points
        from nba_predictions.prediction_accuracy as accuracy
        left join nba_predictions.ml_feature_store as features
            on accuracy.game_date = features.game_date and accuracy.player_lookup = features.player_lookup
        {oracle}
        where not accuracy.is_voided
            and accuracy.game_date between ? and ?
    """


def date_bounds(con: duckdb.DuckDBPyConnection) -> tuple[dt.date, dt.date] | None:
    if not has_relation(con, "nba_predictions", "prediction_accuracy"):
        return None
    lo, hi = con.execute("select min(game_date), max(game_date) from nba_predictions.prediction_accuracy").fetchone()
    return (lo, hi) if lo else None


def system_summaries(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> list[SystemSummary]:
    rows = con.execute(
        f"""
        with graded as ({_graded_rows_sql(con)})
        select
            system_id,
            count(*) as graded,
            avg(absolute_error) as mae,
            avg(abs(last10_points - actual_points)) filter (where last10_points is not null) as last10_mae,
            avg(abs(oracle_points - actual_points)) filter (where oracle_points is not null) as oracle_mae,
            count(line_absolute_error) as line_rows,
            avg(absolute_error) filter (where line_absolute_error is not null) as mae_on_line_rows,
            avg(line_absolute_error) as line_mae,
            count(prediction_correct) as decided,
            avg(case when prediction_correct then 1.0 else 0.0 end) filter (where prediction_correct is not null)
                as hit_rate,
            count(prediction_correct) filter (where abs(predicted_margin) >= 3) as edge3_decided,
            count(*) filter (where prediction_correct and abs(predicted_margin) >= 3) as edge3_correct
        from graded
        group by system_id
        order by mae
        """,
        [start, end],
    ).fetchall()
    out = []
    for (system_id, graded, mae, last10, oracle, line_rows, mae_line, line_mae, decided, hit_rate,
         e3_n, e3_correct) in rows:
        out.append(SystemSummary(
            system_id=system_id, graded=graded, mae=mae, last10_mae=last10, oracle_mae=oracle,
            line_rows=line_rows, mae_on_line_rows=mae_line, line_mae=line_mae, decided=decided,
            hit_rate=hit_rate, edge3_decided=e3_n,
            edge3_hit_rate=(e3_correct / e3_n) if e3_n else None,
            edge3_ci=wilson_interval(e3_correct, e3_n),
        ))
    return out


def weekly_mae(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> dict[str, list[tuple[dt.date, float]]]:
    """MAE per week: each system, the line (rows with a line) and the last-10 average."""
    rows = con.execute(
        f"""
        with graded as ({_graded_rows_sql(con)}),
        weekly as (
            select date_trunc('week', game_date)::date as week, system_id as series,
                   avg(absolute_error) as mae
            from graded group by all
            union all
            select date_trunc('week', game_date)::date, 'sportsbook line', avg(line_absolute_error)
            from (select distinct game_id, player_lookup, game_date, line_absolute_error from graded
                  where line_absolute_error is not null) group by all
            union all
            select date_trunc('week', game_date)::date, 'last-10 average', avg(abs(last10_points - actual_points))
            from (select distinct game_id, player_lookup, game_date, last10_points, actual_points from graded
                  where last10_points is not null) group by all
        )
        select series, week, mae from weekly order by series, week
        """,
        [start, end],
    ).fetchall()
    series: dict[str, list[tuple[dt.date, float]]] = {}
    for name, week, mae in rows:
        series.setdefault(name, []).append((week, mae))
    return series


def calibration(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> list[tuple[str, float, float, int]]:
    """(system, mean p_over, observed over rate, rows) per p_over decile; pushes excluded."""
    return con.execute(
        f"""
        with graded as ({_graded_rows_sql(con)})
        select system_id, avg(p_over), avg(case when actual_vs_line = 'OVER' then 1.0 else 0.0 end), count(*)
        from graded
        where p_over is not null and actual_vs_line in ('OVER', 'UNDER')
        group by system_id, least(floor(p_over * 10), 9)
        order by system_id, avg(p_over)
        """,
        [start, end],
    ).fetchall()


def edge_buckets(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> list[tuple[str, str, int, float | None, tuple[float, float] | None]]:
    """(system, bucket label, decided picks, hit rate, Wilson CI) per |edge| bucket."""
    out = []
    for low, high in EDGE_BUCKETS:
        label = f"{low:g}-{high:g}" if high is not None else f"{low:g}+"
        rows = con.execute(
            f"""
            with graded as ({_graded_rows_sql(con)})
            select system_id, count(*), count(*) filter (where prediction_correct)
            from graded
            where prediction_correct is not null
                and abs(predicted_margin) >= ? and (? is null or abs(predicted_margin) < ?)
            group by system_id order by system_id
            """,
            [start, end, low, high, high],
        ).fetchall()
        for system_id, n, correct in rows:
            out.append((system_id, label, n, correct / n if n else None, wilson_interval(correct, n)))
    return out


def cumulative_units(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> dict[str, list[tuple[dt.date, float]]]:
    """Cumulative units staking 1 on every actionable pick at -110 (win +100/110, loss -1, push 0)."""
    rows = con.execute(
        f"""
        with graded as ({_graded_rows_sql(con)}),
        daily as (
            select system_id, game_date,
                   sum(case when prediction_correct then 100.0 / 110 when not prediction_correct then -1.0 else 0 end)
                       as units
            from graded
            where is_actionable and recommendation in ('OVER', 'UNDER')
            group by all
        )
        select system_id, game_date, sum(units) over (partition by system_id order by game_date)
        from daily order by system_id, game_date
        """,
        [start, end],
    ).fetchall()
    series: dict[str, list[tuple[dt.date, float]]] = {}
    for system_id, day, units in rows:
        series.setdefault(system_id, []).append((day, units))
    return series
