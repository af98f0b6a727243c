{#- A warning, not a gate: the two feeds can disagree for hours until a late correction arrives
    (a gamebook that undercounts a basket is corrected the next morning), and blocking Phase 3 on
    that would stop the pipeline for a fact nobody can change yet. The warning lands in
    nba_monitoring.data_quality_daily. -#}
{{ config(severity='warn') }}

-- Team points from the team box equal the sum of the team's player points wherever both sources
-- exist (a team box / player box disagreement means one of them is wrong or incomplete). A team
-- whose player rows include one set aside as invalid (for example points that do not add up) is
-- legitimately short of that player's points, and the rejects table already reports it.
with

team_box as (
    select * from {{ ref('int_team_game_box') }}
),

invalid_player_rows as (
    select
        gamebook.game_id,
        gamebook.team_abbr
    from {{ ref('base_nba_raw__nbac_gamebook_player_stats') }} as gamebook
    where gamebook.row_status = 'invalid'
    union all
    select
        boxscores.game_id,
        boxscores.team_abbr
    from {{ ref('base_nba_raw__nbac_player_boxscores') }} as boxscores
    where boxscores.row_status = 'invalid'
),

final as (
    select
        team_box.game_id,
        team_box.team_abbr,
        team_box.points,
        team_box.player_points,
        team_box.player_source
    from team_box
    where
        team_box.primary_source_used = 'nbac_team_boxscore'
        and team_box.player_rows_count > 0
        and team_box.points != team_box.player_points
        and not exists (
            select 1
            from invalid_player_rows
            where
                invalid_player_rows.game_id = team_box.game_id
                and invalid_player_rows.team_abbr = team_box.team_abbr
        )
)

select * from final
