-- point in time: every zone row used only Phase 3 games strictly before its analysis date
with

player_zones as (
    select * from {{ ref('player_shot_zone_analysis') }}
),

team_zones as (
    select * from {{ ref('team_defense_zone_analysis') }}
),

violations as (
    select
        'player_shot_zone_analysis' as model_name,
        analysis_date,
        player_lookup as entity,
        latest_input_game_date
    from player_zones
    where latest_input_game_date >= analysis_date
    union all
    select
        'team_defense_zone_analysis' as model_name,
        analysis_date,
        team_abbr as entity,
        latest_input_game_date
    from team_zones
    where latest_input_game_date >= analysis_date
)

select * from violations
