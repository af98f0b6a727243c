"""Accuracy figures of the graded predictions, read from the warehouse (SQL does the work).

Every figure compares like with like: a system's MAE, the line's MAE, the "last 10 average" and,
on simulated data, the oracle (the simulator's true expected points) are taken on the same graded
rows. Hit rates always come with their count and a Wilson 95 % interval.

The market measures (``market_summaries``) follow the betting-research practice: MAE minus the
closing line's and minus the line at prediction time, Brier and log loss of p_over beside the
de-vigged market probability, ROI at the recorded prices and closing-line value. Their intervals
come from a bootstrap over game dates, because the rows of one slate share outcomes.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

import duckdb
import numpy as np

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
    hit_rate_ci: tuple[float, float] | None = None


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
            count(*) filter (where prediction_correct) as correct,
            count(prediction_correct) filter (where abs(predicted_margin) >= 3) as edge3_decided,
            count(*) filter (where prediction_correct and abs(predicted_margin) >= 3) as edge3_correct
        from graded
        group by system_id
        order by mae
        """,
        [start, end],
    ).fetchall()
    out = []
    for (system_id, graded, mae, last10, oracle, line_rows, mae_line, line_mae, decided, hit_rate, correct,
         e3_n, e3_correct) in rows:
        out.append(SystemSummary(
            system_id=system_id, graded=graded, mae=mae, last10_mae=last10, oracle_mae=oracle,
            line_rows=line_rows, mae_on_line_rows=mae_line, line_mae=line_mae, decided=decided,
            hit_rate=hit_rate, edge3_decided=e3_n,
            edge3_hit_rate=(e3_correct / e3_n) if e3_n else None,
            edge3_ci=wilson_interval(e3_correct, e3_n), hit_rate_ci=wilson_interval(correct, decided),
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


CALIBRATION_MIN_ROWS = 50  # fewer rows than this per bin and the observed rate is mostly noise


@dataclass(frozen=True)
class CalibrationBin:
    """Adjacent p_over deciles merged until the bin holds enough rows to read."""

    system_id: str
    p_low: float  # lower edge of the first decile merged in
    p_high: float  # upper edge of the last decile merged in
    rows: int
    mean_p_over: float
    observed_over_rate: float
    ci: tuple[float, float] | None  # Wilson 95 % interval of the observed over rate


@dataclass(frozen=True)
class DecileCounts:
    first: int
    last: int
    rows: int
    p_sum: float
    overs: int

    def __add__(self, other: DecileCounts) -> DecileCounts:
        return DecileCounts(min(self.first, other.first), max(self.last, other.last), self.rows + other.rows,
                             self.p_sum + other.p_sum, self.overs + other.overs)


def merge_sparse_bins(deciles: Sequence[DecileCounts], min_rows: int) -> list[DecileCounts]:
    """Merge adjacent deciles (in p_over order) until each bin has >= min_rows.

    Greedy from the low end; a short remainder at the top joins the last full bin, so every bin
    reaches the minimum unless the system has fewer rows than that in all (then one bin).
    """
    merged: list[DecileCounts] = []
    pending: DecileCounts | None = None
    for decile in sorted(deciles, key=lambda d: d.first):
        pending = decile if pending is None else pending + decile
        if pending.rows >= min_rows:
            merged.append(pending)
            pending = None
    if pending is not None:
        if merged:
            merged[-1] = merged[-1] + pending
        else:
            merged.append(pending)
    return merged


def calibration(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date,
                min_rows: int = CALIBRATION_MIN_ROWS) -> list[CalibrationBin]:
    """Observed over rate against mean p_over, per system, in p_over bins of >= min_rows; pushes excluded."""
    rows = con.execute(
        f"""
        with graded as ({_graded_rows_sql(con)})
        select system_id, cast(least(floor(p_over * 10), 9) as integer) as decile, count(*), sum(p_over),
               count(*) filter (where actual_vs_line = 'OVER')
        from graded
        where p_over is not null and actual_vs_line in ('OVER', 'UNDER')
        group by all
        order by system_id, decile
        """,
        [start, end],
    ).fetchall()
    by_system: dict[str, list[DecileCounts]] = {}
    for system_id, decile, n, p_sum, overs in rows:
        by_system.setdefault(system_id, []).append(DecileCounts(decile, decile, n, p_sum, overs))
    out = []
    for system_id, deciles in by_system.items():
        for b in merge_sparse_bins(deciles, min_rows):
            out.append(CalibrationBin(system_id, b.first / 10, (b.last + 1) / 10, b.rows, b.p_sum / b.rows,
                                      b.overs / b.rows, wilson_interval(b.overs, b.rows)))
    return out


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
    """Cumulative units staking 1 on every actionable pick at its recorded price (-110 where none was recorded).

    pick_profit_units is graded in prediction_accuracy: win at -120 = +100/120, at +105 = +1.05,
    loss -1, push 0; null for non-picks and undecided ones.
    """
    if not has_market_columns(con):
        return {}
    rows = con.execute(
        f"""
        with graded as ({_graded_rows_sql(con)}),
        daily as (
            select system_id, game_date, sum(pick_profit_units) as units
            from graded
            where is_actionable and recommendation in ('OVER', 'UNDER') and pick_profit_units is not null
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


# --- measured against the market --------------------------------------------------------------

# Columns the grading adds for the market measures; a warehouse graded before they existed gets no
# market section rather than a binder error.
MARKET_COLUMNS = ("closing_line_absolute_error", "market_p_over_no_vig", "pick_profit_units",
                  "pick_price_american", "closing_line_value")
BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_SEED = 20250414  # fixed: the same rows always give the same interval
MIN_INTERVAL_DATES = 5  # with fewer game dates a date bootstrap cannot show the spread: no interval
LOG_LOSS_EPSILON = 1e-6  # clips p to [eps, 1 - eps] so one certain miss costs 13.8, not infinity

Interval = tuple[float, float]


def has_market_columns(con: duckdb.DuckDBPyConnection) -> bool:
    if not has_relation(con, "nba_predictions", "prediction_accuracy"):
        return False
    (n,) = con.execute(
        "select count(*) from information_schema.columns "
        "where table_schema = ? and table_name = ? and list_contains(?, column_name)",
        ["nba_predictions", "prediction_accuracy", list(MARKET_COLUMNS)],
    ).fetchone()
    return n == len(MARKET_COLUMNS)


def date_bootstrap_interval(sums: Sequence[float], counts: Sequence[float], *,
                            resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED,
                            min_dates: int = MIN_INTERVAL_DATES, level: float = 0.95) -> Interval | None:
    """Percentile interval of a row mean, resampling whole game dates with replacement.

    ``sums[i]`` and ``counts[i]`` are the per-date sum of the per-row value and the rows of date i;
    a resample's mean is sum of its dates' sums over sum of their counts (the pooled row mean), so
    1000 resamples are two fancy-indexed sums, not 1000 queries.
    """
    sums_arr = np.asarray(sums, dtype=float)
    counts_arr = np.asarray(counts, dtype=float)
    keep = counts_arr > 0
    sums_arr, counts_arr = sums_arr[keep], counts_arr[keep]
    if len(counts_arr) < min_dates:
        return None
    picks = np.random.default_rng(seed).integers(0, len(counts_arr), size=(resamples, len(counts_arr)))
    means = sums_arr[picks].sum(axis=1) / counts_arr[picks].sum(axis=1)
    low, high = np.quantile(means, [(1 - level) / 2, (1 + level) / 2])
    return float(low), float(high)


@dataclass(frozen=True)
class MarketSummary:
    """One system against the market on the same rows; differences are system minus market."""

    system_id: str
    # MAE against the closing line (the latest pre-tip line) on rows graded against both
    closing_rows: int
    mae_closing_rows: float | None
    closing_line_mae: float | None
    mae_minus_closing: float | None
    mae_minus_closing_ci: Interval | None
    # MAE against the line the prediction was made against
    line_rows: int
    mae_line_rows: float | None
    line_mae: float | None
    mae_minus_line: float | None
    mae_minus_line_ci: Interval | None
    # proper scores of p_over and of the no-vig market probability on decided OVER/UNDER rows with both
    scored_rows: int
    brier: float | None
    market_brier: float | None
    brier_diff_ci: Interval | None
    log_loss: float | None
    market_log_loss: float | None
    log_loss_diff_ci: Interval | None
    # 1 unit per actionable pick (decided or pushed) at the recorded price of the side taken
    picks: int
    picks_assumed_price: int  # picks with no recorded price, graded at -110
    roi: float | None
    roi_ci: Interval | None
    # closing-line value of the picks, in points (positive: the line moved the pick's way)
    clv_picks: int
    mean_clv: float | None
    mean_clv_ci: Interval | None
    clv_positive_share: float | None
    clv_zero_share: float | None


# per (system, game date) sums, in this order; the bootstrap works on these
_DAILY_COLUMNS = ("closing_rows", "closing_model_sum", "closing_line_sum", "line_rows", "line_model_sum",
                  "line_line_sum", "scored_rows", "brier_sum", "market_brier_sum", "log_loss_sum",
                  "market_log_loss_sum", "picks", "profit_sum", "picks_assumed_price", "clv_picks", "clv_sum",
                  "clv_positive", "clv_zero")


def _market_daily(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> dict[str, dict[str, np.ndarray]]:
    rows = con.execute(
        f"""
        with graded as ({_graded_rows_sql(con)}),
        scored as (
            select
                system_id, game_date, absolute_error, closing_line_absolute_error, line_absolute_error,
                p_over, market_p_over_no_vig as market_p,
                -- 1/0 only where both probabilities exist and the outcome is decided: the same rows for both
                case when p_over is not null and market_p_over_no_vig is not null
                          and actual_vs_line in ('OVER', 'UNDER')
                     then case when actual_vs_line = 'OVER' then 1.0 else 0.0 end end as went_over,
                case when is_actionable and recommendation in ('OVER', 'UNDER') then pick_profit_units end
                    as profit,
                pick_price_american,
                case when is_actionable and recommendation in ('OVER', 'UNDER') then closing_line_value end as clv
            from graded
        )
        select
            system_id, game_date,
            -- the system's and the line's errors on exactly the same rows
            count(*) filter (where absolute_error is not null and closing_line_absolute_error is not null),
            sum(absolute_error) filter (where absolute_error is not null and closing_line_absolute_error is not null),
            sum(closing_line_absolute_error)
                filter (where absolute_error is not null and closing_line_absolute_error is not null),
            count(*) filter (where absolute_error is not null and line_absolute_error is not null),
            sum(absolute_error) filter (where absolute_error is not null and line_absolute_error is not null),
            sum(line_absolute_error) filter (where absolute_error is not null and line_absolute_error is not null),
            count(went_over),
            sum(power(p_over - went_over, 2)),
            sum(power(market_p - went_over, 2)),
            -- filter, not a null case: greatest() skips nulls, so greatest(null, eps) would score -ln(eps)
            sum(-ln(greatest(case when went_over = 1 then p_over else 1 - p_over end, ?)))
                filter (where went_over is not null),
            sum(-ln(greatest(case when went_over = 1 then market_p else 1 - market_p end, ?)))
                filter (where went_over is not null),
            count(profit),
            sum(profit),
            count(profit) filter (where pick_price_american is null),
            count(clv),
            sum(clv),
            count(*) filter (where clv > 0),
            count(*) filter (where clv = 0)
        from scored
        group by system_id, game_date
        order by system_id, game_date
        """,
        [start, end, LOG_LOSS_EPSILON, LOG_LOSS_EPSILON],
    ).fetchall()
    grouped: dict[str, list[tuple]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row[2:])
    return {
        system_id: {name: np.array([r[i] or 0.0 for r in days], dtype=float) for i, name in enumerate(_DAILY_COLUMNS)}
        for system_id, days in grouped.items()
    }


def _mean(sums: np.ndarray, counts: np.ndarray) -> float | None:
    total = counts.sum()
    return float(sums.sum() / total) if total else None


def _summarise(system_id: str, d: dict[str, np.ndarray]) -> MarketSummary:
    closing_diff = d["closing_model_sum"] - d["closing_line_sum"]
    line_diff = d["line_model_sum"] - d["line_line_sum"]
    brier_diff = d["brier_sum"] - d["market_brier_sum"]
    log_loss_diff = d["log_loss_sum"] - d["market_log_loss_sum"]
    return MarketSummary(
        system_id=system_id,
        closing_rows=int(d["closing_rows"].sum()),
        mae_closing_rows=_mean(d["closing_model_sum"], d["closing_rows"]),
        closing_line_mae=_mean(d["closing_line_sum"], d["closing_rows"]),
        mae_minus_closing=_mean(closing_diff, d["closing_rows"]),
        mae_minus_closing_ci=date_bootstrap_interval(closing_diff, d["closing_rows"]),
        line_rows=int(d["line_rows"].sum()),
        mae_line_rows=_mean(d["line_model_sum"], d["line_rows"]),
        line_mae=_mean(d["line_line_sum"], d["line_rows"]),
        mae_minus_line=_mean(line_diff, d["line_rows"]),
        mae_minus_line_ci=date_bootstrap_interval(line_diff, d["line_rows"]),
        scored_rows=int(d["scored_rows"].sum()),
        brier=_mean(d["brier_sum"], d["scored_rows"]),
        market_brier=_mean(d["market_brier_sum"], d["scored_rows"]),
        brier_diff_ci=date_bootstrap_interval(brier_diff, d["scored_rows"]),
        log_loss=_mean(d["log_loss_sum"], d["scored_rows"]),
        market_log_loss=_mean(d["market_log_loss_sum"], d["scored_rows"]),
        log_loss_diff_ci=date_bootstrap_interval(log_loss_diff, d["scored_rows"]),
        picks=int(d["picks"].sum()),
        picks_assumed_price=int(d["picks_assumed_price"].sum()),
        roi=_mean(d["profit_sum"], d["picks"]),
        roi_ci=date_bootstrap_interval(d["profit_sum"], d["picks"]),
        clv_picks=int(d["clv_picks"].sum()),
        mean_clv=_mean(d["clv_sum"], d["clv_picks"]),
        mean_clv_ci=date_bootstrap_interval(d["clv_sum"], d["clv_picks"]),
        clv_positive_share=_mean(d["clv_positive"], d["clv_picks"]),
        clv_zero_share=_mean(d["clv_zero"], d["clv_picks"]),
    )


def market_summaries(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> list[MarketSummary]:
    """Each system against the market (see MarketSummary); [] on a warehouse without the market columns."""
    if not has_market_columns(con):
        return []
    return [_summarise(system_id, daily) for system_id, daily in _market_daily(con, start, end).items()]


def market_measures(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> list[dict]:
    """market_summaries as plain dicts (intervals as [low, high] lists) for JSON output such as `make bench`."""
    out = []
    for summary in market_summaries(con, start, end):
        row = asdict(summary)
        out.append({k: list(v) if isinstance(v, tuple) else v for k, v in row.items()})
    return out


# --- the verdict, in words driven by the numbers ---------------------------------------------------

@dataclass(frozen=True)
class _Measure:
    name: str  # how the verdict names the comparison
    value: Callable[[MarketSummary], float | None]
    interval: Callable[[MarketSummary], Interval | None]
    count: Callable[[MarketSummary], int]
    count_noun: str
    lower_is_better: bool
    number: Callable[[float], str]  # signed value without its unit
    unit: str  # " points", " %" or ""
    statistic: str  # what the value is, e.g. "MAE minus the closing line's"
    beaten: str  # "{system}" and "{amount}" (unsigned) filled in when a system beats the market
    not_beaten: str  # what holds for every system when none beats the market
    no_rows: str

    def fmt(self, value: float) -> str:
        return self.number(value) + self.unit


def _points(x: float) -> str:
    return f"{x:+.2f}"


def _score(x: float) -> str:
    return f"{x:+.4f}"


def _percent(x: float) -> str:
    return f"{100 * x:+.1f}"


def brier_difference(m: MarketSummary) -> float | None:
    return None if m.brier is None or m.market_brier is None else m.brier - m.market_brier


def log_loss_difference(m: MarketSummary) -> float | None:
    return None if m.log_loss is None or m.market_log_loss is None else m.log_loss - m.market_log_loss


VERDICT_MEASURES = (
    _Measure(name="MAE vs the closing line", value=lambda m: m.mae_minus_closing,
             interval=lambda m: m.mae_minus_closing_ci, count=lambda m: m.closing_rows, count_noun="rows",
             lower_is_better=True, number=_points, unit=" points", statistic="MAE minus the closing line's",
             beaten="{system}'s MAE is {amount} below the closing line's",
             not_beaten="every system's MAE minus the closing line's has a 95 % interval that is not entirely "
                        "below zero",
             no_rows="no graded rows with a closing line"),
    _Measure(name="Brier score vs the no-vig market probability", value=brier_difference,
             interval=lambda m: m.brier_diff_ci, count=lambda m: m.scored_rows, count_noun="rows",
             lower_is_better=True, number=_score, unit="", statistic="Brier score minus the market's",
             beaten="{system}'s Brier score is {amount} below the market's",
             not_beaten="every system's Brier score minus the market's has a 95 % interval that is not entirely "
                        "below zero",
             no_rows="no decided rows with both p_over and a market price"),
    _Measure(name="ROI at the recorded prices", value=lambda m: m.roi, interval=lambda m: m.roi_ci,
             count=lambda m: m.picks, count_noun="picks", lower_is_better=False, number=_percent, unit=" %",
             statistic="ROI", beaten="{system} returns {amount} per unit staked",
             not_beaten="every system's ROI at the recorded prices has a 95 % interval that is not entirely "
                        "above zero",
             no_rows="no decided picks"),
    _Measure(name="closing-line value", value=lambda m: m.mean_clv, interval=lambda m: m.mean_clv_ci,
             count=lambda m: m.clv_picks, count_noun="picks", lower_is_better=False, number=_points,
             unit=" points", statistic="mean CLV",
             beaten="{system}'s picks beat the closing line by {amount} on average",
             not_beaten="every system's mean closing-line value has a 95 % interval that is not entirely "
                        "above zero",
             no_rows="no picks with a closing line"),
)


def beats_market(measure: _Measure, summary: MarketSummary) -> bool:
    """Better than the market only when the whole 95 % interval is on the better side of zero."""
    ci = measure.interval(summary)
    if ci is None:
        return False
    return ci[1] < 0 if measure.lower_is_better else ci[0] > 0


def _evidence(measure: _Measure, summary: MarketSummary) -> str:
    value = measure.value(summary)
    ci = measure.interval(summary)
    interval = (f"95 % CI {measure.number(ci[0])} to {measure.number(ci[1])}{measure.unit}" if ci is not None
                else f"no interval: fewer than {MIN_INTERVAL_DATES} game dates")
    return f"{measure.statistic} {measure.fmt(value)}, {interval}, {measure.count(summary):,} {measure.count_noun}"


def _measure_line(measure: _Measure, summaries: Sequence[MarketSummary]) -> tuple[str, list[str]]:
    """One verdict line for a measure, and the systems that beat the market on it."""
    present = [s for s in summaries if measure.count(s) and measure.value(s) is not None]
    if not present:
        return f"{measure.name}: {measure.no_rows}.", []
    winners = [s for s in present if beats_market(measure, s)]
    if winners:
        parts = [measure.beaten.format(system=s.system_id, amount=measure.fmt(measure.value(s)).lstrip("+-"))
                 + f" ({_evidence(measure, s)})" for s in winners]
        return f"{measure.name}: " + "; ".join(parts) + ".", [s.system_id for s in winners]
    sign = 1 if measure.lower_is_better else -1
    closest = min(present, key=lambda s: sign * measure.value(s))
    return (f"{measure.name}: {measure.not_beaten} (closest: {closest.system_id}, "
            f"{_evidence(measure, closest)}).", [])


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def market_verdict(summaries: Sequence[MarketSummary]) -> list[str]:
    """A headline and one line per measure saying whether any system beats the market, with the numbers."""
    if not any(measure.count(s) for measure in VERDICT_MEASURES for s in summaries):
        return ["No comparison with the market on these games: the graded rows carry no closing lines, "
                "market prices or picks."]
    lines: list[str] = []
    won: dict[str, list[str]] = {}
    for measure in VERDICT_MEASURES:
        line, winners = _measure_line(measure, summaries)
        lines.append(line)
        for system_id in winners:
            won.setdefault(system_id, []).append(measure.name)
    if not won:
        return ["No system beats the market on these games:"] + lines
    headline = "; ".join(f"{system_id} beats the market on {_and(names)}" for system_id, names in won.items())
    # one-sided: each comparison clears zero by chance 2.5 % of the time; with many tried, some will
    tried = sum(1 for measure in VERDICT_MEASURES for s in summaries if measure.interval(s) is not None)
    wins = sum(len(names) for names in won.values())
    caveat = (f"{wins} of {tried} comparisons (systems x measures) clear zero at 95 %; about {0.025 * tried:.1f} "
              "would by chance alone, so a lone win is a lead to test on more games, not yet an edge.")
    return [f"On these games {headline}:"] + lines + [caveat]
