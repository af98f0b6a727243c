-- Team points from the team box equal the sum of the team's player points wherever both sources
-- exist (a team box / player box disagreement means one of them is wrong or incomplete).
with

team_box as (
    select * from {{ ref('int_team_game_box') }}
),

final as (
    select
        game_id,
        team_abbr,
        points,
        player_points,
        player_source
    from team_box
    where
        primary_source_used = 'nbac_team_boxscore'
        and player_rows_count > 0
        and points != player_points
)

select * from final
