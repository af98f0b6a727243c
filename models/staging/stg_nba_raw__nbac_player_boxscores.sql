-- one row per (game_id, player_lookup): the latest valid correction
with

base as (
    select * from {{ ref('base_nba_raw__nbac_player_boxscores') }}
),

final as (
    select
        game_id,
        game_date,
        season_year,
        game_status,
        is_final,
        nba_player_id,
        player_full_name,
        player_lookup,
        raw_player_lookup,
        team_abbr,
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
