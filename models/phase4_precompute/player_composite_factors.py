"""player_composite_factors: four composite adjustments per (game_date, player_lookup).

A dbt Python model. The rules (versioned branching logic) sit in the pure function
`compute_composite_factors(frame)`, written in the pandas subset that bigframes implements
(column arithmetic, comparisons, `where`, `fillna`, `astype` via _as), so the same file runs on
dbt-duckdb (pandas) and on BigQuery with `submission_method='bigframes'`. Every input is computed
point in time, in SQL, by int_composite_factor_inputs; this model only applies the rules.

Fixes against production (domain.md fix 11): the fatigue adjustment lowers the prediction when the
player is tired (score low), never when fresh; a 'balanced' scorer's mismatch is the rate-weighted
mix of the three zones; pace is the expected game pace ((team + opponent)/2) minus the league
average; projected usage is real (recent usage plus the out teammates' usage redistributed by
minutes). Missing inputs give NULL factors, never defaults that look like data.
"""

CALCULATION_VERSION = "v2_4factors_pit"

OUTPUT_COLUMNS = [
    "game_date",
    "player_lookup",
    "game_id",
    "team_abbr",
    "opponent_team_abbr",
    "fatigue_score",
    "shot_zone_mismatch_score",
    "expected_game_pace",
    "pace_score",
    "projected_usage_rate",
    "usage_spike_score",
    "fatigue_adjustment",
    "shot_zone_adjustment",
    "pace_adjustment",
    "usage_spike_adjustment",
    "total_composite_adjustment",
    "factors_available",
    "calculation_version",
    "early_season_flag",
    "latest_input_game_date",
]


# bigframes only takes its nullable dtype names; pandas keeps numpy dtypes (DuckDB results unchanged)
_BIGFRAMES_DTYPES = {"bool": "boolean", "int64": "Int64", "float64": "Float64"}


def _as(series, dtype):
    """series.astype(dtype) on pandas and on bigframes (where 'bool' is spelled 'boolean', ...)."""
    if type(series).__module__.startswith("bigframes"):
        dtype = _BIGFRAMES_DTYPES[dtype]
    return series.astype(dtype)


def _clip(series, lower=None, upper=None):
    """series.clip(lower, upper) with NULL kept, spelled with where(): bigframes' local polars engine
    (the CI's bigframes check) has no clip. `(x < lower).fillna(False)` is false for NULL on pandas
    and on bigframes alike, so NULL is kept; each bound reads the series twice, not more, because
    bigframes inlines every reference when it compiles."""
    if lower is not None:
        series = series.where(~(series < lower).fillna(False), lower)
    if upper is not None:
        series = series.where(~(series > upper).fillna(False), upper)
    return series


# 1.5 * 2**52: adding and subtracting it rounds a float64 to an integer, ties to even (IEEE 754)
_ROUND_MAGIC = 6755399441055744.0


def _round(series, decimals):
    """series.round(decimals) as numpy does it (scale, round half to even, unscale), with plain
    arithmetic: bigframes' local polars engine (the CI's bigframes check) has no round, and
    BigQuery's ROUND rounds ties away from zero. Exact for |series| * 10**decimals < 2**51 (the
    factors are at most a few hundred); NULL stays NULL. Same numbers as pandas' round."""
    scale = 10.0**decimals
    return ((series * scale + _ROUND_MAGIC) - _ROUND_MAGIC) / scale


def _flag(series):
    """A boolean column with NULL read as false (for penalty conditions only)."""
    return _as(series.fillna(False), "bool")


def _points(condition, points):
    """`points` where the condition holds, else 0 (NULL comparisons are false)."""
    return _as(_flag(condition), "int64") * points


