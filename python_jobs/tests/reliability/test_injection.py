"""Injection: hostile strings fed through every CLI and loader input that reaches SQL.

Each case compares the warehouse before and after (every table and its row count): inputs that must
be refused change nothing; inputs that are data land verbatim as exactly the intended rows. The event
log and retry queue messages are covered by test_orchestration_event_log.py
(test_hostile_strings_round_trip_unchanged) and test_orchestration_retry_queue.py
(test_hostile_messages_round_trip_and_are_capped); their ids and dates arrive through the `run`
arguments tested here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from python_jobs.tests.reliability.conftest import ReferenceRun
from python_jobs.tests.reliability.corpus import INJURY, write_csv
from python_jobs.tests.reliability.support import (
    AS_OF, RUN_DATE, copy_db, database_snapshot, explain, nba_props,
)

pytestmark = pytest.mark.reliability

DROP = "'; drop table nba_raw.nbac_schedule; --"
HOSTILE = (
    DROP,
    "it's \"quoted\"",
    "back\\slash \\' \\\"",
    "new\nline\r\nand tab\t",
    "ünïcödé Jokić 🏀 ＡＢＣ",
    "%s ? $1 :name {0} ${x}",
    "\"); drop schema nba_raw cascade; --",
)
# Characters a file name may hold (no '/', no NUL); the same attacks as HOSTILE.
HOSTILE_FILE_PARTS = (DROP, "it's \"quoted\"", "back\\slash", "new\nline", "ünïcödé 🏀", "glob[x]*?{a,b}")


def _changes(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int | None, int | None]]:
    return {t: (before.get(t), after.get(t)) for t in sorted(set(before) | set(after)) if before.get(t) != after.get(t)}


def _injury_row(name: str) -> dict[str, object]:
    return dict(report_date=dt.date(2025, 10, 29), report_hour=17, game_date=dt.date(2025, 10, 29), game_id=name,
                team="LAL", player_name_original=name, player_lookup=name, injury_status=name, reason=name,
                reason_category=name, processed_at=dt.datetime(2025, 10, 29, 21, 0))


def test_loader_file_names_and_values_load_verbatim(league: Path, tmp_path: Path) -> None:
    db = copy_db(league, tmp_path / "w.duckdb")
    folder = tmp_path / "it's \"a\" [dir] \\ ünï"  # glob characters and quotes in the directory too
    folder.mkdir()
    values_file = write_csv(folder / f"{INJURY}.values.csv", INJURY, [_injury_row(h) for h in HOSTILE])
    named = [write_csv(folder / f"{INJURY}.{part}.csv", INJURY, [_injury_row(f"file {i}")])
             for i, part in enumerate(HOSTILE_FILE_PARTS)]
    refused = folder / f"{DROP}.csv"  # names no raw table: refused, but recorded verbatim
    write_csv(refused, INJURY, [_injury_row("refused")])
    # a hostile extra column: ignored, never used as an identifier
    header = folder / f"{INJURY}.header.csv"
    write_csv(header, INJURY, [{**_injury_row("header"), DROP: DROP}], [*_injury_row("x"), DROP])
    before = database_snapshot(db)

    proc = nba_props(["load", str(folder), "--db", str(db)], tmp_path)
    assert proc.returncode == 2, explain(proc)  # one file refused
    after = database_snapshot(db)
    loaded_rows = len(HOSTILE) + len(named) + 1
    expected = {f"nba_raw.{INJURY}": (before[f"nba_raw.{INJURY}"], before[f"nba_raw.{INJURY}"] + loaded_rows)}
    history_before = before.get("nba_orchestration.raw_load_history")
    expected["nba_orchestration.raw_load_history"] = (history_before, (history_before or 0) + len(named) + 3)
    assert _changes(before, after) == expected

    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(f"select player_name_original, player_lookup, injury_status, reason, reason_category, game_id "
                           f"from nba_raw.{INJURY} where processed_at = ?", [dt.datetime(2025, 10, 29, 21, 0)]).fetchall()
        history = dict(con.execute("select file_name, status from nba_orchestration.raw_load_history").fetchall())
    finally:
        con.close()
    assert Counter(r[0] for r in rows) == Counter([*HOSTILE, *(f"file {i}" for i in range(len(named))), "header"])
    for row in rows:
        assert len(set(row)) == 1, f"a value changed on its way in: {row}"
    assert history == {values_file.name: "loaded", header.name: "loaded", refused.name: "refused",
                       **{p.name: "loaded" for p in named}}


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("verb", ["run --date", "run --as-of", "status --date", "backfill --start",
                                  "predict --date", "predict --systems"])
def test_hostile_cli_arguments_are_refused_and_change_nothing(verb: str, hostile: str, league: Path,
                                                              tmp_path: Path) -> None:
    db = copy_db(league, tmp_path / "w.duckdb")
    before = database_snapshot(db)
    args = {
        "run --date": ["run", "--date", hostile, "--phases", "3", "--as-of", AS_OF],
        "run --as-of": ["run", "--date", RUN_DATE, "--phases", "3", "--as-of", hostile],
        "status --date": ["status", "--date", hostile, "--as-of", AS_OF],
        "backfill --start": ["backfill", "--start", hostile, "--end", RUN_DATE, "--phases", "3"],
        "predict --date": ["predict", "--date", hostile],
        "predict --systems": ["predict", "--date", RUN_DATE, "--systems", hostile],
    }[verb]
    proc = nba_props([*args, "--db", str(db)], tmp_path)
    assert proc.returncode in (1, 2), explain(proc)
    assert "Traceback" not in proc.stderr, explain(proc)
    assert any(word in proc.stderr for word in ("invalid", "unknown", "expected", "Invalid")), explain(proc)
    assert database_snapshot(db) == before


HOSTILE_ID = "run'); drop table nba_predictions.ml_feature_store; -- \\ \n ünï 🏀"


def test_hostile_run_and_correlation_ids_are_stored_verbatim(reference_run: ReferenceRun, tmp_path: Path) -> None:
    """`run --correlation-id` and `predict --run-id` reach INSERTs: they land as data, nothing else moves."""
    db = copy_db(reference_run.db, tmp_path / "w.duckdb")
    before = database_snapshot(db)

    run = nba_props(["run", "--date", RUN_DATE, "--phases", "4", "--as-of", AS_OF, "--correlation-id", HOSTILE_ID,
                     "--db", str(db)], tmp_path)
    assert run.returncode == 0, explain(run)
    predict = nba_props(["predict", "--date", RUN_DATE, "--systems", "moving_average", "--run-id", HOSTILE_ID,
                         "--db", str(db)], tmp_path)
    assert predict.returncode == 0, explain(predict)

    after = database_snapshot(db)
    # Intended: the run's logs, the predictions and the model the prediction job registers. dbt's
    # leftover '__dbt_tmp' tables are test_idempotency.py::test_rerun_leaves_no_tables_behind's concern.
    intended = {"nba_predictions.prediction_landing", "nba_predictions.model_registry", "nba_predictions.prediction_skips"}
    changed = {t for t in _changes(before, after)
               if not t.startswith("nba_orchestration.") and t not in intended and "__dbt_tmp" not in t}
    assert not changed, f"tables changed that the run and predict should not touch: {_changes(before, after)}"
    con = duckdb.connect(str(db), read_only=True)
    try:
        phase_rows = con.execute("select correlation_id from nba_orchestration.phase_execution_log where phase = '4' "
                                 "order by started_at desc limit 1").fetchone()
        landing = con.execute("select run_id, count(*) from nba_predictions.prediction_landing group by 1").fetchall()
    finally:
        con.close()
    assert phase_rows == (HOSTILE_ID,)
    assert len(landing) == 1 and landing[0][0] == HOSTILE_ID and landing[0][1] > 0, landing
