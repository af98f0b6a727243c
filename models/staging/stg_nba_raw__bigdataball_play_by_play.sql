-- one row per event_id; player lookups without the BigDataBall digit prefix
with

base as (
    select * from {{ ref('base_nba_raw__bigdataball_play_by_play') }}
),

final as (
    select
        game_id,
        game_date,
        event_id,
        event_sequence,
        period,
        event_type,
        event_subtype,
        player_1_lookup,
        raw_player_1_lookup,
        player_1_team_abbr,
        player_2_lookup,
        raw_player_2_lookup,
        player_2_role,
        shot_made,
        shot_type,
        shot_distance,
        points_scored,
        processed_at
    from base
    where row_status = 'used'
)

select * from final
