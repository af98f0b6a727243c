"""`nba-props report`'s page: the backtest's accuracy as one self-contained HTML file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from python_jobs import charts, html_page
from python_jobs.evaluation import metrics


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f} %"


def _ci(ci: tuple[float, float] | None) -> str:
    return "–" if ci is None else f"{100 * ci[0]:.1f}–{100 * ci[1]:.1f} %"


def render(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> str:
    summaries = metrics.system_summaries(con, start, end)
    summary_rows = [
        [s.system_id, s.graded, s.mae, s.last10_mae, s.oracle_mae, s.line_rows, s.mae_on_line_rows, s.line_mae,
         s.decided, _pct(s.hit_rate), s.edge3_decided, _pct(s.edge3_hit_rate), _ci(s.edge3_ci)]
        for s in summaries
    ]
    summary_table = html_page.table(
        ["system", "graded rows", "MAE", "last-10 MAE", "oracle MAE", "rows with line", "MAE (line rows)",
         "line MAE", "decided picks", "hit rate", "edge>=3 picks", "edge>=3 hit rate", "95 % CI"],
        summary_rows, name="system-summary")

    weekly = metrics.weekly_mae(con, start, end)
    mae_chart = charts.line_chart("mae-over-time", "MAE per week: systems vs the line vs last-10 average",
                                  weekly, y_label="mean absolute error (points)", markers=True)

    calib = metrics.calibration(con, start, end)
    calib_series: dict[str, list[tuple[float, float]]] = {}
    for system_id, mean_p, observed, _n in calib:
        calib_series.setdefault(system_id, []).append((mean_p, observed))
    calib_chart = charts.line_chart("calibration", "Calibration of p_over (deciles; dashed = perfect)",
                                    calib_series, x_label="predicted p_over", y_label="observed over rate",
                                    diagonal=True, markers=True, y_range=(0.0, 1.0))
    calib_table = html_page.table(["system", "mean p_over", "observed over rate", "rows"],
                                  [list(r) for r in calib], name="calibration")

    buckets = metrics.edge_buckets(con, start, end)
    best = summaries[0].system_id if summaries else None
    best_buckets = [b for b in buckets if b[0] == best]
    edge_chart = charts.bar_chart(
        "hit-rate-by-edge", f"Hit rate by |edge| bucket ({best or 'no system'}; n above bars)",
        [b[1] for b in best_buckets], [b[3] for b in best_buckets],
        annotations=[f"n={b[2]}" for b in best_buckets], reference=metrics.BREAK_EVEN_HIT_RATE,
        y_label="hit rate")
    edge_table = html_page.table(["system", "|edge| bucket", "decided picks", "hit rate", "95 % CI"],
                                 [[s, label, n, _pct(rate), _ci(ci)] for s, label, n, rate, ci in buckets],
                                 name="edge-buckets")

    units = metrics.cumulative_units(con, start, end)
    units_chart = charts.line_chart("cumulative-units", "Cumulative units, 1 unit per actionable pick at -110",
                                    units, y_label="units")

    sections = [
        ("Summary", html_page.note(
            "Walk-forward: every prediction used only data from before its game date. MAE over graded "
            "(non-void) rows; the line's MAE on the rows that had a line; the oracle is the simulator's "
            "true expected points (simulated data only). Hit rate = correct / (correct + incorrect); "
            "break-even at -110 is 52.4 %.") + summary_table),
        ("Accuracy over time", mae_chart),
        ("Calibration of p_over", calib_chart + calib_table),
        ("Hit rate by edge", edge_chart + edge_table),
        ("Cumulative units at -110", units_chart),
    ]
    return html_page.page("nba-props backtest report", f"Game dates {start} to {end}; generated "
                          f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC", sections)


def write(con: duckdb.DuckDBPyConnection, out: Path, start: dt.date | None = None, end: dt.date | None = None) -> Path:
    bounds = metrics.date_bounds(con)
    if bounds is None:
        raise RuntimeError("no graded predictions yet: run `nba-props backtest` (or predict + build) first")
    start = start or bounds[0]
    end = end or bounds[1]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(con, start, end), encoding="utf-8")
    return out
