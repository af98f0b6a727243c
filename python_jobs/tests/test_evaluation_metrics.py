"""The market measures of the evaluation (metrics.market_summaries, calibration bins, the verdict, the
report's sections and the console summary) on a small synthetic graded table with hand-computed answers.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from python_jobs.evaluation import backtest_command, metrics, report

pytestmark = pytest.mark.smoke

DAY0 = dt.date(2025, 1, 1)
START, END = DAY0, DAY0 + dt.timedelta(days=60)

ACCURACY_DDL = """
create table nba_predictions.prediction_accuracy (
    system_id varchar, game_date date, game_id varchar, player_lookup varchar, predicted_points double,
    p_over double, recommendation varchar, is_actionable boolean, current_points_line double,
    actual_points double, is_voided boolean, actual_vs_line varchar, absolute_error double,
    predicted_margin double, prediction_correct boolean, line_absolute_error double,
    line_bookmaker varchar, line_snapshot_at timestamp, line_over_price_american double,
    line_under_price_american double, market_p_over_no_vig double, closing_points_line double,
    closing_bookmaker varchar, closing_snapshot_at timestamp, closing_line_absolute_error double,
    closing_line_value double, pick_profit_units double, pick_price_american double
)
"""

# the columns the market change adds (everything the market measures read)
MARKET_ONLY = ("line_bookmaker", "line_snapshot_at", "line_over_price_american", "line_under_price_american",
               "market_p_over_no_vig", "closing_points_line", "closing_bookmaker", "closing_snapshot_at",
               "closing_line_absolute_error", "closing_line_value", "pick_profit_units", "pick_price_american")


def _profit(won: bool | None, price: float | None) -> float | None:
    """The grading's rule: 1 unit at the chosen side's price, -110 when none was recorded; push 0."""
    if won is None:
        return 0.0
    if not won:
        return -1.0
    price = -110.0 if price is None else price
    return price / 100 if price > 0 else 100 / -price


def _row(system: str, day: int, player: str, *, predicted: float, actual: float | None, line: float | None,
         closing: float | None, p_over: float | None = None, market_p: float | None = None,
         rec: str = "PASS", price: float | None = None, voided: bool = False) -> dict:
    """One graded row, derived the way prediction_accuracy grades (outcome against the line at prediction)."""
    actionable = rec in ("OVER", "UNDER")
    outcome = None
    if line is not None and actual is not None and not voided:
        outcome = "OVER" if actual > line else "UNDER" if actual < line else "PUSH"
    correct = outcome == rec if actionable and outcome in ("OVER", "UNDER") else None
    clv = None
    if actionable and line is not None and closing is not None:
        clv = closing - line if rec == "OVER" else line - closing
    live = not voided and actual is not None
    return {
        "system_id": system, "game_date": DAY0 + dt.timedelta(days=day), "game_id": f"g{day}-{player}",
        "player_lookup": player, "predicted_points": predicted, "p_over": p_over, "recommendation": rec,
        "is_actionable": actionable, "current_points_line": line, "actual_points": actual, "is_voided": voided,
        "actual_vs_line": outcome, "absolute_error": abs(predicted - actual) if live else None,
        "predicted_margin": None if line is None else predicted - line, "prediction_correct": correct,
        "line_absolute_error": abs(actual - line) if live and line is not None else None,
        "market_p_over_no_vig": market_p, "closing_points_line": closing,
        "closing_line_absolute_error": abs(actual - closing) if live and closing is not None else None,
        "closing_line_value": clv,
        "pick_profit_units": _profit(correct, price) if actionable and outcome is not None and live else None,
        "pick_price_american": price if actionable else None,
    }


def _make_db(path: Path, rows: list[dict], *, market_columns: bool = True) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    con.execute("create schema nba_predictions")
    con.execute(ACCURACY_DDL)
    if not market_columns:  # a warehouse graded before the market change
        for column in MARKET_ONLY:
            con.execute(f"alter table nba_predictions.prediction_accuracy drop column {column}")
    con.execute("create table nba_predictions.ml_feature_store "
                "(game_date date, player_lookup varchar, points_avg_last_10 double)")
    _insert(con, rows)
    return con


def _insert(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
    present = {name for (name,) in con.execute(
        "select column_name from information_schema.columns where table_name = 'prediction_accuracy'").fetchall()}
    frame = pd.DataFrame(rows)
    con.register("incoming", frame[[c for c in frame.columns if c in present]])
    con.execute("insert into nba_predictions.prediction_accuracy by name select * from incoming")
    con.unregister("incoming")


def _hand_rows() -> list[dict]:
    """System 'hand': five picks on five dates plus rows that must (or must not) count."""
    return [
        # OVER win at +105; CLV +1 (closing 21.5 vs 20.5)
        _row("hand", 0, "p1", predicted=24, actual=25, line=20.5, closing=21.5, p_over=0.7, market_p=0.5,
             rec="OVER", price=105),
        # a PASS: scored for Brier / MAE, never a pick
        _row("hand", 0, "p2", predicted=16, actual=17, line=15.5, closing=15.5, p_over=0.55, market_p=0.5),
        # UNDER win at -120; CLV 0
        _row("hand", 1, "p1", predicted=16, actual=15, line=18.5, closing=18.5, p_over=0.2, market_p=0.4,
             rec="UNDER", price=-120),
        # a DNP: voided, out of everything
        _row("hand", 1, "p3", predicted=20, actual=None, line=19.5, closing=19.5, p_over=0.9, market_p=0.1,
             rec="OVER", price=-110, voided=True),
        # OVER loss at -110; CLV -1
        _row("hand", 2, "p1", predicted=13, actual=8, line=10.5, closing=9.5, p_over=0.6, market_p=0.55,
             rec="OVER", price=-110),
        # no line at all: MAE only
        _row("hand", 2, "p2", predicted=10, actual=13, line=None, closing=None, rec="NO_LINE"),
        # OVER push at -115: 0 units, not scored; CLV +1
        _row("hand", 3, "p1", predicted=14, actual=12, line=12, closing=13, p_over=0.65, market_p=0.5,
             rec="OVER", price=-115),
        # a line at prediction time but no closing line
        _row("hand", 3, "p2", predicted=29, actual=28, line=30.5, closing=None, p_over=0.4, market_p=0.45),
        # UNDER win with no recorded price (assumed -110), no market probability; CLV +1
        _row("hand", 4, "p1", predicted=21, actual=20, line=22.5, closing=21.5, p_over=0.3, market_p=None,
             rec="UNDER", price=None),
    ]


@pytest.fixture
def hand_db(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    con = _make_db(tmp_path / "hand.duckdb", _hand_rows())
    yield con
    con.close()


def _only(summaries: list[metrics.MarketSummary], system: str) -> metrics.MarketSummary:
    (found,) = [s for s in summaries if s.system_id == system]
    return found


def test_mae_against_both_lines_on_the_same_rows(hand_db: duckdb.DuckDBPyConnection) -> None:
    m = _only(metrics.market_summaries(hand_db, START, END), "hand")
    # closing-line rows: 5 picks' model errors 1+1+5+2+1 and the PASS's 1 = 11; closing errors 12.5
    assert m.closing_rows == 6
    assert m.mae_closing_rows == pytest.approx(11 / 6)
    assert m.closing_line_mae == pytest.approx(12.5 / 6)
    assert m.mae_minus_closing == pytest.approx(-0.25)
    # the line at prediction time also has the p2 row of day 3: model 12/7, line 17/7
    assert m.line_rows == 7
    assert m.mae_minus_line == pytest.approx(-5 / 7)
    low, high = m.mae_minus_closing_ci
    assert low <= m.mae_minus_closing <= high


def test_brier_and_log_loss_beside_the_market_on_the_same_rows(hand_db: duckdb.DuckDBPyConnection) -> None:
    m = _only(metrics.market_summaries(hand_db, START, END), "hand")
    # scored: decided rows with both probabilities (p_over, market, went over):
    # (.7,.5,1) (.55,.5,1) (.2,.4,0) (.6,.55,0) (.4,.45,0); the push, the DNP and the unpriced pick are out
    assert m.scored_rows == 5
    assert m.brier == pytest.approx((0.09 + 0.2025 + 0.04 + 0.36 + 0.16) / 5)
    assert m.market_brier == pytest.approx((0.25 + 0.25 + 0.16 + 0.3025 + 0.2025) / 5)
    assert m.log_loss == pytest.approx(-(math.log(0.7) + math.log(0.55) + math.log(0.8) + math.log(0.4)
                                         + math.log(0.6)) / 5)
    assert m.market_log_loss == pytest.approx(-(math.log(0.5) + math.log(0.5) + math.log(0.6) + math.log(0.45)
                                                + math.log(0.55)) / 5)
    assert metrics.brier_difference(m) == pytest.approx(0.1705 - 0.233)


def test_roi_at_recorded_prices_and_closing_line_value(hand_db: duckdb.DuckDBPyConnection) -> None:
    m = _only(metrics.market_summaries(hand_db, START, END), "hand")
    # +105 win, -120 win, loss, push, unpriced win at -110
    assert m.picks == 5 and m.picks_assumed_price == 1
    assert m.roi == pytest.approx((1.05 + 100 / 120 - 1 + 0 + 100 / 110) / 5)
    low, high = m.roi_ci
    assert low <= m.roi <= high
    # CLV: +1, 0, -1, +1, +1
    assert m.clv_picks == 5
    assert m.mean_clv == pytest.approx(0.4)
    assert m.clv_positive_share == pytest.approx(0.6)
    assert m.clv_zero_share == pytest.approx(0.2)
    units = metrics.cumulative_units(hand_db, START, END)["hand"]
    assert [round(u, 6) for _day, u in units] == [round(v, 6) for v in np.cumsum(
        [1.05, 100 / 120, -1.0, 0.0, 100 / 110])]


def test_hit_rate_has_its_interval(hand_db: duckdb.DuckDBPyConnection) -> None:
    (s,) = metrics.system_summaries(hand_db, START, END)
    assert s.decided == 4 and s.hit_rate == pytest.approx(0.75)
    assert s.hit_rate_ci == metrics.wilson_interval(3, 4)


def test_market_measures_are_plain_dicts(hand_db: duckdb.DuckDBPyConnection) -> None:
    (row,) = metrics.market_measures(hand_db, START, END)
    assert row["system_id"] == "hand" and row["picks"] == 5
    assert isinstance(row["roi_ci"], list) and len(row["roi_ci"]) == 2


def test_date_bootstrap_is_deterministic_and_resamples_dates() -> None:
    rng = np.random.default_rng(7)
    counts = rng.integers(5, 21, size=60).astype(float)
    date_means = rng.normal(0.0, 1.0, size=60)
    sums = counts * date_means  # every row of a date shares its date's value: all the spread is between dates
    estimate = sums.sum() / counts.sum()
    first = metrics.date_bootstrap_interval(sums, counts)
    assert first == metrics.date_bootstrap_interval(sums, counts)
    assert first[0] < estimate < first[1]
    # width of a ratio estimator's 95 % interval when dates are the unit: a row bootstrap is ~4x narrower
    # here and a 90 % interval 13 % narrower, so either fails this
    se = math.sqrt((counts ** 2 * (date_means - estimate) ** 2).sum() * 60 / 59) / counts.sum()
    assert first[1] - first[0] == pytest.approx(2 * 1.96 * se, rel=0.08)
    # the pooled row mean, not a mean of date means: 20 one-row dates at 10 and 20 hundred-row dates at 0
    low, high = metrics.date_bootstrap_interval([10.0] * 20 + [0.0] * 20, [1.0] * 20 + [100.0] * 20)
    assert low < 200 / 2020 < high < 0.5
    assert metrics.date_bootstrap_interval(sums[:4], counts[:4]) is None  # too few dates
    assert metrics.date_bootstrap_interval([6.0] * 5, [3.0] * 5) == pytest.approx((2.0, 2.0))


def test_date_bootstrap_of_1000_resamples_is_fast() -> None:
    rng = np.random.default_rng(3)
    counts = rng.integers(50, 300, size=180).astype(float)
    started = dt.datetime.now()
    for _ in range(30):  # ~ five measures for six systems
        metrics.date_bootstrap_interval(rng.normal(size=180) * counts, counts)
    assert (dt.datetime.now() - started).total_seconds() < 2


def _calibration_rows() -> list[dict]:
    rows, n = [], 0

    def add(p: float, count: int, overs: int) -> None:
        nonlocal n
        for i in range(count):
            n += 1
            actual = 25.0 if i < overs else 15.0
            rows.append(_row("calib", n % 7, f"c{n}", predicted=20, actual=actual, line=20.5, closing=20.5,
                             p_over=p, market_p=0.5))

    add(0.15, 60, 15)  # decile 1: full on its own
    add(0.45, 3, 2)  # decile 4: sparse
    add(0.65, 70, 42)  # decile 6
    add(0.95, 4, 4)  # decile 9: a sparse top remainder joins the bin below
    return rows


def test_calibration_merges_sparse_bins(tmp_path: Path) -> None:
    con = _make_db(tmp_path / "calib.duckdb", _calibration_rows())
    bins = metrics.calibration(con, START, END, min_rows=50)
    assert [(b.p_low, b.p_high, b.rows) for b in bins] == [(0.1, 0.2, 60), (0.4, 1.0, 77)]
    assert all(b.rows >= 50 for b in bins)
    assert bins[0].observed_over_rate == pytest.approx(15 / 60)
    assert bins[1].mean_p_over == pytest.approx((3 * 0.45 + 70 * 0.65 + 4 * 0.95) / 77)
    assert bins[1].observed_over_rate == pytest.approx(48 / 77)
    assert bins[1].ci == metrics.wilson_interval(48, 77)
    # fewer rows than the minimum in all: one bin, not none
    (only,) = metrics.calibration(con, START, END, min_rows=1000)
    assert only.rows == 137
    con.close()


def _market_rows(system: str, seed: int, *, sharp: bool) -> list[dict]:
    """20 dates x 10 players; the line is right on average. 'sharp' knows the result almost exactly."""
    rng = np.random.default_rng(seed)
    rows = []
    for day in range(20):
        for k in range(10):
            line = float(rng.integers(8, 30)) + 0.5
            actual = float(round(line + rng.normal(0, 5)))
            predicted = actual + rng.normal(0, 0.5) if sharp else line + rng.normal(0, 3)
            if sharp:
                p_over = 0.9 if actual > line else 0.1
                rec = "OVER" if actual > line else "UNDER"
            else:
                p_over = float(np.clip(0.5 + rng.normal(0, 0.15), 0.05, 0.95))
                rec = "OVER" if predicted > line else "UNDER"
            # closing moves the pick's way on even players and against it on odd: mean CLV exactly 0
            move = 0.5 if k % 2 == 0 else -0.5
            closing = line + (move if rec == "OVER" else -move)
            rows.append(_row(system, day, f"m{k}", predicted=float(predicted), actual=actual, line=line,
                             closing=closing, p_over=p_over, market_p=0.5, rec=rec, price=-110))
    return rows


def test_verdict_flips_when_a_system_beats_the_market(tmp_path: Path) -> None:
    con = _make_db(tmp_path / "market.duckdb", _market_rows("dull", 1, sharp=False))
    market = metrics.market_summaries(con, START, END)
    verdict = metrics.market_verdict(market)
    assert verdict[0] == "No system beats the market on these games:"
    text = "\n".join(verdict)
    assert "every system's MAE minus the closing line's has a 95 % interval that is not entirely below zero" in text
    assert "every system's Brier score minus the market's has a 95 % interval that is not entirely below zero" in text
    assert "every system's ROI at the recorded prices has a 95 % interval that is not entirely above zero" in text
    dull = _only(market, "dull")
    # the numbers drive the words
    assert f"closest: dull, MAE minus the closing line's {dull.mae_minus_closing:+.2f} points" in text

    _insert(con, _market_rows("sharp", 2, sharp=True))
    market = metrics.market_summaries(con, START, END)
    verdict = metrics.market_verdict(market)
    sharp = _only(market, "sharp")
    assert sharp.mae_minus_closing_ci[1] < 0 and sharp.roi_ci[0] > 0
    assert verdict[0].startswith("On these games sharp beats the market on MAE vs the closing line")
    mae_line = next(line for line in verdict if line.startswith("MAE vs the closing line"))
    low, high = sharp.mae_minus_closing_ci
    assert f"sharp's MAE is {abs(sharp.mae_minus_closing):.2f} points below the closing line's" in mae_line
    assert f"95 % CI {low:+.2f} to {high:+.2f} points" in mae_line
    assert "dull" not in mae_line  # only the systems that beat it are named
    clv_line = next(line for line in verdict if line.startswith("closing-line value"))
    assert "not entirely above zero" in clv_line  # CLV is exactly 0 for both
    assert "No system beats the market" not in "\n".join(verdict)
    con.close()


def test_report_shows_the_market_sections(hand_db: duckdb.DuckDBPyConnection) -> None:
    page = report.render(hand_db, START, END)
    assert "<h2>Against the market</h2>" in page and 'data-verdict="market"' in page
    for table in ("mae-vs-market", "proper-scores", "roi-clv", "calibration", "edge-buckets", "system-summary"):
        assert f'data-table="{table}"' in page
    for chart in ("mae-over-time", "calibration", "hit-rate-by-edge", "cumulative-units"):
        assert f'data-chart="{chart}"' in page
    assert "No system beats the market on these games:" in page or "beats the market on" in page
    assert "1 unit per actionable pick at the recorded price" in page
    units_svg = page.split('data-chart="cumulative-units"')[1].split("</svg>")[0]
    assert 'class="series"' in units_svg
    # every hit rate shown beside its count and interval
    summary_head = page.split('data-table="system-summary"')[1].split("</tr>")[0]
    assert "<th>decided picks</th><th>hit rate</th><th>95 % CI</th>" in summary_head
    edge_svg = page.split('data-chart="hit-rate-by-edge"')[1].split("</svg>")[0]
    assert "n=" in edge_svg and "%" in edge_svg
    assert "<th>rows</th>" in page.split('data-table="calibration"')[1].split("</tr>")[0]


def test_report_and_summary_without_market_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Real data without prices or closing lines: every market cell is '-', no crash, no claim."""
    rows = _hand_rows()
    for row in rows:
        for column in MARKET_ONLY:
            row[column] = None
    path = tmp_path / "bare.duckdb"
    con = _make_db(path, rows)
    market = metrics.market_summaries(con, START, END)
    assert market[0].roi is None and market[0].roi_ci is None and market[0].brier is None
    assert metrics.market_verdict(market)[0].startswith("No comparison with the market")
    assert "No comparison with the market" in report.render(con, START, END)
    con.close()
    backtest_command.print_summary(str(path), START, END)
    out = capsys.readouterr().out
    market_table = out.split("against the market")[1]
    assert "hand" in market_table and " - " in market_table
    assert "verdict: No comparison with the market" in out


def test_a_warehouse_graded_before_the_market_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "old.duckdb"
    con = _make_db(path, _hand_rows(), market_columns=False)
    assert metrics.market_summaries(con, START, END) == [] and metrics.cumulative_units(con, START, END) == {}
    assert "no market columns" in report.render(con, START, END)
    con.close()
    backtest_command.print_summary(str(path), START, END)
    assert "hand" in capsys.readouterr().out


def test_console_summary_prints_the_market_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "console.duckdb"
    _make_db(path, _hand_rows()).close()
    backtest_command.print_summary(str(path), START, END)
    out = capsys.readouterr().out
    assert "MAE-closing [95% CI]" in out and "ROI% [95% CI]" in out
    hand = next(line for line in out.split("against the market")[1].splitlines() if line.startswith("hand"))
    assert "-0.250 [" in hand and "0.1705 / 0.2330" in hand and "+35.8 [" in hand and "+0.40" in hand
    assert "verdict: " in out
