"""`nba-props scheduler plan | apply | run-local JOB`: Cloud Scheduler jobs from schedule.toml."""

from __future__ import annotations

import argparse
import os
import sys

HELP = ("Cloud Scheduler jobs as code (python_jobs/orchestration/schedule.toml): `plan` shows the difference "
        "from the jobs that exist, `apply` creates / updates / deletes them, `run-local JOB` runs a job's "
        "payload here, now, and `list` prints the file's jobs.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["plan", "apply", "run-local", "list"])
    parser.add_argument("job", nargs="?", help="job name, for run-local (with or without the nba-props- prefix)")
    parser.add_argument("--project", default=os.environ.get("NBA_PROPS_GCP_PROJECT"),
                        help="GCP project (default $NBA_PROPS_GCP_PROJECT)")
    parser.add_argument("--location", default=os.environ.get("NBA_PROPS_SCHEDULER_LOCATION", "us-east1"),
                        help="Cloud Scheduler / Cloud Run region (default $NBA_PROPS_SCHEDULER_LOCATION or us-east1)")
    parser.add_argument("--service-account", default=os.environ.get("NBA_PROPS_SCHEDULER_SA"),
                        help="service account the jobs authenticate as (default $NBA_PROPS_SCHEDULER_SA)")
    parser.add_argument("--cloud-run-job", default=os.environ.get("NBA_PROPS_CLOUD_RUN_JOB", "nba-props"),
                        help="Cloud Run job running this project's image (default nba-props)")
    parser.add_argument("--http-uri", default=os.environ.get("NBA_PROPS_HTTP_URI"),
                        help="endpoint for jobs with target = http")
    parser.add_argument("--endpoint", help="Cloud Scheduler API endpoint override (an emulator or a test fake)")
    parser.add_argument("--schedule-file", help="schedule file (default python_jobs/orchestration/schedule.toml)")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from python_jobs.orchestration import scheduler as sched

    schedule = sched.load_schedule(Path(args.schedule_file) if args.schedule_file else sched.SCHEDULE_PATH)
    if args.action == "list":
        for j in schedule.jobs:
            print(f"{j.name:<40} {j.schedule:<14} {j.time_zone:<18} {j.target:<14} nba-props {' '.join(j.args)}")
        return 0
    if args.action == "run-local":
        if not args.job:
            print("scheduler run-local needs a JOB name", file=sys.stderr)
            return 2
        try:
            job = schedule.job(args.job)
        except KeyError as exc:
            print(f"scheduler: {exc.args[0]}", file=sys.stderr)
            return 2
        from python_jobs import cli

        print(f"running {job.name}: nba-props {' '.join(job.args)}", flush=True)
        return cli.main(list(job.args))
    missing = [flag for flag, value in (("--project", args.project), ("--service-account", args.service_account))
               if not value]
    if missing:
        print(f"scheduler {args.action}: {' and '.join(missing)} required (or their environment variables)",
              file=sys.stderr)
        return 2
    deploy = sched.Deployment(args.project, args.location, args.service_account, args.cloud_run_job, args.http_uri)
    try:
        desired = [sched.to_proto(j, deploy) for j in schedule.jobs]
    except ValueError as exc:
        print(f"scheduler: {exc}", file=sys.stderr)
        return 2
    client = sched.make_client(args.endpoint)
    the_plan = sched.plan(desired, sched.existing_jobs(client, deploy), schedule.prefix)
    print(the_plan.describe())
    if args.action == "apply" and not the_plan.empty:
        sched.apply(client, deploy, the_plan)
        print("applied")
    return 0
