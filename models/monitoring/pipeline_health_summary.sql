{#- Production's dashboard thresholds on completion %: GREEN >= 90, YELLOW >= 75, else RED. -#}
{%- set windows = [('last_24h', 1), ('last_7d', 7)] -%}

-- per time window and phase: how many phase runs there were, how many completed, failed or were
-- blocked by the gate before them, and how many game dates got a successful run
with

executions as (
    select * from {{ source('orchestration', 'phase_execution_log') }}
),

windowed as (
    {% for window_name, days in windows -%}
        select
            '{{ window_name }}' as time_window,
            executions.*
        from executions
        where executions.started_at >= {{ dbt.dateadd('day', -days, utc_now()) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

per_phase as (
    select
        windowed.time_window,
        windowed.phase,
        count(*) as runs,
        sum(case when windowed.status = 'complete' then 1 else 0 end) as successful_runs,
        sum(case when windowed.status = 'failed' then 1 else 0 end) as failed_runs,
        sum(case when windowed.status = 'blocked' then 1 else 0 end) as blocked_runs,
        count(distinct windowed.game_date) as game_dates,
        count(distinct case when windowed.status = 'complete' then windowed.game_date end)
            as game_dates_with_success,
        avg(windowed.duration_seconds) as avg_duration_seconds,
        max(windowed.finished_at) as last_finished_at
    from windowed
    group by windowed.time_window, windowed.phase
),

final as (
    select
        per_phase.time_window,
        per_phase.phase,
        cast(per_phase.runs as {{ dbt.type_bigint() }}) as runs,
        cast(per_phase.successful_runs as {{ dbt.type_bigint() }}) as successful_runs,
        cast(per_phase.failed_runs as {{ dbt.type_bigint() }}) as failed_runs,
        cast(per_phase.blocked_runs as {{ dbt.type_bigint() }}) as blocked_runs,
        cast(per_phase.game_dates as {{ dbt.type_bigint() }}) as game_dates,
        cast(per_phase.game_dates_with_success as {{ dbt.type_bigint() }}) as game_dates_with_success,
        100.0 * per_phase.successful_runs / per_phase.runs as completion_pct,
        100.0 * per_phase.failed_runs / per_phase.runs as failure_pct,
        100.0 * per_phase.game_dates_with_success / per_phase.game_dates as date_coverage_pct,
        per_phase.avg_duration_seconds,
        per_phase.last_finished_at,
        case
            when 100.0 * per_phase.successful_runs / per_phase.runs >= 90 then 'GREEN'
            when 100.0 * per_phase.successful_runs / per_phase.runs >= 75 then 'YELLOW'
            else 'RED'
        end as health_status
    from per_phase
)

select * from final
