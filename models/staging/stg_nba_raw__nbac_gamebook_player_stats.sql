-- one row per (game_id, player_lookup): the latest valid correction
with

base as (
    select * from {{ ref('base_nba_raw__nbac_gamebook_player_stats') }}
),

final as (
    select
        game_id,
        game_date,
        season_year,
        team_abbr,
        home_team_abbr,
        away_team_abbr,
        case when team_abbr = home_team_abbr then away_team_abbr else home_team_abbr end as opponent_team_abbr,
        team_abbr = home_team_abbr as is_home,
        player_name,
        player_lookup,
        raw_player_lookup,
        nba_player_id,
        player_status,
        player_status = 'active' as is_active,
        dnp_reason,
        is_starter,
        minutes,
        minutes_played,
        points,
        field_goals_made,
        field_goals_attempted,
        three_pointers_made,
        three_pointers_attempted,
        free_throws_made,
        free_throws_attempted,
        offensive_rebounds,
        defensive_rebounds,
        total_rebounds,
        assists,
        steals,
        blocks,
        turnovers,
        personal_fouls,
        plus_minus,
        processed_at
    from base
    where row_status = 'used'
)

select * from final
