{#- Writes per table per hour against a configurable limit (production assumed 100 partition
    modifications per table per hour and alerted at 80 %). dbt writes are counted exactly from
    dbt_run_results (one per successful model node); event-log writes are production's estimate,
    ceil(events / batch size), because the buffer writes one batch per flush. -#}
{%- set hourly_limit = var('quota_writes_per_table_per_hour', 100) -%}
{%- set batch_size = var('event_log_batch_size', 50) -%}

-- one row per (hour, table): how many writes it took and how close that is to the quota
with

dbt_results as (
    select * from {{ source('orchestration', 'dbt_run_results') }}
    where
        resource_type in ('model', 'seed', 'snapshot')
        and status = 'success'
),

events as (
    select * from {{ source('orchestration', 'pipeline_event_log') }}
),

dbt_writes as (
    select
        {{ dbt.date_trunc('hour', 'dbt_results.completed_at') }} as hour_at,
        dbt_results.unique_id as table_name,
        'dbt_run_results' as counted_from,
        count(*) as writes,
        sum(coalesce(dbt_results.rows_affected, 0)) as rows_written,
        cast(null as {{ dbt.type_bigint() }}) as error_events,
        cast(null as {{ dbt.type_bigint() }}) as unique_processors
    from dbt_results
    group by {{ dbt.date_trunc('hour', 'dbt_results.completed_at') }}, dbt_results.unique_id
),

event_writes as (
    select
        {{ dbt.date_trunc('hour', 'events.' ~ adapter.quote('timestamp')) }} as hour_at,
        'nba_orchestration.pipeline_event_log' as table_name,
        'event_log_estimate' as counted_from,
        cast(ceil(count(*) / {{ batch_size }}.0) as {{ dbt.type_bigint() }}) as writes,
        count(*) as rows_written,
        sum(case when events.event_type = 'error' then 1 else 0 end) as error_events,
        count(distinct events.processor_name) as unique_processors
    from events
    group by {{ dbt.date_trunc('hour', 'events.' ~ adapter.quote('timestamp')) }}
),

all_writes as (
    select * from dbt_writes
    union all
    select * from event_writes
),

final as (
    select
        all_writes.hour_at,
        all_writes.table_name,
        all_writes.counted_from,
        cast(all_writes.writes as {{ dbt.type_bigint() }}) as writes,
        cast(all_writes.rows_written as {{ dbt.type_bigint() }}) as rows_written,
        cast(all_writes.error_events as {{ dbt.type_bigint() }}) as error_events,
        cast(all_writes.unique_processors as {{ dbt.type_bigint() }}) as unique_processors,
        cast({{ hourly_limit }} as {{ dbt.type_bigint() }}) as hourly_write_limit,
        100.0 * all_writes.writes / {{ hourly_limit }} as usage_pct,
        case
            when all_writes.writes >= {{ hourly_limit }} then 'CRITICAL'
            when all_writes.writes >= 0.8 * {{ hourly_limit }} then 'WARNING'
            else 'OK'
        end as alert_level
    from all_writes
)

select * from final
