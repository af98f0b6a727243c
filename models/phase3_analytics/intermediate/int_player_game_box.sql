-- one row per (game_id, player_lookup) of final games. Source priority per game date: the
-- gamebook when it has any row for that date (DNP and inactive rows included), else the
-- same-night box score (final games only, every row 'active') for the whole date
with

games as (
    select * from {{ ref('int_games') }}
),

gamebook as (
    select * from {{ ref('stg_nba_raw__nbac_gamebook_player_stats') }}
),

boxscores as (
    select * from {{ ref('stg_nba_raw__nbac_player_boxscores') }}
),

final_games as (
    select
        game_id,
        game_date,
        season_year,
        home_team_abbr,
        away_team_abbr
    from games
    where is_final
),

gamebook_dates as (
    select distinct game_date
    from gamebook
),

gamebook_rows as (
    select
        gamebook.game_id,
        gamebook.team_abbr,
        gamebook.player_lookup,
        gamebook.player_name as player_full_name,
        gamebook.nba_player_id,
        gamebook.player_status,
        gamebook.dnp_reason,
        gamebook.is_starter,
        gamebook.minutes_played,
        gamebook.points,
        gamebook.field_goals_made,
        gamebook.field_goals_attempted,
        gamebook.three_pointers_made,
        gamebook.three_pointers_attempted,
        gamebook.free_throws_made,
        gamebook.free_throws_attempted,
        gamebook.offensive_rebounds,
        gamebook.defensive_rebounds,
        gamebook.total_rebounds,
        gamebook.assists,
        gamebook.steals,
        gamebook.blocks,
        gamebook.turnovers,
        gamebook.personal_fouls,
        gamebook.plus_minus,
        'nbac_gamebook' as primary_source_used,
        gamebook.processed_at as source_processed_at
    from gamebook
),

-- whole-date fallback: only dates without a single gamebook row
boxscore_rows as (
    select
        boxscores.game_id,
        boxscores.team_abbr,
        boxscores.player_lookup,
        boxscores.player_full_name,
        boxscores.nba_player_id,
        'active' as player_status,
        cast(null as {{ dbt.type_string() }}) as dnp_reason,
        boxscores.is_starter,
        boxscores.minutes_played,
        boxscores.points,
        boxscores.field_goals_made,
        boxscores.field_goals_attempted,
        boxscores.three_pointers_made,
        boxscores.three_pointers_attempted,
        boxscores.free_throws_made,
        boxscores.free_throws_attempted,
        boxscores.offensive_rebounds,
        boxscores.defensive_rebounds,
        boxscores.total_rebounds,
        boxscores.assists,
        boxscores.steals,
        boxscores.blocks,
        boxscores.turnovers,
        boxscores.personal_fouls,
        boxscores.plus_minus,
        'nbac_boxscores' as primary_source_used,
        boxscores.processed_at as source_processed_at
    from boxscores
    left join gamebook_dates
        on boxscores.game_date = gamebook_dates.game_date
    where
        boxscores.is_final
        and gamebook_dates.game_date is null
),

player_rows as (
    select * from gamebook_rows
    union all
    select * from boxscore_rows
),

final as (
    select
        player_rows.game_id,
        final_games.game_date,
        final_games.season_year,
        player_rows.team_abbr,
        case
            when player_rows.team_abbr = final_games.home_team_abbr
                then final_games.away_team_abbr
            else final_games.home_team_abbr
        end as opponent_team_abbr,
        player_rows.team_abbr = final_games.home_team_abbr as home_game,
        player_rows.player_lookup,
        player_rows.player_full_name,
        player_rows.nba_player_id,
        player_rows.player_status,
        player_rows.dnp_reason,
        player_rows.is_starter,
        cast(player_rows.minutes_played as {{ type_double() }}) as minutes_played,
        player_rows.points,
        player_rows.field_goals_made,
        player_rows.field_goals_attempted,
        player_rows.three_pointers_made,
        player_rows.three_pointers_attempted,
        player_rows.free_throws_made,
        player_rows.free_throws_attempted,
        player_rows.offensive_rebounds,
        player_rows.defensive_rebounds,
        player_rows.total_rebounds,
        player_rows.assists,
        player_rows.steals,
        player_rows.blocks,
        player_rows.turnovers,
        player_rows.personal_fouls,
        player_rows.plus_minus,
        player_rows.primary_source_used,
        player_rows.source_processed_at
    from player_rows
    inner join final_games
        on player_rows.game_id = final_games.game_id
    where player_rows.team_abbr in (final_games.home_team_abbr, final_games.away_team_abbr)
)

select * from final
