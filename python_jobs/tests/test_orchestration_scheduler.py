"""Scheduler jobs as code, offline: the file -> Job protos (snapshot), plan as a pure diff, and
plan / apply through the real REST transport against a local fake Cloud Scheduler."""

from __future__ import annotations

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest
from google.cloud import scheduler_v1

from python_jobs import cli
from python_jobs.orchestration import scheduler as sched

SNAPSHOT = Path(__file__).parent / "snapshots" / "orchestration_scheduler_jobs.json"
DEPLOY = sched.Deployment("nba-proj", "us-east1", "scheduler@nba-proj.iam.gserviceaccount.com", "nba-props",
                          "https://jobs.example.test/run")


class FakeScheduler(BaseHTTPRequestHandler):
    jobs: dict[str, dict] = {}
    calls: list[tuple[str, str]] = []

    def _send(self, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> dict:
        return json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")

    def do_GET(self) -> None:  # list_jobs
        self.calls.append(("GET", urlparse(self.path).path))
        self._send({"jobs": list(self.jobs.values())})

    def do_POST(self) -> None:  # create_job
        self.calls.append(("POST", urlparse(self.path).path))
        job = self._body()
        job["state"] = "ENABLED"  # a server-set field plan must ignore
        self.jobs[job["name"]] = job
        self._send(job)

    def do_PATCH(self) -> None:  # update_job
        self.calls.append(("PATCH", urlparse(self.path).path))
        job = self._body()
        self.jobs[job["name"]] = {**job, "state": "ENABLED"}
        self._send(self.jobs[job["name"]])

    def do_DELETE(self) -> None:  # delete_job
        path = urlparse(self.path).path
        self.calls.append(("DELETE", path))
        self.jobs.pop(path.removeprefix("/v1/"), None)
        self._send({})

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def fake_endpoint():
    FakeScheduler.jobs, FakeScheduler.calls = {}, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeScheduler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _desired() -> list[scheduler_v1.Job]:
    return [sched.to_proto(j, DEPLOY) for j in sched.load_schedule().jobs]


def test_schedule_file_holds_the_production_jobs() -> None:
    jobs = {j.name: j for j in sched.load_schedule().jobs}
    same_day = jobs["nba-props-same-day-phase3"]
    assert (same_day.schedule, same_day.time_zone) == ("30 10 * * *", "America/New_York")
    assert same_day.args[:3] == ("run", "--date", "TODAY")
    for name in ("same-day-phase4", "same-day-predictions", "overnight-analytics", "tomorrow-phase3",
                 "tomorrow-predictions", "grading", "monitoring-post-overnight", "retry"):
        assert f"nba-props-{name}" in jobs
    # every payload is a valid command line for this CLI
    parser = cli.build_parser()
    for j in jobs.values():
        parser.parse_args(list(j.args))


def test_generated_jobs_match_snapshot() -> None:
    got = [json.loads(scheduler_v1.Job.to_json(j)) for j in _desired()]
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(json.dumps(got, indent=2, sort_keys=True) + "\n")
    assert got == json.loads(SNAPSHOT.read_text()), "regenerate with UPDATE_SNAPSHOTS=1 after a deliberate change"
    run_job = got[0]["httpTarget"]
    assert run_job["uri"] == "https://run.googleapis.com/v2/projects/nba-proj/locations/us-east1/jobs/nba-props:run"
    assert run_job["oauthToken"]["serviceAccountEmail"] == DEPLOY.service_account


def test_http_target_payload() -> None:
    spec = sched.JobSpec("nba-props-x", "", "0 6 * * *", "America/New_York", "http", ("retry",), 600, 0)
    job = sched.to_proto(spec, DEPLOY)
    assert job.http_target.uri == DEPLOY.http_uri and json.loads(job.http_target.body) == {"args": ["retry"]}
    assert job.http_target.oidc_token.audience == DEPLOY.http_uri


def test_plan_is_a_pure_diff() -> None:
    desired = _desired()
    changed = scheduler_v1.Job(desired[1])
    changed.schedule = "0 9 * * *"
    foreign = scheduler_v1.Job(name=f"{DEPLOY.parent}/jobs/someone-elses-job", schedule="0 1 * * *")
    stale = scheduler_v1.Job(name=f"{DEPLOY.parent}/jobs/nba-props-old-job", schedule="0 1 * * *")
    p = sched.plan(desired, [desired[0], changed, stale, foreign], "nba-props-")
    assert [j.name for j in p.update] == [desired[1].name]
    assert p.delete == (stale.name,)
    assert len(p.create) == len(desired) - 2 and p.unchanged == (desired[0].name,)
    assert sched.plan(desired, desired, "nba-props-").empty


def test_plan_and_apply_against_fake_endpoint(fake_endpoint: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["scheduler", "plan", "--project", DEPLOY.project, "--location", DEPLOY.location,
            "--service-account", DEPLOY.service_account, "--endpoint", fake_endpoint]
    n = len(sched.load_schedule().jobs)
    assert cli.main(args) == 0
    assert f"{n} to create, 0 to update, 0 to delete" in capsys.readouterr().out
    assert FakeScheduler.jobs == {}  # plan changes nothing
    FakeScheduler.jobs[f"{DEPLOY.parent}/jobs/nba-props-retired"] = {
        "name": f"{DEPLOY.parent}/jobs/nba-props-retired", "schedule": "0 1 * * *"}
    assert cli.main(["scheduler", "apply", *args[2:]]) == 0
    assert sorted(FakeScheduler.jobs) == sorted(j.name for j in _desired())
    assert ("DELETE", f"/v1/{DEPLOY.parent}/jobs/nba-props-retired") in FakeScheduler.calls
    stored = FakeScheduler.jobs[f"{DEPLOY.parent}/jobs/nba-props-same-day-phase3"]
    assert stored["schedule"] == "30 10 * * *" and stored["timeZone"] == "America/New_York"
    capsys.readouterr()
    assert cli.main(args) == 0  # after apply: nothing left to do, server-set fields ignored
    assert f"0 to create, 0 to update, 0 to delete, {n} unchanged" in capsys.readouterr().out


def test_run_local_runs_the_payload(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []
    real_main = cli.main
    monkeypatch.setattr(cli, "main", lambda argv: seen.append(argv) or 0)
    assert real_main(["scheduler", "run-local", "same-day-phase3"]) == 0
    assert seen == [["run", "--date", "TODAY", "--mode", "same-day", "--phases", "3", "--trigger-source", "scheduled"]]
    assert real_main(["scheduler", "run-local", "no-such-job"]) == 2
