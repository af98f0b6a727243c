"""`nba-props report`'s page: the backtest's accuracy as one self-contained HTML file."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import duckdb

from python_jobs import charts, html_page
from python_jobs.evaluation import metrics


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f} %"


def _ci(ci: tuple[float, float] | None) -> str:
    return "–" if ci is None else f"{100 * ci[0]:.1f}–{100 * ci[1]:.1f} %"


def _short_ci(ci: tuple[float, float] | None) -> str:
    """Whole percents, short enough to sit above a bar."""
    return "–" if ci is None else f"{100 * ci[0]:.0f}–{100 * ci[1]:.0f} %"


def _num(value: float | None, digits: int) -> str:
    return "–" if value is None else f"{value:+.{digits}f}"


def _num_ci(ci: tuple[float, float] | None, digits: int) -> str:
    return "–" if ci is None else f"{ci[0]:+.{digits}f} to {ci[1]:+.{digits}f}"


def _signed_pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:+.1f} %"


def _signed_pct_ci(ci: tuple[float, float] | None) -> str:
    return "–" if ci is None else f"{100 * ci[0]:+.1f} to {100 * ci[1]:+.1f} %"


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.4f}"


def _summary_section(summaries: list[metrics.SystemSummary]) -> str:
    rows = [
        [s.system_id, s.graded, s.mae, s.last10_mae, s.oracle_mae, s.line_rows, s.mae_on_line_rows, s.line_mae,
         s.decided, _pct(s.hit_rate), _ci(s.hit_rate_ci), s.edge3_decided, _pct(s.edge3_hit_rate),
         _ci(s.edge3_ci)]
        for s in summaries
    ]
    table = html_page.table(
        ["system", "graded rows", "MAE", "last-10 MAE", "oracle MAE", "rows with line", "MAE (line rows)",
         "line MAE", "decided picks", "hit rate", "95 % CI", "edge>=3 picks", "edge>=3 hit rate", "95 % CI"],
        rows, name="system-summary")
    return html_page.note(
        "Walk-forward: every prediction used only data from before its game date. MAE over graded "
        "(non-void) rows; the line's MAE on the rows that had a line at prediction time; the oracle is the "
        "simulator's true expected points (simulated data only). Hit rate = correct / (correct + incorrect) "
        "against the line at prediction time; break-even at -110 is 52.4 %.") + table


def _verdict_html(lines: list[str]) -> str:
    head, rest = lines[0], lines[1:]
    items = "".join(f"<li>{html.escape(line)}</li>" for line in rest)
    return (f'<div data-verdict="market"><p><strong>{html.escape(head)}</strong></p>'
            + (f'<ul class="note">{items}</ul>' if items else "") + "</div>")


def _market_tables(market: list[metrics.MarketSummary]) -> str:
    mae = html_page.table(
        ["system", "rows with closing line", "MAE", "closing line MAE", "MAE − closing", "95 % CI",
         "rows with line at prediction", "MAE", "line MAE", "MAE − line", "95 % CI"],
        [[m.system_id, m.closing_rows, m.mae_closing_rows, m.closing_line_mae, _num(m.mae_minus_closing, 3),
          _num_ci(m.mae_minus_closing_ci, 3), m.line_rows, m.mae_line_rows, m.line_mae,
          _num(m.mae_minus_line, 3), _num_ci(m.mae_minus_line_ci, 3)] for m in market],
        name="mae-vs-market")
    scores = html_page.table(
        ["system", "scored rows", "Brier p_over", "Brier market", "difference", "95 % CI",
         "log loss p_over", "log loss market", "difference", "95 % CI"],
        [[m.system_id, m.scored_rows, _score(m.brier), _score(m.market_brier),
          _num(metrics.brier_difference(m), 4), _num_ci(m.brier_diff_ci, 4),
          _score(m.log_loss), _score(m.market_log_loss), _num(metrics.log_loss_difference(m), 4),
          _num_ci(m.log_loss_diff_ci, 4)] for m in market],
        name="proper-scores")
    betting = html_page.table(
        ["system", "picks", "at assumed -110", "ROI", "95 % CI", "picks with closing line", "mean CLV (points)",
         "95 % CI", "CLV > 0", "CLV = 0"],
        [[m.system_id, m.picks, m.picks_assumed_price, _signed_pct(m.roi), _signed_pct_ci(m.roi_ci),
          m.clv_picks, _num(m.mean_clv, 2), _num_ci(m.mean_clv_ci, 2), _pct(m.clv_positive_share),
          _pct(m.clv_zero_share)] for m in market],
        name="roi-clv")
    return mae + scores + betting


def _market_section(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> str:
    if not metrics.has_market_columns(con):
        return html_page.note("The graded table has no market columns (closing line, prices, profit) yet: "
                              "rebuild prediction_accuracy to compare the systems with the market.")
    market = metrics.market_summaries(con, start, end)
    explanation = html_page.note(
        "Differences are system minus market on the same rows: MAE against the closing line (the latest "
        "pre-tip line) and against the line at prediction time; Brier score and log loss of p_over against "
        "the market's no-vig probability (multiplicative de-vig of the over/under prices at prediction time) on "
        "decided OVER/UNDER rows that have both. ROI stakes 1 unit per actionable pick, decided or pushed, at "
        "the recorded price of the side taken (-110 where no price was recorded). Closing-line value in points: "
        "closing minus line for an OVER, line minus closing for an UNDER. 95 % intervals: "
        f"{metrics.BOOTSTRAP_RESAMPLES} bootstrap resamples of game dates (rows of one slate share outcomes), "
        f"none with fewer than {metrics.MIN_INTERVAL_DATES} dates. Negative MAE and score differences, and "
        "positive ROI and CLV, favour the system.")
    return _verdict_html(metrics.market_verdict(market)) + explanation + _market_tables(market)


def _calibration_section(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> str:
    bins = metrics.calibration(con, start, end)
    series: dict[str, list[tuple[float, float]]] = {}
    for b in bins:
        series.setdefault(b.system_id, []).append((b.mean_p_over, b.observed_over_rate))
    chart = charts.line_chart(
        "calibration", f"Calibration of p_over (deciles merged to >= {metrics.CALIBRATION_MIN_ROWS} rows; "
        "dashed = perfect)", series, x_label="predicted p_over", y_label="observed over rate",
        diagonal=True, markers=True, y_range=(0.0, 1.0))
    table = html_page.table(
        ["system", "p_over bin", "rows", "mean p_over", "observed over rate", "95 % CI"],
        [[b.system_id, f"{b.p_low:.1f}–{b.p_high:.1f}", b.rows, b.mean_p_over, _pct(b.observed_over_rate),
          _ci(b.ci)] for b in bins],
        name="calibration")
    return chart + table


def _edge_section(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, best: str | None) -> str:
    buckets = metrics.edge_buckets(con, start, end)
    best_buckets = [b for b in buckets if b[0] == best]
    # a rate is never shown without its count and interval, bars included
    chart = charts.bar_chart(
        "hit-rate-by-edge", f"Hit rate by |edge| bucket ({best or 'no system'}; n and 95 % CI above bars)",
        [b[1] for b in best_buckets], [b[3] for b in best_buckets],
        annotations=[f"n={n} ({_short_ci(ci)})" for _s, _label, n, _rate, ci in best_buckets],
        reference=metrics.BREAK_EVEN_HIT_RATE, y_label="hit rate")
    table = html_page.table(["system", "|edge| bucket", "decided picks", "hit rate", "95 % CI"],
                            [[s, label, n, _pct(rate), _ci(ci)] for s, label, n, rate, ci in buckets],
                            name="edge-buckets")
    return chart + table


def render(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> str:
    summaries = metrics.system_summaries(con, start, end)
    weekly = metrics.weekly_mae(con, start, end)
    mae_chart = charts.line_chart("mae-over-time", "MAE per week: systems vs the line vs last-10 average",
                                  weekly, y_label="mean absolute error (points)", markers=True)
    units_chart = charts.line_chart(
        "cumulative-units", "Cumulative units, 1 unit per actionable pick at the recorded price (-110 if none)",
        metrics.cumulative_units(con, start, end), y_label="units")
    sections = [
        ("Summary", _summary_section(summaries)),
        ("Against the market", _market_section(con, start, end)),
        ("Accuracy over time", mae_chart),
        ("Calibration of p_over", _calibration_section(con, start, end)),
        ("Hit rate by edge", _edge_section(con, start, end, summaries[0].system_id if summaries else None)),
        ("Cumulative units at the recorded prices", units_chart),
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
