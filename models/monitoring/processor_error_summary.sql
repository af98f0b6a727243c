{#- Production's alert priorities: CRITICAL when a model had more than 10 permanent errors in the
    window, HIGH above 5, MEDIUM above 20 transient ones, else LOW. -#}
{%- set windows = [('last_24h', 1), ('last_7d', 7)] -%}

-- per time window, phase, model and error type: how often it failed, on how many dates, the
-- latest message, and how its retries went
with

events as (
    select * from {{ source('orchestration', 'pipeline_event_log') }}
    where event_type = 'error'
),

queue as (
    select * from {{ source('orchestration', 'failed_processor_queue') }}
),

windowed as (
    {% for window_name, days in windows -%}
        select
            '{{ window_name }}' as time_window,
            events.*
        from events
        where events.{{ adapter.quote('timestamp') }} >= {{ dbt.dateadd('day', -days, utc_now()) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

errors as (
    select
        windowed.time_window,
        windowed.phase,
        coalesce(windowed.processor_name, 'phase') as processor_name,
        coalesce(windowed.error_type, 'unknown') as error_type,
        count(*) as error_count,
        count(distinct windowed.game_date) as affected_dates,
        max(windowed.{{ adapter.quote('timestamp') }}) as latest_error_at,
        max(windowed.game_date) as latest_error_date
    from windowed
    group by
        windowed.time_window,
        windowed.phase,
        coalesce(windowed.processor_name, 'phase'),
        coalesce(windowed.error_type, 'unknown')
),

latest_message as (
    select
        windowed.time_window,
        windowed.phase,
        coalesce(windowed.processor_name, 'phase') as processor_name,
        coalesce(windowed.error_type, 'unknown') as error_type,
        windowed.error_message,
        row_number() over (
            partition by
                windowed.time_window,
                windowed.phase,
                coalesce(windowed.processor_name, 'phase'),
                coalesce(windowed.error_type, 'unknown')
            order by windowed.{{ adapter.quote('timestamp') }} desc, windowed.event_id desc
        ) as recency
    from windowed
),

retries as (
    select
        queue.phase,
        queue.processor_name,
        queue.error_type,
        sum(case when queue.retry_count > 0 then 1 else 0 end) as retried_entries,
        sum(queue.retry_count) as total_retries,
        sum(case when queue.status = 'succeeded' and queue.retry_count > 0 then 1 else 0 end) as retry_successes,
        sum(case when queue.status in ('pending', 'retrying') then 1 else 0 end) as open_entries,
        sum(case when queue.status = 'failed_permanent' then 1 else 0 end) as permanent_entries
    from queue
    group by queue.phase, queue.processor_name, queue.error_type
),

final as (
    select
        errors.time_window,
        errors.phase,
        errors.processor_name,
        errors.error_type,
        cast(errors.error_count as {{ dbt.type_bigint() }}) as error_count,
        cast(errors.affected_dates as {{ dbt.type_bigint() }}) as affected_dates,
        errors.latest_error_at,
        errors.latest_error_date,
        latest_message.error_message as latest_error_message,
        cast(coalesce(retries.retried_entries, 0) as {{ dbt.type_bigint() }}) as retried_entries,
        cast(coalesce(retries.total_retries, 0) as {{ dbt.type_bigint() }}) as total_retries,
        cast(coalesce(retries.open_entries, 0) as {{ dbt.type_bigint() }}) as open_queue_entries,
        cast(coalesce(retries.permanent_entries, 0) as {{ dbt.type_bigint() }}) as permanent_queue_entries,
        1.0 * retries.retry_successes / nullif(retries.retried_entries, 0) as retry_success_rate,
        case
            when errors.error_type = 'permanent' and errors.error_count > 10 then 'CRITICAL'
            when errors.error_type = 'permanent' and errors.error_count > 5 then 'HIGH'
            when errors.error_type = 'transient' and errors.error_count > 20 then 'MEDIUM'
            else 'LOW'
        end as alert_priority
    from errors
    inner join latest_message
        on
            errors.time_window = latest_message.time_window
            and errors.phase = latest_message.phase
            and errors.processor_name = latest_message.processor_name
            and errors.error_type = latest_message.error_type
            and latest_message.recency = 1
    left join retries
        on
            errors.phase = retries.phase
            and errors.processor_name = retries.processor_name
            and errors.error_type = retries.error_type
)

select * from final
