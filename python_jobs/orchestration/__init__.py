"""The job layer that replaces production's Pub/Sub + Firestore + Cloud Run chain.

One module per job: tables (DDL), event_log (batched pipeline_event_log), retry_queue
(failed_processor_queue), completion (phase_completion + the gate), dbt_results_store
(dbt_run_results), dates (TODAY/YESTERDAY/TOMORROW in US Eastern, stale-work refusal), runner (one
date through the phases), backfill (resumable date ranges), status (operator checks), scheduler
(Cloud Scheduler jobs as code). CLI verbs live in ``commands/``.
"""
