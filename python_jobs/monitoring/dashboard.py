"""`nba-props dashboard`'s page: pipeline health, coverage, latency, errors, quota, data quality and
accuracy against the line, read from the monitoring and grading models and coloured by their
thresholds. One HTML file with inline SVG: it opens with no network and no server."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from python_jobs import charts, html_page
from python_jobs.evaluation.metrics import has_relation

MONITORING = "nba_monitoring"


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


def _missing(schema: str, name: str) -> str:
    return html_page.note(f"{schema}.{name} is not built yet: run `nba-props build --select tag:monitoring`.")


def _health(con: duckdb.DuckDBPyConnection) -> tuple[str, list[tuple[str, str, str | None]]]:
    if not has_relation(con, MONITORING, "pipeline_health_summary"):
        return _missing(MONITORING, "pipeline_health_summary"), []
    rows = _rows(con, f"""
        select time_window, phase, runs, successful_runs, failed_runs, blocked_runs, game_dates,
               completion_pct, date_coverage_pct, avg_duration_seconds, health_status
        from {MONITORING}.pipeline_health_summary order by time_window, phase""")
    table = html_page.table(["window", "phase", "runs", "complete", "failed", "blocked", "dates", "completion %",
                             "date coverage %", "mean s", "status"], rows, status_column="status",
                            name="pipeline-health")
    worst = [r for r in rows if r[0] == "last_24h"]
    cards = []
    if worst:
        order = {"RED": 0, "YELLOW": 1, "GREEN": 2}
        bad = min(worst, key=lambda r: order.get(r[-1], 3))
        cards.append(("pipeline health, last 24 h (worst phase)", f"phase {bad[1]}: {bad[7]:.0f} %", bad[-1]))
    if not rows:
        table = html_page.note("No orchestrated runs recorded yet (`nba-props run` records them).") + table
    return table, cards


def _coverage(con: duckdb.DuckDBPyConnection) -> tuple[str, list[tuple[str, str, str | None]]]:
    if not has_relation(con, MONITORING, "prediction_coverage_metrics"):
        return _missing(MONITORING, "prediction_coverage_metrics"), []
    rows = _rows(con, f"""
        select game_date, players_with_lines, players_with_line_and_prediction, coverage_pct,
               ready_coverage_pct, actionable_predictions, gap_not_in_registry, gap_no_features, gap_ruled_out,
               gap_early_season, gap_low_quality, gap_not_predicted, health_status
        from {MONITORING}.prediction_coverage_metrics order by game_date desc limit 21""")
    series = {
        "coverage %": [(r[0], r[3]) for r in rows if r[3] is not None],
        "ready coverage %": [(r[0], r[4]) for r in rows if r[4] is not None],
    }
    chart = charts.line_chart("prediction-coverage", "Players with a line who got a prediction (%)", series,
                              y_label="% of players with a line", markers=True)
    table = html_page.table(["game date", "with line", "predicted", "coverage %", "ready %", "actionable",
                             "not in registry", "no features", "ruled out", "early season", "low quality",
                             "not predicted", "status"], rows, status_column="status", name="prediction-coverage")
    cards = []
    graded = [r for r in rows if r[-1] != "NO_LINES"]
    if graded:
        latest = graded[0]
        cards.append((f"coverage {latest[0]}", f"{latest[3]:.1f} %", latest[-1]))
    return chart + table, cards


def _accuracy(con: duckdb.DuckDBPyConnection) -> tuple[str, list[tuple[str, str, str | None]]]:
    if not has_relation(con, "nba_predictions", "system_daily_performance"):
        return _missing("nba_predictions", "system_daily_performance"), []
    rows = _rows(con, """
        select game_date, system_id, rolling_7d_mae, line_mae, rolling_7d_hit_rate
        from nba_predictions.system_daily_performance order by system_id, game_date""")
    series: dict[str, list[tuple[dt.date, float]]] = {}
    line: dict[dt.date, float] = {}
    for day, system_id, mae, line_mae, _hit in rows:
        if mae is not None:
            series.setdefault(system_id, []).append((day, mae))
        if line_mae is not None:
            line.setdefault(day, line_mae)
    series["sportsbook line (daily)"] = sorted(line.items())
    chart = charts.line_chart("accuracy", "Rolling 7-day MAE per system vs the line's daily MAE", series,
                              y_label="MAE (points)")
    latest = _rows(con, """
        select system_id, rolling_7d_mae, rolling_7d_hit_rate, rolling_30d_mae, rolling_30d_hit_rate
        from nba_predictions.system_daily_performance
        where game_date = (select max(game_date) from nba_predictions.system_daily_performance)
        order by rolling_7d_mae""")
    table = html_page.table(["system", "7-day MAE", "7-day hit rate", "30-day MAE", "30-day hit rate"], latest,
                            name="accuracy")
    cards = []
    if latest and latest[0][1] is not None:
        cards.append((f"best 7-day MAE ({latest[0][0]})", f"{latest[0][1]:.2f}", None))
    return chart + table, cards


def _latency(con: duckdb.DuckDBPyConnection) -> str:
    if not has_relation(con, MONITORING, "pipeline_latency_metrics"):
        return _missing(MONITORING, "pipeline_latency_metrics")
    rows = _rows(con, f"""
        select game_date, games_scheduled, first_tipoff_at, phase3_minutes_before_tipoff,
               phase4_minutes_before_tipoff, phase5_minutes_before_tipoff, bottleneck_phase, pipeline_health
        from {MONITORING}.pipeline_latency_metrics order by game_date desc limit 14""")
    chart = charts.bar_chart("latency", "Minutes between predictions ready and the first tip-off",
                             [str(r[0])[5:] for r in reversed(rows)], [r[5] for r in reversed(rows)],
                             y_label="minutes before tip-off", reference=60)
    table = html_page.table(["game date", "games", "first tip-off (UTC)", "phase 3 min before", "phase 4 min before",
                             "predictions min before", "bottleneck", "health"], rows, status_column="health",
                            name="latency")
    note = "" if rows else html_page.note("No pre-game runs recorded yet (backfills are not latency).")
    return note + chart + table


def _errors(con: duckdb.DuckDBPyConnection) -> str:
    if not has_relation(con, MONITORING, "processor_error_summary"):
        return _missing(MONITORING, "processor_error_summary")
    rows = _rows(con, f"""
        select time_window, phase, processor_name, error_type, error_count, affected_dates, retried_entries,
               retry_success_rate, open_queue_entries, alert_priority, latest_error_message
        from {MONITORING}.processor_error_summary order by time_window, error_count desc limit 30""")
    return html_page.table(["window", "phase", "model", "type", "errors", "dates", "retried", "retry success",
                            "open", "priority", "latest message"], rows, status_column="priority",
                           name="errors") + ("" if rows else html_page.note("No errors recorded."))


def _quota(con: duckdb.DuckDBPyConnection) -> str:
    if not has_relation(con, MONITORING, "quota_usage_hourly"):
        return _missing(MONITORING, "quota_usage_hourly")
    hourly = _rows(con, f"""
        select hour_at, sum(writes) from {MONITORING}.quota_usage_hourly group by hour_at order by hour_at
        limit 72""")
    chart = charts.bar_chart("quota", "Writes per hour (all tables)", [f"{h:%d %H}h" for h, _ in hourly],
                             [w for _, w in hourly], y_label="writes")
    top = _rows(con, f"""
        select hour_at, table_name, counted_from, writes, hourly_write_limit, usage_pct, alert_level
        from {MONITORING}.quota_usage_hourly order by usage_pct desc, hour_at desc limit 10""")
    return chart + html_page.table(["hour (UTC)", "table", "counted from", "writes", "limit", "usage %", "alert"], top,
                                   status_column="alert", name="quota")


def _quality(con: duckdb.DuckDBPyConnection) -> str:
    if not has_relation(con, MONITORING, "data_quality_daily"):
        return _missing(MONITORING, "data_quality_daily")
    rows = _rows(con, f"""
        select run_date, test_runs, passed, failed, warned, errored, failing_rows, distinct_tests,
               tests_failing_at_day_end, pass_pct
        from {MONITORING}.data_quality_daily order by run_date desc limit 30""")
    chart = charts.line_chart("data-quality", "Tests failing at the end of each day",
                              {"failing tests": [(r[0], r[8]) for r in rows]}, y_label="tests", markers=True)
    return chart + html_page.table(["day", "test runs", "passed", "failed", "warned", "errored", "failing rows",
                                    "distinct tests", "failing at day end", "pass %"], rows, name="data-quality")


def _set_aside(con: duckdb.DuckDBPyConnection) -> str:
    if not has_relation(con, MONITORING, "data_quality_set_aside"):
        return _missing(MONITORING, "data_quality_set_aside")
    totals = _rows(con, f"""
        select layer, model_name, category, reason, sum(rows_set_aside) as rows_set_aside,
               count(distinct game_date) as dates, max(game_date) as latest_date, min(example_reason)
        from {MONITORING}.data_quality_set_aside
        group by layer, model_name, category, reason order by rows_set_aside desc limit 30""")
    return html_page.table(["layer", "model", "category", "reason", "rows", "dates", "latest date", "example"],
                           totals, name="set-aside") + ("" if totals else html_page.note("Nothing set aside."))


def render(con: duckdb.DuckDBPyConnection) -> str:
    health, health_cards = _health(con)
    coverage, coverage_cards = _coverage(con)
    accuracy, accuracy_cards = _accuracy(con)
    headline = html_page.cards(health_cards + coverage_cards + accuracy_cards) or ""
    sections = [
        ("At a glance", headline or html_page.note("Nothing recorded yet.")),
        ("Pipeline health (GREEN >= 90 % complete, YELLOW >= 75 %, else RED)", health),
        ("Prediction coverage (HEALTHY >= 90 %, WARNING >= 75, DEGRADED >= 50)", coverage),
        ("Accuracy against the line", accuracy),
        ("Latency (HEALTHY: predictions ready >= 60 min before the first tip-off)", _latency(con)),
        ("Errors and retries", _errors(con)),
        ("Quota (writes per table per hour; WARNING at 80 % of the limit)", _quota(con)),
        ("Data quality (dbt tests per day)", _quality(con)),
        ("Set aside (rows and values the pipeline could not use, by model and reason)", _set_aside(con)),
    ]
    return html_page.page("nba-props pipeline health", f"Generated {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC "
                          "from the nba_monitoring and grading models.", sections)


def write(con: duckdb.DuckDBPyConnection, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(con), encoding="utf-8")
    return out