def compute_composite_factors(frame):
    """Apply the composite-factor rules to one frame of int_composite_factor_inputs rows.

    Returns a new frame with OUTPUT_COLUMNS. Pure: no I/O, no clock, no randomness.
    """
    out = frame[["game_date", "player_lookup", "game_id", "team_abbr", "opponent_team_abbr"]].copy()

    # --- fatigue: 0-100, 100 = fresh; NULL without the context's fatigue counts ---------------
    back_to_back = _flag(frame["back_to_back"])
    fatigue = _as(_clip(
        100
        - _points(back_to_back, 15)
        + _points((~back_to_back) & (frame["days_rest"] >= 3), 5)
        - _points(frame["games_in_last_7_days"] >= 4, 10)
        - _points(frame["minutes_in_last_7_days"] > 240, 10)
        - _points(frame["avg_minutes_per_game_last_7"] > 35, 8)
        - _points(frame["back_to_backs_last_14_days"] >= 2, 12)
        - _points(frame["back_to_backs_last_14_days"] == 1, 5)
        , lower=0, upper=100), "float64")
    fatigue = fatigue.where(frame["games_in_last_7_days"].notna())
    out["fatigue_score"] = fatigue
    # tired (low score) lowers the prediction; fresh (100) changes nothing: range [-5, 0]
    out["fatigue_adjustment"] = (fatigue - 100.0) / 20.0

    # --- shot-zone mismatch: opponent defence vs league (pct points, + = weak defence) ---------
    zone = frame["primary_scoring_zone"]
    paint_rate = _as(frame["paint_rate_last_10"], "float64")
    mid_rate = _as(frame["mid_range_rate_last_10"], "float64")
    three_rate = _as(frame["three_pt_rate_last_10"], "float64")
    paint_def = _as(frame["opp_paint_defense_vs_league_avg"], "float64")
    mid_def = _as(frame["opp_mid_range_defense_vs_league_avg"], "float64")
    three_def = _as(frame["opp_three_pt_defense_vs_league_avg"], "float64")
    # a specialist: that zone's defence, weighted by how much of his diet it is (full at >= 50%)
    paint_x = paint_def * _clip(paint_rate * 2.0, upper=1.0)
    mid_x = mid_def * _clip(mid_rate * 2.0, upper=1.0)
    three_x = three_def * _clip(three_rate * 2.0, upper=1.0)
    # a balanced scorer: the rate-weighted mix of the three zones
    balanced_x = paint_rate * paint_def + mid_rate * mid_def + three_rate * three_def
    mismatch = balanced_x.where(zone == "balanced")
    mismatch = three_x.where(zone.isin(["three", "perimeter"]), mismatch)
    mismatch = mid_x.where(zone == "mid_range", mismatch)
    mismatch = paint_x.where(zone == "paint", mismatch)
    mismatch = (mismatch * 1.2).where(mismatch.abs() > 5, mismatch)
    mismatch = _clip(mismatch, lower=-10, upper=10)
    out["shot_zone_mismatch_score"] = mismatch
    out["shot_zone_adjustment"] = mismatch

    # --- pace: expected game pace minus the league average ------------------------------------
    expected_pace = (
        _as(frame["team_pace_last_10"], "float64") + _as(frame["opponent_pace_last_10"], "float64")
    ) / 2.0
    pace = _clip((expected_pace - _as(frame["league_avg_pace"], "float64")) / 2.0, lower=-3, upper=3)
    out["expected_game_pace"] = expected_pace
    out["pace_score"] = pace
    out["pace_adjustment"] = pace

    # --- usage spike: projected usage = recent + out teammates' usage shared by minutes --------
    recent = _as(frame["usage_rate_last_10"], "float64")
    minutes = _as(frame["minutes_avg_last_10"], "float64")
    freed = _as(frame["teammates_out_usage_weighted"], "float64")
    available = _as(frame["team_available_minutes"], "float64")
    share = (freed * minutes / available).where(available > 0)
    # nobody out: nothing to redistribute (a real zero, not a default)
    share = share.where(frame["teammates_out"] > 0, 0.0)
    projected = (recent + share).where(_flag(frame["injury_report_available"]))
    projected = projected.where(recent.notna())
    spike = _clip(0.3 * (projected - recent), lower=-3, upper=3)
    stars_out = frame["star_teammates_out"].fillna(0)
    spike = (spike * 1.30).where((spike > 0) & (stars_out >= 2), spike)
    spike = (spike * 1.15).where((spike > 0) & (stars_out == 1), spike)
    spike = spike.where(recent != 0, 0.0).where(projected.notna())
    out["projected_usage_rate"] = projected
    out["usage_spike_score"] = spike
    out["usage_spike_adjustment"] = spike

    # round each factor first, and add the rounded values: the total is then the same whatever
    # the last bits of the inputs were (floating sums in SQL depend on row order)
    rounded = [
        "fatigue_score",
        "shot_zone_mismatch_score",
        "expected_game_pace",
        "pace_score",
        "projected_usage_rate",
        "usage_spike_score",
        "fatigue_adjustment",
        "shot_zone_adjustment",
        "pace_adjustment",
        "usage_spike_adjustment",
    ]
    for column in rounded:
        out[column] = _round(out[column], 3)

    # --- total: the sum of the factors that could be computed, and how many there are ---------
    adjustments = ["fatigue_adjustment", "shot_zone_adjustment", "pace_adjustment", "usage_spike_adjustment"]
    available_count = _as(out[adjustments[0]].notna(), "int64")
    total = out[adjustments[0]].fillna(0.0)
    for column in adjustments[1:]:
        available_count = available_count + _as(out[column].notna(), "int64")
        total = total + out[column].fillna(0.0)
    out["factors_available"] = available_count
    out["total_composite_adjustment"] = _round(total.where(available_count > 0), 3)

    out["calculation_version"] = CALCULATION_VERSION
    out["early_season_flag"] = frame["early_season_flag"]
    out["latest_input_game_date"] = frame["latest_input_game_date"]
    return out[OUTPUT_COLUMNS]


