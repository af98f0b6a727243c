"""Cloud Scheduler jobs as code: schedule.toml -> scheduler_v1.Job, a pure plan, and apply.

`plan(desired, existing)` is a pure diff by job name comparing Job JSON without the fields the server
sets; `apply` performs it with a CloudSchedulerClient (tests point the REST transport at a local fake).
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from google.cloud import scheduler_v1
from google.protobuf import duration_pb2

SCHEDULE_PATH = Path(__file__).with_name("schedule.toml")
TARGETS = ("cloud_run_job", "http")
# set by the server; never part of a diff
SERVER_FIELDS = ("state", "userUpdateTime", "scheduleTime", "lastAttemptTime", "status")


@dataclass(frozen=True)
class JobSpec:
    name: str  # job id
    description: str
    schedule: str
    time_zone: str
    target: str
    args: tuple[str, ...]
    attempt_deadline_seconds: int
    retry_count: int


@dataclass(frozen=True)
class Schedule:
    prefix: str
    jobs: tuple[JobSpec, ...]

    def job(self, name: str) -> JobSpec:
        for j in self.jobs:
            if j.name == name or j.name == self.prefix + name:
                return j
        raise KeyError(f"no job {name!r} in the schedule; jobs: {', '.join(j.name for j in self.jobs)}")


@dataclass(frozen=True)
class Deployment:
    """Where the jobs go and what they call."""

    project: str
    location: str
    service_account: str
    cloud_run_job: str = "nba-props"
    http_uri: str | None = None

    @property
    def parent(self) -> str:
        return f"projects/{self.project}/locations/{self.location}"


def load_schedule(path: Path = SCHEDULE_PATH) -> Schedule:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    prefix = data.get("prefix", "")
    jobs, seen = [], set()
    for raw in data.get("job", []):
        spec = JobSpec(
            name=raw["name"], description=raw.get("description", ""), schedule=raw["schedule"],
            time_zone=raw.get("time_zone", data.get("time_zone", "America/New_York")),
            target=raw.get("target", data.get("target", "cloud_run_job")), args=tuple(raw["args"]),
            attempt_deadline_seconds=int(raw.get("attempt_deadline_seconds", data.get("attempt_deadline_seconds", 1800))),
            retry_count=int(raw.get("retry_count", data.get("retry_count", 1))),
        )
        if not spec.name.startswith(prefix):
            raise ValueError(f"{path}: job {spec.name!r} does not start with the managed prefix {prefix!r}")
        if spec.name in seen:
            raise ValueError(f"{path}: job {spec.name!r} is defined twice")
        if spec.target not in TARGETS:
            raise ValueError(f"{path}: job {spec.name!r} target {spec.target!r} is not one of {TARGETS}")
        if len(spec.schedule.split()) != 5:
            raise ValueError(f"{path}: job {spec.name!r} schedule {spec.schedule!r} is not a 5-field cron expression")
        seen.add(spec.name)
        jobs.append(spec)
    return Schedule(prefix, tuple(jobs))


def to_proto(spec: JobSpec, deploy: Deployment) -> scheduler_v1.Job:
    if spec.target == "cloud_run_job":
        uri = (f"https://run.googleapis.com/v2/projects/{deploy.project}/locations/{deploy.location}/jobs/"
               f"{deploy.cloud_run_job}:run")
        body = {"overrides": {"containerOverrides": [{"args": list(spec.args)}]}}
        auth = {"oauth_token": scheduler_v1.OAuthToken(
            service_account_email=deploy.service_account, scope="https://www.googleapis.com/auth/cloud-platform")}
    else:
        if not deploy.http_uri:
            raise ValueError(f"job {spec.name} targets http but no --http-uri was given")
        uri = deploy.http_uri
        body = {"args": list(spec.args)}
        auth = {"oidc_token": scheduler_v1.OidcToken(service_account_email=deploy.service_account, audience=uri)}
    return scheduler_v1.Job(
        name=f"{deploy.parent}/jobs/{spec.name}",
        description=spec.description,
        schedule=spec.schedule,
        time_zone=spec.time_zone,
        http_target=scheduler_v1.HttpTarget(
            uri=uri, http_method=scheduler_v1.HttpMethod.POST, headers={"Content-Type": "application/json"},
            body=json.dumps(body, sort_keys=True).encode(), **auth),
        attempt_deadline=duration_pb2.Duration(seconds=spec.attempt_deadline_seconds),
        retry_config=scheduler_v1.RetryConfig(retry_count=spec.retry_count),
    )


def comparable(job: scheduler_v1.Job) -> dict:
    data = json.loads(scheduler_v1.Job.to_json(job))
    for key in SERVER_FIELDS:
        data.pop(key, None)
    return data


@dataclass(frozen=True)
class Plan:
    create: tuple[scheduler_v1.Job, ...]
    update: tuple[scheduler_v1.Job, ...]
    delete: tuple[str, ...]  # job names
    unchanged: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.create or self.update or self.delete)

    def describe(self) -> str:
        short = lambda name: name.rsplit("/", 1)[-1]  # noqa: E731
        lines = [f"+ create {short(j.name)}  ({j.schedule} {j.time_zone})" for j in self.create]
        lines += [f"~ update {short(j.name)}  ({j.schedule} {j.time_zone})" for j in self.update]
        lines += [f"- delete {short(n)}" for n in self.delete]
        lines.append(f"{len(self.create)} to create, {len(self.update)} to update, {len(self.delete)} to delete, "
                     f"{len(self.unchanged)} unchanged")
        return "\n".join(lines)


def plan(desired: Sequence[scheduler_v1.Job], existing: Iterable[scheduler_v1.Job], prefix: str) -> Plan:
    """Pure diff by name; existing jobs outside the managed prefix are ignored."""
    current = {j.name: j for j in existing if j.name.rsplit("/", 1)[-1].startswith(prefix)}
    wanted = {j.name: j for j in desired}
    create = tuple(j for n, j in sorted(wanted.items()) if n not in current)
    update = tuple(j for n, j in sorted(wanted.items()) if n in current and comparable(j) != comparable(current[n]))
    unchanged = tuple(n for n in sorted(wanted) if n in current and comparable(wanted[n]) == comparable(current[n]))
    delete = tuple(n for n in sorted(current) if n not in wanted)
    return Plan(create, update, delete, unchanged)


def existing_jobs(client: scheduler_v1.CloudSchedulerClient, deploy: Deployment) -> list[scheduler_v1.Job]:
    return list(client.list_jobs(parent=deploy.parent))


def apply(client: scheduler_v1.CloudSchedulerClient, deploy: Deployment, the_plan: Plan) -> None:
    for job in the_plan.create:
        client.create_job(parent=deploy.parent, job=job)
    for job in the_plan.update:
        client.update_job(job=job)
    for name in the_plan.delete:
        client.delete_job(name=name)


def make_client(endpoint: str | None = None) -> scheduler_v1.CloudSchedulerClient:
    """The real client (application-default credentials), or one on a given REST endpoint (tests, emulators)."""
    if endpoint is None:
        return scheduler_v1.CloudSchedulerClient()
    from google.auth.credentials import AnonymousCredentials

    return scheduler_v1.CloudSchedulerClient(credentials=AnonymousCredentials(), transport="rest",
                                             client_options={"api_endpoint": endpoint})
