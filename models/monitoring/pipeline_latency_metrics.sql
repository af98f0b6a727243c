{#- Pre-game runs only (backfills replay the past, so their timing says nothing about latency).
    Times are on the run's own clock: the moment its date was resolved (date_resolved_at: now, or
    the --as-of moment a replay of a simulated day gives) plus the time elapsed since the run
    started, so a replayed day reads as it would have live.
    Health: INCOMPLETE until predictions (phase 5) completed for the date; HEALTHY when they were
    ready at least ready_margin_minutes before the first tip-off; DEGRADED when ready before
    tip-off but later than that; LATE when after the first tip-off. -#}
{%- set ready_margin_minutes = 60 -%}
{%- set phases = ['3', '4', '5'] -%}

-- per game date: when Phase 3, Phase 4 and the predictions last completed relative to the first
-- tip-off, how long each took, and which phase was the bottleneck
with

executions as (
    select * from {{ source('orchestration', 'phase_execution_log') }}
    where
        status = 'complete'
        and coalesce(mode, '') != 'backfill'
),

games as (
    select * from {{ ref('int_games') }}
),

first_tipoff as (
    select
        games.game_date,
        min(games.tipoff_at) as first_tipoff_at,
        count(*) as games_scheduled
    from games
    group by games.game_date
),

run_clock as (
    select
        executions.run_id,
        min(executions.started_at) as run_started_at,
        min(executions.date_resolved_at) as run_moment
    from executions
    group by executions.run_id
),

on_run_clock as (
    select
        executions.game_date,
        executions.phase,
        executions.duration_seconds,
        {{ dbt.dateadd(
            'second',
            dbt.datediff('run_clock.run_started_at', 'executions.started_at', 'second'),
            'coalesce(run_clock.run_moment, run_clock.run_started_at)'
        ) }} as started_at,
        {{ dbt.dateadd(
            'second',
            dbt.datediff('run_clock.run_started_at', 'executions.finished_at', 'second'),
            'coalesce(run_clock.run_moment, run_clock.run_started_at)'
        ) }} as finished_at
    from executions
    inner join run_clock
        on executions.run_id = run_clock.run_id
),

latest_completion as (
    select
        on_run_clock.game_date,
        on_run_clock.phase,
        on_run_clock.started_at,
        on_run_clock.finished_at,
        on_run_clock.duration_seconds,
        row_number() over (
            partition by on_run_clock.game_date, on_run_clock.phase
            order by on_run_clock.finished_at desc
        ) as recency
    from on_run_clock
),

per_date as (
    select
        latest_completion.game_date,
        {% for phase in phases -%}
            max(case when latest_completion.phase = '{{ phase }}' then latest_completion.finished_at end)
                as phase{{ phase }}_finished_at,
            max(case when latest_completion.phase = '{{ phase }}' then latest_completion.duration_seconds end)
                as phase{{ phase }}_duration_seconds,
        {% endfor %}
        min(latest_completion.started_at) as pipeline_started_at
    from latest_completion
    where latest_completion.recency = 1
    group by latest_completion.game_date
),

with_tipoff as (
    select
        per_date.*,
        first_tipoff.first_tipoff_at,
        first_tipoff.games_scheduled,
        {% for phase in phases -%}
            {{ dbt.datediff('per_date.phase' ~ phase ~ '_finished_at', 'first_tipoff.first_tipoff_at', 'minute') }}
                as phase{{ phase }}_minutes_before_tipoff{% if not loop.last %},{% endif %}
        {% endfor %}
    from per_date
    inner join first_tipoff
        on per_date.game_date = first_tipoff.game_date
),

final as (
    select
        with_tipoff.game_date,
        cast(with_tipoff.games_scheduled as {{ dbt.type_bigint() }}) as games_scheduled,
        with_tipoff.first_tipoff_at,
        with_tipoff.pipeline_started_at,
        {% for phase in phases -%}
            with_tipoff.phase{{ phase }}_finished_at,
            with_tipoff.phase{{ phase }}_duration_seconds,
            cast(with_tipoff.phase{{ phase }}_minutes_before_tipoff as {{ dbt.type_bigint() }})
                as phase{{ phase }}_minutes_before_tipoff,
        {% endfor %}
        case
            when
                with_tipoff.phase3_duration_seconds is null and with_tipoff.phase4_duration_seconds is null
                and with_tipoff.phase5_duration_seconds is null then null
            when
                coalesce(with_tipoff.phase3_duration_seconds, 0) >= coalesce(with_tipoff.phase4_duration_seconds, 0)
                and coalesce(with_tipoff.phase3_duration_seconds, 0) >= coalesce(with_tipoff.phase5_duration_seconds, 0)
                then '3'
            when coalesce(with_tipoff.phase4_duration_seconds, 0) >= coalesce(with_tipoff.phase5_duration_seconds, 0)
                then '4'
            else '5'
        end as bottleneck_phase,
        case
            when with_tipoff.phase5_finished_at is null then 'INCOMPLETE'
            when with_tipoff.phase5_minutes_before_tipoff >= {{ ready_margin_minutes }} then 'HEALTHY'
            when with_tipoff.phase5_minutes_before_tipoff >= 0 then 'DEGRADED'
            else 'LATE'
        end as pipeline_health
    from with_tipoff
)

select * from final
