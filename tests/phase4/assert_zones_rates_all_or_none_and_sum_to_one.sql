-- the zone-rate NULL rule: the three shares of a window are all NULL or all set, and when set
-- they sum to 1 ± 0.02 (plus rounding); team zone figures are all NULL or all set
with

player_zones as (
    select * from {{ ref('player_shot_zone_analysis') }}
),

team_zones as (
    select * from {{ ref('team_defense_zone_analysis') }}
),

player_violations as (
    select
        'player_shot_zone_analysis' as model_name,
        analysis_date,
        player_lookup as entity
    from player_zones
    where
        not (
            (paint_rate_last_10 is null and mid_range_rate_last_10 is null and three_pt_rate_last_10 is null)
            or abs(paint_rate_last_10 + mid_range_rate_last_10 + three_pt_rate_last_10 - 1) <= 0.0203
        )
        or not (
            (paint_rate_last_20 is null and mid_range_rate_last_20 is null and three_pt_rate_last_20 is null)
            or abs(paint_rate_last_20 + mid_range_rate_last_20 + three_pt_rate_last_20 - 1) <= 0.0203
        )
),

team_violations as (
    select
        'team_defense_zone_analysis' as model_name,
        analysis_date,
        team_abbr as entity
    from team_zones
    where
        (paint_attempts_allowed_per_game is null) != (three_pt_attempts_allowed_per_game is null)
        or (paint_attempts_allowed_per_game is null) != (mid_range_attempts_allowed_per_game is null)
        or (zone_games_in_sample = 0) != (paint_attempts_allowed_per_game is null)
)

select * from player_violations
union all
select * from team_violations
