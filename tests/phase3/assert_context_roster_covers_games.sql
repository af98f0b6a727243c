-- Every team of every game gets player rows: a roster-driven team with nobody on it means the
-- roster rule lost the team (registry and appearances both missing).
with

games as (
    select * from {{ ref('int_games') }}
),

player_context as (
    select * from {{ ref('upcoming_player_game_context') }}
),

game_teams as (
    select
        game_id,
        game_date,
        home_team_abbr as team_abbr
    from games
    union all
    select
        game_id,
        game_date,
        away_team_abbr as team_abbr
    from games
),

covered as (
    select distinct
        game_id,
        team_abbr
    from player_context
)

select game_teams.*
from game_teams
left join covered
    on
        game_teams.game_id = covered.game_id
        and game_teams.team_abbr = covered.team_abbr
where
    covered.game_id is null
    and game_teams.game_date in (select distinct player_context.game_date from player_context)
