"""The gbm feature-group ablation on the synthetic league (predictions_fixtures)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import duckdb
import pytest

from python_jobs.evaluation import ablation
from python_jobs.predictions import features as fs
from python_jobs.tests.predictions_fixtures import START, write_league


@pytest.fixture(scope="module")
def league(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    db = tmp_path_factory.mktemp("ablation") / "league.duckdb"
    write_league(db, players=30, days=60)
    con = duckdb.connect(str(db))
    # the closing line the bench compares with, and the catalog's groups
    con.execute(f"alter table {fs.PLAYER_GAMES} add column points_line double")
    con.execute(f"""update {fs.PLAYER_GAMES} as g set points_line = f.vegas_points_line
                    from {fs.FEATURE_STORE} as f where f.game_id = g.game_id and f.player_lookup = g.player_lookup""")
    with fs.CATALOG_CSV.open(newline="") as handle:
        catalog = [(int(r["feature_index"]), r["feature_name"], r["feature_group"], r["feature_version"])
                   for r in csv.DictReader(handle)]
    con.execute("create schema if not exists nba_reference")
    con.execute(f"create table {fs.CATALOG_TABLE} (feature_index int, feature_name varchar, "
                "feature_group varchar, feature_version varchar)")
    con.executemany(f"insert into {fs.CATALOG_TABLE} values (?, ?, ?, ?)", catalog)
    yield con
    con.close()


def test_every_group_is_removed_once_and_scored_on_the_same_rows(league: duckdb.DuckDBPyConnection) -> None:
    start, end = START + dt.timedelta(days=40), START + dt.timedelta(days=59)
    result = ablation.run(league, start, end, retrain_every_days=10, log=lambda _: None)
    groups = list(ablation.feature_groups(league))
    assert [r.removed for r in result.rows] == [ablation.ALL, *groups]
    full = result.rows[0]
    assert full.features == len(fs.feature_list(league).names) and full.rows > 300
    assert {r.rows for r in result.rows} == {full.rows}
    assert {r.line_mae for r in result.rows} == {full.line_mae}
    # the hidden level is learned from the rolling averages: without them the model is clearly worse
    recent = next(r for r in result.rows if r.removed == "recent_form")
    assert recent.mae > full.mae + 0.3
    # no market features in this league: no anchor, the model alone, weight 1 at each of 2 trainings
    assert full.market_weights == (1.0, 1.0) and full.mae == full.model_alone_mae
    assert result.fair_line_mae is None
    assert result.error_correlation_with_line is not None and 0 < result.error_correlation_with_line < 1


def test_the_anchor_is_used_and_removed_with_the_market_group(league: duckdb.DuckDBPyConnection) -> None:
    league.execute(f"update {fs.FEATURE_STORE} set market_fair_line = vegas_points_line")
    try:
        start, end = START + dt.timedelta(days=40), START + dt.timedelta(days=49)
        result = ablation.run(league, start, end, retrain_every_days=10, log=lambda _: None,
                              only=(ablation.ALL, "market"))
        assert [r.removed for r in result.rows] == [ablation.ALL, "market"]
        full = next(r for r in result.rows if r.removed == ablation.ALL)
        no_market = next(r for r in result.rows if r.removed == "market")
        assert full.market_weights[0] < 1.0 and full.mae != full.model_alone_mae
        assert no_market.market_weights == (1.0,) and no_market.mae == no_market.model_alone_mae
        assert result.fair_line_mae == pytest.approx(full.line_mae, abs=0.5)
    finally:
        league.execute(f"update {fs.FEATURE_STORE} set market_fair_line = null")
