-- coverage is never silent: every driver row (upcoming_*_game_context) in the built date range
-- has its zone row, and no zone row exists without a driver row
with

player_context as (
    select * from {{ ref('upcoming_player_game_context') }}
),

team_context as (
    select * from {{ ref('upcoming_team_game_context') }}
),

player_zones as (
    select * from {{ ref('player_shot_zone_analysis') }}
),

team_zones as (
    select * from {{ ref('team_defense_zone_analysis') }}
),

player_range as (
    select
        min(analysis_date) as first_date,
        max(analysis_date) as last_date
    from player_zones
),

team_range as (
    select
        min(analysis_date) as first_date,
        max(analysis_date) as last_date
    from team_zones
),

player_missing as (
    select
        'player_shot_zone_analysis' as model_name,
        player_context.game_date as analysis_date,
        player_context.player_lookup as entity,
        'missing zone row' as problem
    from player_context
    cross join player_range
    left join player_zones
        on
            player_context.game_date = player_zones.analysis_date
            and player_context.player_lookup = player_zones.player_lookup
    where
        player_context.game_date between player_range.first_date and player_range.last_date
        and player_zones.player_lookup is null
),

player_orphans as (
    select
        'player_shot_zone_analysis' as model_name,
        player_zones.analysis_date,
        player_zones.player_lookup as entity,
        'no driver row' as problem
    from player_zones
    left join player_context
        on
            player_zones.analysis_date = player_context.game_date
            and player_zones.player_lookup = player_context.player_lookup
    where player_context.player_lookup is null
),

team_missing as (
    select
        'team_defense_zone_analysis' as model_name,
        team_context.game_date as analysis_date,
        team_context.team_abbr as entity,
        'missing zone row' as problem
    from team_context
    cross join team_range
    left join team_zones
        on
            team_context.game_date = team_zones.analysis_date
            and team_context.team_abbr = team_zones.team_abbr
    where
        team_context.game_date between team_range.first_date and team_range.last_date
        and team_zones.team_abbr is null
),

team_orphans as (
    select
        'team_defense_zone_analysis' as model_name,
        team_zones.analysis_date,
        team_zones.team_abbr as entity,
        'no driver row' as problem
    from team_zones
    left join team_context
        on
            team_zones.analysis_date = team_context.game_date
            and team_zones.team_abbr = team_context.team_abbr
    where team_context.team_abbr is null
)

select * from player_missing
union all
select * from player_orphans
union all
select * from team_missing
union all
select * from team_orphans
