-- The defence row of a team is its opponent's offence row seen from the other side: points allowed,
-- opponent possessions, defensive rating, opponent pace and TS% equal the opponent's offence values,
-- and win/margin are mirrored.
with

offense as (
    select * from {{ ref('team_offense_game_summary') }}
),

defense as (
    select * from {{ ref('team_defense_game_summary') }}
),

final as (
    select
        defense.game_id,
        defense.defending_team_abbr,
        defense.points_allowed,
        offense.points_scored,
        defense.defensive_rating,
        offense.offensive_rating,
        defense.opponent_pace,
        offense.pace
    from defense
    left join offense
        on
            defense.game_id = offense.game_id
            and defense.opponent_team_abbr = offense.team_abbr
    where
        offense.team_abbr is null
        or defense.points_allowed != offense.points_scored
        or defense.opp_possessions != offense.possessions
        or coalesce(defense.defensive_rating, -1) != coalesce(offense.offensive_rating, -1)
        or coalesce(defense.opponent_pace, -1) != coalesce(offense.pace, -1)
        or coalesce(defense.opponent_ts_pct, -1) != coalesce(offense.ts_pct, -1)
        or defense.win_flag = offense.win_flag
        or defense.margin_of_victory != -offense.margin_of_victory
        or defense.turnovers_forced != offense.turnovers
)

select * from final
