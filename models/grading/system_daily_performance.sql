{{
    config(
        partition_by=bq_date_partition('game_date'),
        cluster_by=['system_id']
    )
}}

{#- Hit rate = correct / (correct + incorrect): voids, pushes, PASS and NO_LINE never count as a
    hit or a miss. Rolling figures pool the rows of the last N calendar days (today included), so a
    quiet day weighs less than a full slate. -#}
{%- set rolling_days = [7, 14, 30] -%}

-- one row per (game_date, system_id): how each system did that day, next to the line
with

accuracy as (
    select * from {{ ref('prediction_accuracy') }}
),

daily as (
    select
        accuracy.game_date,
        accuracy.system_id,
        count(*) as predictions_count,
        sum(case when accuracy.is_voided then 1 else 0 end) as voided_count,
        sum(case when not accuracy.is_voided then 1 else 0 end) as graded_count,
        sum(case when not accuracy.is_voided and accuracy.recommendation in ('OVER', 'UNDER') then 1 else 0 end)
            as recommendations_count,
        sum(case when accuracy.prediction_correct then 1 else 0 end) as correct_count,
        sum(case when not accuracy.prediction_correct then 1 else 0 end) as incorrect_count,
        sum(
            case
                when
                    not accuracy.is_voided
                    and accuracy.recommendation in ('OVER', 'UNDER')
                    and accuracy.actual_vs_line = 'PUSH'
                    then 1
                else 0
            end
        ) as push_count,
        sum(case when not accuracy.is_voided and accuracy.recommendation = 'PASS' then 1 else 0 end)
            as pass_count,
        sum(case when not accuracy.is_voided and accuracy.recommendation = 'NO_LINE' then 1 else 0 end)
            as no_line_count,
        sum(case when accuracy.recommendation = 'OVER' and accuracy.prediction_correct is not null then 1 else 0 end)
            as over_decided_count,
        sum(case when accuracy.recommendation = 'OVER' and accuracy.prediction_correct then 1 else 0 end)
            as over_correct_count,
        sum(case when accuracy.recommendation = 'UNDER' and accuracy.prediction_correct is not null then 1 else 0 end)
            as under_decided_count,
        sum(case when accuracy.recommendation = 'UNDER' and accuracy.prediction_correct then 1 else 0 end)
            as under_correct_count,
        {{ exact_sum('accuracy.absolute_error') }} as absolute_error_sum,
        {{ exact_sum('accuracy.signed_error') }} as signed_error_sum,
        sum(case when accuracy.within_3_points then 1 else 0 end) as within_3_count,
        sum(case when accuracy.within_5_points then 1 else 0 end) as within_5_count,
        sum(case when accuracy.line_absolute_error is not null then 1 else 0 end) as line_rows_count,
        {{ exact_sum('case when accuracy.line_absolute_error is not null then accuracy.absolute_error end') }}
            as line_rows_absolute_error_sum,
        {{ exact_sum('accuracy.line_absolute_error') }} as line_absolute_error_sum,
        sum(
            case
                when accuracy.prediction_correct is not null and abs(accuracy.predicted_margin) >= 3 then 1
                else 0
            end
        ) as edge_3_decided_count,
        sum(
            case when accuracy.prediction_correct and abs(accuracy.predicted_margin) >= 3 then 1 else 0 end
        ) as edge_3_correct_count,
        {{ exact_sum('accuracy.confidence_score') }} as confidence_sum,
        count(accuracy.confidence_score) as confidence_count
    from accuracy
    group by accuracy.game_date, accuracy.system_id
),

rolling as (
    select
        daily.game_date,
        daily.system_id,
        {% for days in rolling_days -%}
            cast(sum(case
                when window_days.game_date > {{ dbt.dateadd('day', -days, 'daily.game_date') }}
                    then window_days.absolute_error_sum
            end) as {{ type_double() }})
            / nullif(sum(case
                when window_days.game_date > {{ dbt.dateadd('day', -days, 'daily.game_date') }}
                    then window_days.graded_count
            end), 0) as rolling_{{ days }}d_mae,
            sum(case
                when window_days.game_date > {{ dbt.dateadd('day', -days, 'daily.game_date') }}
                    then window_days.correct_count
            end)
            / nullif(sum(case
                when window_days.game_date > {{ dbt.dateadd('day', -days, 'daily.game_date') }}
                    then window_days.correct_count + window_days.incorrect_count
            end), 0) as rolling_{{ days }}d_hit_rate
            {%- if not loop.last %},{% endif %}
        {% endfor %}
    from daily
    inner join daily as window_days
        on
            daily.system_id = window_days.system_id
            and daily.game_date >= window_days.game_date
            and window_days.game_date > {{ dbt.dateadd('day', -(rolling_days | max), 'daily.game_date') }}
    group by daily.game_date, daily.system_id
),

final as (
    select
        daily.game_date,
        daily.system_id,
        cast(daily.predictions_count as {{ dbt.type_bigint() }}) as predictions_count,
        cast(daily.graded_count as {{ dbt.type_bigint() }}) as graded_count,
        cast(daily.voided_count as {{ dbt.type_bigint() }}) as voided_count,
        cast(daily.recommendations_count as {{ dbt.type_bigint() }}) as recommendations_count,
        cast(daily.correct_count as {{ dbt.type_bigint() }}) as correct_count,
        cast(daily.incorrect_count as {{ dbt.type_bigint() }}) as incorrect_count,
        cast(daily.push_count as {{ dbt.type_bigint() }}) as push_count,
        cast(daily.pass_count as {{ dbt.type_bigint() }}) as pass_count,
        cast(daily.no_line_count as {{ dbt.type_bigint() }}) as no_line_count,
        daily.correct_count / nullif(daily.correct_count + daily.incorrect_count, 0) as hit_rate,
        cast(daily.absolute_error_sum as {{ type_double() }}) / nullif(daily.graded_count, 0) as mae,
        cast(daily.signed_error_sum as {{ type_double() }}) / nullif(daily.graded_count, 0) as avg_bias,
        cast(daily.over_decided_count as {{ dbt.type_bigint() }}) as over_count,
        cast(daily.over_correct_count as {{ dbt.type_bigint() }}) as over_correct_count,
        daily.over_correct_count / nullif(daily.over_decided_count, 0) as over_hit_rate,
        cast(daily.under_decided_count as {{ dbt.type_bigint() }}) as under_count,
        cast(daily.under_correct_count as {{ dbt.type_bigint() }}) as under_correct_count,
        daily.under_correct_count / nullif(daily.under_decided_count, 0) as under_hit_rate,
        daily.within_3_count / nullif(daily.graded_count, 0) as within_3_pct,
        daily.within_5_count / nullif(daily.graded_count, 0) as within_5_pct,
        cast(daily.line_rows_count as {{ dbt.type_bigint() }}) as line_rows_count,
        cast(daily.line_rows_absolute_error_sum as {{ type_double() }}) / nullif(daily.line_rows_count, 0)
            as mae_on_line_rows,
        cast(daily.line_absolute_error_sum as {{ type_double() }}) / nullif(daily.line_rows_count, 0) as line_mae,
        cast(daily.edge_3_decided_count as {{ dbt.type_bigint() }}) as edge_3_picks_count,
        daily.edge_3_correct_count / nullif(daily.edge_3_decided_count, 0) as edge_3_hit_rate,
        cast(daily.confidence_sum as {{ type_double() }}) / nullif(daily.confidence_count, 0) as avg_confidence,
        {% for days in rolling_days -%}
            rolling.rolling_{{ days }}d_mae,
            rolling.rolling_{{ days }}d_hit_rate{% if not loop.last %},{% endif %}
        {% endfor %}
    from daily
    inner join rolling
        on
            daily.game_date = rolling.game_date
            and daily.system_id = rolling.system_id
)

select * from final
