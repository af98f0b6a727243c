-- one row per (game_id, team_abbr): the latest valid correction
with

base as (
    select * from {{ ref('base_nba_raw__nbac_team_boxscore') }}
),

final as (
    select
        game_id,
        nba_game_id,
        game_date,
        season_year,
        team_abbr,
        is_home,
        minutes,
        minutes_played,
        fg_made,
        fg_attempted,
        three_pt_made,
        three_pt_attempted,
        ft_made,
        ft_attempted,
        offensive_rebounds,
        defensive_rebounds,
        total_rebounds,
        assists,
        steals,
        blocks,
        turnovers,
        personal_fouls,
        points,
        plus_minus,
        processed_at
    from base
    where row_status = 'used'
)

select * from final
