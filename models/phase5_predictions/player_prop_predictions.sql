{{
    config(
        partition_by=bq_date_partition('game_date'),
        cluster_by=['system_id', 'player_lookup']
    )
}}

-- One row per prediction the job wrote, with the newest per (game_id, player_lookup, system_id)
-- active. The job never rewrites what it wrote; superseding happens here, so a rerun or a crash
-- midway can never leave two active predictions.

with landing as (
    select * from {{ source('prediction_job', 'prediction_landing') }}
),

-- the same prediction written twice by one run (a retried write) is one prediction: keep the
-- first. The same prediction_id in a later run is real: the output changed and changed back.
distinct_predictions as (
    select
        landing.*,
        row_number() over (
            partition by landing.prediction_id, landing.run_id
            order by landing.created_at
        ) as copy_rank
    from landing
),

versioned as (
    select
        distinct_predictions.*,
        row_number() over (
            partition by
                distinct_predictions.game_id,
                distinct_predictions.player_lookup,
                distinct_predictions.system_id
            order by distinct_predictions.created_at, distinct_predictions.prediction_id
        ) as prediction_version,
        lead(distinct_predictions.prediction_id) over (
            partition by
                distinct_predictions.game_id,
                distinct_predictions.player_lookup,
                distinct_predictions.system_id
            order by distinct_predictions.created_at, distinct_predictions.prediction_id
        ) as superseded_by
    from distinct_predictions
    where distinct_predictions.copy_rank = 1
),

final as (
    select
        versioned.prediction_id,
        versioned.run_id,
        versioned.system_id,
        versioned.model_id,
        versioned.model_version,
        versioned.player_lookup,
        versioned.universal_player_id,
        versioned.game_id,
        versioned.game_date,
        versioned.team_abbr,
        versioned.opponent_team_abbr,
        versioned.predicted_points,
        versioned.p_over,
        versioned.confidence_score,
        versioned.recommendation,
        versioned.current_points_line,
        versioned.current_points_line is not null as has_prop_line,
        versioned.line_source,
        versioned.line_source_api,
        versioned.line_margin,
        versioned.edge_threshold,
        versioned.feature_version,
        versioned.feature_quality_score,
        versioned.feature_quality_tier,
        versioned.is_actionable,
        versioned.filter_reason,
        versioned.injury_status_at_prediction,
        versioned.line_bookmaker,
        versioned.line_snapshot_at,
        versioned.line_over_price_american,
        versioned.line_under_price_american,
        cast(versioned.prediction_version as {{ dbt.type_bigint() }}) as prediction_version,
        versioned.superseded_by is null as is_active,
        versioned.superseded_by,
        versioned.created_at
    from versioned
)

select * from final