# ----------------------------------------------------------------------------------------------
# dbt glue
# ----------------------------------------------------------------------------------------------


def _engine(obj):
    try:
        import duckdb

        if isinstance(obj, duckdb.DuckDBPyRelation):
            return "duckdb"
    except ImportError:
        pass
    module = type(obj).__module__
    if module.startswith("bigframes"):
        return "bigframes"
    if module.startswith("pyspark"):
        return "spark"
    return "pandas"


def _var(meta, key):
    """A var rendered into config.meta (dates come as 'date:YYYY-MM-DD', see the YAML)."""
    value = meta.get(key)
    value = "" if value is None else str(value).strip()
    if value.startswith("date:"):
        value = value[len("date:"):]
    if value in ("", "None", "none", "null"):
        return None
    return value[:10]


def _scalar(session, engine, sql):
    if engine == "duckdb":
        row = session.execute(sql).fetchone()
        return row[0] if row else None
    frame = session.read_gbq(sql).to_pandas()  # bigframes session
    return frame.iloc[0, 0] if len(frame) else None


def _window(dbt, session, engine, meta):
    """(start, end) ISO dates of the rows to write, as incremental_predicate() would compute."""
    import datetime

    start, end = _var(meta, "backfill_start"), _var(meta, "backfill_end")
    if start is None:
        if not dbt.is_incremental:
            return None, end
        newest = _scalar(session, engine, f"select max(game_date) from {dbt.this}")
        if newest is None:
            return None, end
        if isinstance(newest, str):
            newest = datetime.date.fromisoformat(newest[:10])
        if isinstance(newest, datetime.datetime):
            newest = newest.date()
        lookback = int(_var(meta, "lookback_days") or 3)
        start = (newest - datetime.timedelta(days=lookback)).isoformat()
    return start, end


def model(dbt, session):
    # materialized: incremental on DuckDB (delete+insert by game_date), table on BigQuery, where
    # Python incremental models only merge, and a merge on game_date cannot replace a date's rows
    # (set in the YAML, by target)
    dbt.config(
        unique_key="game_date",
        submission_method="bigframes",
    )
    meta = dbt.config.get("meta") or {}
    relation = dbt.ref("int_composite_factor_inputs")
    engine = _engine(relation)
    start, end = _window(dbt, session, engine, meta)

    if engine == "duckdb":
        # filter in DuckDB before materialising, so a daily run reads only its window
        conditions = []
        if start:
            conditions.append(f"game_date >= date '{start}'")
        if end:
            conditions.append(f"game_date <= date '{end}'")
        if conditions:
            relation = relation.filter(" and ".join(conditions))
        frame = relation.order("game_date, player_lookup").df()
    elif engine == "spark":
        frame = relation.toPandas()
    else:
        frame = relation  # bigframes (lazy) or pandas
    if engine != "duckdb":
        import pandas as pd

        if start:
            frame = frame[frame["game_date"] >= pd.Timestamp(start).date()]
        if end:
            frame = frame[frame["game_date"] <= pd.Timestamp(end).date()]

    out = compute_composite_factors(frame)

    if engine == "duckdb":
        # pandas turns DATE into datetime64: cast back so the table keeps DATE columns
        return session.from_df(out).project(
            ", ".join(
                f"cast({column} as date) as {column}"
                if column in ("game_date", "latest_input_game_date")
                else column
                for column in OUTPUT_COLUMNS
            )
        )
    return out
