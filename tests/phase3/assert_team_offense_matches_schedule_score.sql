-- A team's points agree with the schedule's final score (warn: the two feeds are independent, and a
-- disagreement is a data problem to look at, not a model bug).
{{ config(severity='warn') }}

with

offense as (
    select * from {{ ref('team_offense_game_summary') }}
),

team_box as (
    select * from {{ ref('int_team_game_box') }}
),

final as (
    select
        offense.game_id,
        offense.team_abbr,
        offense.points_scored,
        team_box.schedule_points
    from offense
    inner join team_box
        on
            offense.game_id = team_box.game_id
            and offense.team_abbr = team_box.team_abbr
    where offense.points_scored != team_box.schedule_points
)

select * from final
