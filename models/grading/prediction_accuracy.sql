{{
    config(
        materialized='incremental',
        incremental_strategy=('merge' if target.name == 'bigquery_emulator' else ('insert_overwrite' if target.type == 'bigquery' else 'delete+insert')),
        unique_key=incremental_unique_key('game_date', ['game_date', 'game_id', 'player_lookup', 'system_id']),
        on_schema_change='append_new_columns',
        partition_by=bq_date_partition('game_date'),
        cluster_by=['system_id', 'player_lookup']
    )
}}

{#- Push is a push (no hit, no miss); PASS and NO_LINE count for MAE only; a DNP voids the
    prediction with a reason taken from the injury status known when it was made. -#}
{%- set ruled_out_statuses = "('out', 'doubtful')" -%}
{%- set uncertain_statuses = "('questionable', 'probable')" -%}

-- one row per active prediction whose game is final: the prediction against what happened and
-- against the market's line
with

predictions as (
    select * from {{ ref('player_prop_predictions') }}
    where
        is_active
    {% if is_incremental() %}
            and {{ incremental_predicate('game_date') }}
        {% endif %}
),

games as (
    select * from {{ ref('int_games') }}
),

player_games as (
    select * from {{ ref('player_game_summary') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('game_date') }}
    {% endif %}
),

final_predictions as (
    select
        predictions.*,
        player_games.points as actual_points,
        player_games.minutes_played,
        coalesce(player_games.is_dnp, true) as player_dnp,
        player_games.dnp_reason,
        player_games.points_line as closing_points_line,
        player_games.points_line_bookmaker as closing_bookmaker,
        player_games.points_line_snapshot_at as closing_snapshot_at
    from predictions
    inner join games
        on predictions.game_id = games.game_id
    left join player_games
        on
            predictions.game_id = player_games.game_id
            and predictions.player_lookup = player_games.player_lookup
    where games.is_final
),

outcomes as (
    select
        final_predictions.*,
        -- a player without a box-score line, or with no minutes and no points, did not play
        (
            final_predictions.player_dnp
            or final_predictions.actual_points is null
            or (
                final_predictions.actual_points = 0
                and coalesce(final_predictions.minutes_played, 0) = 0
            )
        ) as is_voided,
        case
            when final_predictions.current_points_line is null then null
            when final_predictions.actual_points > final_predictions.current_points_line then 'OVER'
            when final_predictions.actual_points < final_predictions.current_points_line then 'UNDER'
            when final_predictions.actual_points = final_predictions.current_points_line then 'PUSH'
        end as actual_vs_line
    from final_predictions
),

priced as (
    select
        outcomes.*,
        {{ american_implied_probability('outcomes.line_over_price_american') }} as over_implied_probability,
        {{ american_implied_probability('outcomes.line_under_price_american') }} as under_implied_probability,
        case
            when outcomes.recommendation = 'OVER' then outcomes.line_over_price_american
            when outcomes.recommendation = 'UNDER' then outcomes.line_under_price_american
        end as pick_price_american
    from outcomes
),

graded as (
    select
        priced.*,
        case
            when not priced.is_voided then null
            when lower(priced.injury_status_at_prediction) in {{ ruled_out_statuses }}
                then 'dnp_injury_confirmed'
            when lower(priced.injury_status_at_prediction) in {{ uncertain_statuses }}
                then 'dnp_late_scratch'
            else 'dnp_unknown'
        end as void_reason,
        case
            when priced.is_voided then null
            when priced.recommendation not in ('OVER', 'UNDER') then null
            when priced.actual_vs_line is null or priced.actual_vs_line = 'PUSH' then null
            else priced.actual_vs_line = priced.recommendation
        end as prediction_correct
    from priced
),

final as (
    select
        graded.prediction_id,
        graded.system_id,
        graded.model_id,
        graded.model_version,
        graded.player_lookup,
        graded.universal_player_id,
        graded.game_id,
        graded.game_date,
        graded.team_abbr,
        graded.opponent_team_abbr,

        -- the prediction
        graded.predicted_points,
        graded.p_over,
        graded.confidence_score,
        cast(
            least(greatest(ceil(graded.confidence_score / 10.0), 1), 10) as {{ dbt.type_bigint() }}
        ) as confidence_decile,
        graded.recommendation,
        graded.is_actionable,
        graded.filter_reason,
        graded.current_points_line,
        graded.has_prop_line,
        graded.line_source,
        graded.line_source_api,
        graded.feature_version,
        graded.feature_quality_score,
        case
            when graded.feature_quality_score >= 80 then 'HIGH'
            when graded.feature_quality_score >= 70 then 'MEDIUM'
            else 'LOW'
        end as data_quality_tier,
        graded.injury_status_at_prediction,

        -- what happened
        graded.actual_points,
        graded.minutes_played,
        graded.player_dnp,
        graded.is_voided,
        graded.void_reason,
        graded.actual_vs_line,

        -- errors (NULL when voided: there is nothing to compare with)
        case when not graded.is_voided then abs(graded.predicted_points - graded.actual_points) end
            as absolute_error,
        case when not graded.is_voided then graded.predicted_points - graded.actual_points end
            as signed_error,
        case when not graded.is_voided then abs(graded.predicted_points - graded.actual_points) <= 3 end
            as within_3_points,
        case when not graded.is_voided then abs(graded.predicted_points - graded.actual_points) <= 5 end
            as within_5_points,
        graded.predicted_points - graded.current_points_line as predicted_margin,
        case when not graded.is_voided then graded.actual_points - graded.current_points_line end
            as actual_margin,
        graded.prediction_correct,
        -- the market's own error on the same row: the line the pick was made at, and the closing line
        case when not graded.is_voided then abs(graded.actual_points - graded.current_points_line) end
            as line_absolute_error,

        -- the market at prediction time and at the close
        graded.line_bookmaker,
        graded.line_snapshot_at,
        graded.line_over_price_american,
        graded.line_under_price_american,
        graded.over_implied_probability
        / nullif(graded.over_implied_probability + graded.under_implied_probability, 0)
            as market_p_over_no_vig,
        graded.closing_points_line,
        graded.closing_bookmaker,
        graded.closing_snapshot_at,
        case when not graded.is_voided then abs(graded.actual_points - graded.closing_points_line) end
            as closing_line_absolute_error,
        -- closing-line value in points: how far the market moved toward the pick after it was made
        case
            when graded.recommendation = 'OVER' then graded.closing_points_line - graded.current_points_line
            when graded.recommendation = 'UNDER' then graded.current_points_line - graded.closing_points_line
        end as closing_line_value,
        graded.pick_price_american,
        -- 1 unit on each actionable pick at the recorded price of its side (-110 when the feed had none)
        case
            when not graded.is_actionable or graded.recommendation not in ('OVER', 'UNDER') then null
            when graded.is_voided or graded.actual_vs_line is null then null
            when graded.actual_vs_line = 'PUSH' then 0.0
            when graded.prediction_correct then {{ american_win_units('coalesce(graded.pick_price_american, -110)') }}
            else -1.0
        end as pick_profit_units,
        graded.created_at as prediction_created_at
    from graded
)

select * from final
