{#- Production's thresholds: HEALTHY >= 90 % of players with a line predicted, WARNING >= 75,
    DEGRADED >= 50, else CRITICAL. A gap is a player with a line and no actionable-eligible
    prediction, explained by the first reason that applies, in pipeline order. -#}
{%- set ruled_out_statuses = "('out', 'doubtful')" -%}

-- one row per game date since predictions began: who had a line, who got a prediction, and why
-- the others did not
with

context as (
    select * from {{ ref('upcoming_player_game_context') }}
),

features as (
    select * from {{ ref('ml_feature_store') }}
),

predictions as (
    select * from {{ ref('player_prop_predictions') }}
    where is_active
),

first_prediction as (
    select min(predictions.game_date) as first_game_date
    from predictions
),

player_predictions as (
    select
        predictions.game_date,
        predictions.player_lookup,
        count(distinct predictions.system_id) as systems_count,
        sum(case when predictions.is_actionable then 1 else 0 end) as actionable_count,
        avg(predictions.confidence_score) as avg_confidence,
        max(case when predictions.feature_quality_tier in ('gold', 'silver', 'bronze') then 1 else 0 end)
            as has_ready_features
    from predictions
    group by predictions.game_date, predictions.player_lookup
),

players as (
    select
        context.game_date,
        context.player_lookup,
        context.current_points_line is not null as has_line,
        context.current_points_line,
        features.player_lookup is not null as has_features,
        coalesce(features.is_quality_ready, false) as is_quality_ready,
        player_predictions.player_lookup is not null as has_prediction,
        coalesce(player_predictions.actionable_count, 0) as actionable_count,
        player_predictions.avg_confidence,
        case
            when player_predictions.player_lookup is not null and features.is_quality_ready then null
            when context.universal_player_id is null then 'not_in_registry'
            when features.player_lookup is null then 'no_features'
            when lower(context.player_status) in {{ ruled_out_statuses }} then 'ruled_out'
            when features.early_season_flag then 'early_season'
            when not features.is_quality_ready then 'low_quality'
            else 'not_predicted'
        end as gap_reason
    from context
    inner join first_prediction
        on context.game_date >= first_prediction.first_game_date
    left join features
        on
            context.game_date = features.game_date
            and context.player_lookup = features.player_lookup
    left join player_predictions
        on
            context.game_date = player_predictions.game_date
            and context.player_lookup = player_predictions.player_lookup
),

daily as (
    select
        players.game_date,
        count(*) as players_in_context,
        sum(case when players.has_line then 1 else 0 end) as players_with_lines,
        avg(players.current_points_line) as avg_points_line,
        sum(case when players.has_features then 1 else 0 end) as players_with_features,
        sum(case when players.is_quality_ready then 1 else 0 end) as players_quality_ready,
        sum(case when players.has_prediction then 1 else 0 end) as players_with_predictions,
        sum(case when players.has_line and players.has_prediction then 1 else 0 end)
            as players_with_line_and_prediction,
        sum(case when players.has_line and players.gap_reason is null then 1 else 0 end)
            as players_with_line_and_ready_prediction,
        sum(players.actionable_count) as actionable_predictions,
        avg(players.avg_confidence) as avg_confidence,
        sum(case when players.has_line and players.gap_reason = 'not_in_registry' then 1 else 0 end)
            as gap_not_in_registry,
        sum(case when players.has_line and players.gap_reason = 'no_features' then 1 else 0 end)
            as gap_no_features,
        sum(case when players.has_line and players.gap_reason = 'ruled_out' then 1 else 0 end)
            as gap_ruled_out,
        sum(case when players.has_line and players.gap_reason = 'early_season' then 1 else 0 end)
            as gap_early_season,
        sum(case when players.has_line and players.gap_reason = 'low_quality' then 1 else 0 end)
            as gap_low_quality,
        sum(case when players.has_line and players.gap_reason = 'not_predicted' then 1 else 0 end)
            as gap_not_predicted
    from players
    group by players.game_date
),

active_systems as (
    select
        predictions.game_date,
        count(distinct predictions.system_id) as active_systems
    from predictions
    group by predictions.game_date
),

with_trend as (
    select
        daily.*,
        100.0 * daily.players_with_line_and_prediction / nullif(daily.players_with_lines, 0)
            as coverage_pct,
        100.0 * daily.players_with_line_and_ready_prediction / nullif(daily.players_with_lines, 0)
            as ready_coverage_pct,
        100.0 * sum(daily.players_with_line_and_prediction) over (
            order by daily.game_date rows between 6 preceding and current row
        ) / nullif(sum(daily.players_with_lines) over (
            order by daily.game_date rows between 6 preceding and current row
        ), 0) as rolling_7_slate_coverage_pct
    from daily
),

final as (
    select
        with_trend.game_date,
        cast(with_trend.players_in_context as {{ dbt.type_bigint() }}) as players_in_context,
        cast(with_trend.players_with_lines as {{ dbt.type_bigint() }}) as players_with_lines,
        with_trend.avg_points_line,
        cast(with_trend.players_with_features as {{ dbt.type_bigint() }}) as players_with_features,
        cast(with_trend.players_quality_ready as {{ dbt.type_bigint() }}) as players_quality_ready,
        cast(with_trend.players_with_predictions as {{ dbt.type_bigint() }}) as players_with_predictions,
        cast(with_trend.players_with_line_and_prediction as {{ dbt.type_bigint() }})
            as players_with_line_and_prediction,
        cast(with_trend.players_with_line_and_ready_prediction as {{ dbt.type_bigint() }})
            as players_with_line_and_ready_prediction,
        cast(with_trend.actionable_predictions as {{ dbt.type_bigint() }}) as actionable_predictions,
        cast(coalesce(active_systems.active_systems, 0) as {{ dbt.type_bigint() }}) as active_systems,
        with_trend.avg_confidence,
        cast(with_trend.gap_not_in_registry as {{ dbt.type_bigint() }}) as gap_not_in_registry,
        cast(with_trend.gap_no_features as {{ dbt.type_bigint() }}) as gap_no_features,
        cast(with_trend.gap_ruled_out as {{ dbt.type_bigint() }}) as gap_ruled_out,
        cast(with_trend.gap_early_season as {{ dbt.type_bigint() }}) as gap_early_season,
        cast(with_trend.gap_low_quality as {{ dbt.type_bigint() }}) as gap_low_quality,
        cast(with_trend.gap_not_predicted as {{ dbt.type_bigint() }}) as gap_not_predicted,
        with_trend.coverage_pct,
        with_trend.ready_coverage_pct,
        with_trend.rolling_7_slate_coverage_pct,
        with_trend.coverage_pct - lag(with_trend.coverage_pct) over (order by with_trend.game_date)
            as coverage_change_vs_previous_slate,
        case
            when with_trend.players_with_lines = 0 then 'NO_LINES'
            when with_trend.coverage_pct >= 90 then 'HEALTHY'
            when with_trend.coverage_pct >= 75 then 'WARNING'
            when with_trend.coverage_pct >= 50 then 'DEGRADED'
            else 'CRITICAL'
        end as health_status
    from with_trend
    left join active_systems
        on with_trend.game_date = active_systems.game_date
)

select * from final
