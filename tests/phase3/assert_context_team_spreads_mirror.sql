-- The two teams of a game carry opposite spreads (and movements) and the same total.
with

team_context as (
    select * from {{ ref('upcoming_team_game_context') }}
),

paired as (
    select
        home.game_id,
        home.game_spread as home_spread,
        away.game_spread as away_spread,
        home.spread_movement as home_movement,
        away.spread_movement as away_movement,
        home.game_total as home_total,
        away.game_total as away_total
    from team_context as home
    inner join team_context as away
        on
            home.game_id = away.game_id
            and home.home_game
            and not away.home_game
)

select * from paired
where
    home_spread != -away_spread
    or home_movement != -away_movement
    or home_total != away_total
    or (home_spread is null) != (away_spread is null)
