-- one row per (game_id, team_abbr) of final games. The team box score is used whenever it has the
-- row. A team-game without it is rebuilt from the player rows of int_player_game_box only when those
-- are complete (player-minutes within a rounding margin of 240 + 25 per overtime, points equal to the
-- schedule's score); real player files are often partial, and a sum of a few players is not a team.
-- Otherwise the row is kept with NULL stats, the schedule's score and a stats_missing_reason, so
-- every final game still has its two rows and the features that need the stats fall back, flagged.
-- Provenance on every row. Also carries the team's player-row aggregates (defensive actions,
-- cross-checks).
with

games as (
    select * from {{ ref('int_games') }}
),

team_box as (
    select * from {{ ref('stg_nba_raw__nbac_team_boxscore') }}
),

player_box as (
    select * from {{ ref('int_player_game_box') }}
),

final_games as (
    select
        game_id,
        nba_game_id,
        game_date,
        season_year,
        home_team_abbr,
        away_team_abbr,
        home_team_score,
        away_team_score
    from games
    where is_final
),

-- both sides of every final game
team_games as (
    select
        game_id,
        nba_game_id,
        game_date,
        season_year,
        home_team_abbr as team_abbr,
        away_team_abbr as opponent_team_abbr,
        true as home_game,
        home_team_score as schedule_points,
        away_team_score as schedule_opponent_points
    from final_games
    union all
    select
        game_id,
        nba_game_id,
        game_date,
        season_year,
        away_team_abbr as team_abbr,
        home_team_abbr as opponent_team_abbr,
        false as home_game,
        away_team_score as schedule_points,
        home_team_score as schedule_opponent_points
    from final_games
),

-- usable team-box rows: a row with no points or no field-goal attempts (an in-progress or empty
-- game) does not count, team by team
team_box_rows as (
    select
        team_box.game_id,
        team_box.team_abbr,
        team_box.points,
        team_box.fg_made as fg_makes,
        team_box.fg_attempted as fg_attempts,
        team_box.three_pt_made as three_pt_makes,
        team_box.three_pt_attempted as three_pt_attempts,
        team_box.ft_made as ft_makes,
        team_box.ft_attempted as ft_attempts,
        team_box.offensive_rebounds,
        team_box.defensive_rebounds,
        team_box.total_rebounds,
        team_box.assists,
        team_box.steals,
        team_box.blocks,
        team_box.turnovers,
        team_box.personal_fouls,
        {{ minutes_to_decimal('team_box.minutes') }} as team_minutes,
        team_box.processed_at as source_processed_at
    from team_box
    where
        coalesce(team_box.points, 0) > 0
        and coalesce(team_box.fg_attempted, 0) > 0
),

-- the team's player rows (DNP / inactive rows carry no stats and are excluded)
player_sums as (
    select
        game_id,
        team_abbr,
        count(*) as player_rows_count,
        sum(points) as points,
        sum(field_goals_made) as fg_makes,
        sum(field_goals_attempted) as fg_attempts,
        sum(three_pointers_made) as three_pt_makes,
        sum(three_pointers_attempted) as three_pt_attempts,
        sum(free_throws_made) as ft_makes,
        sum(free_throws_attempted) as ft_attempts,
        sum(offensive_rebounds) as offensive_rebounds,
        sum(defensive_rebounds) as defensive_rebounds,
        sum(total_rebounds) as total_rebounds,
        sum(assists) as assists,
        sum(steals) as steals,
        sum(blocks) as blocks,
        sum(turnovers) as turnovers,
        sum(personal_fouls) as personal_fouls,
        sum(minutes_played) as team_minutes,
        max(primary_source_used) as player_source,
        max(source_processed_at) as source_processed_at
    from player_box
    where player_status = 'active'
    group by game_id, team_abbr
),

joined as (
    select
        team_games.*,
        team_box_rows.game_id is not null as has_team_box,
        player_sums.game_id is not null as has_player_rows,
        team_box_rows.points as box_points,
        team_box_rows.fg_makes as box_fg_makes,
        team_box_rows.fg_attempts as box_fg_attempts,
        team_box_rows.three_pt_makes as box_three_pt_makes,
        team_box_rows.three_pt_attempts as box_three_pt_attempts,
        team_box_rows.ft_makes as box_ft_makes,
        team_box_rows.ft_attempts as box_ft_attempts,
        team_box_rows.offensive_rebounds as box_offensive_rebounds,
        team_box_rows.defensive_rebounds as box_defensive_rebounds,
        team_box_rows.total_rebounds as box_total_rebounds,
        team_box_rows.assists as box_assists,
        team_box_rows.steals as box_steals,
        team_box_rows.blocks as box_blocks,
        team_box_rows.turnovers as box_turnovers,
        team_box_rows.personal_fouls as box_personal_fouls,
        team_box_rows.team_minutes as box_team_minutes,
        team_box_rows.source_processed_at as box_processed_at,
        player_sums.player_rows_count,
        player_sums.points as player_points,
        player_sums.fg_makes as player_fg_makes,
        player_sums.fg_attempts as player_fg_attempts,
        player_sums.three_pt_makes as player_three_pt_makes,
        player_sums.three_pt_attempts as player_three_pt_attempts,
        player_sums.ft_makes as player_ft_makes,
        player_sums.ft_attempts as player_ft_attempts,
        player_sums.offensive_rebounds as player_offensive_rebounds,
        player_sums.defensive_rebounds as player_defensive_rebounds,
        player_sums.total_rebounds as player_total_rebounds,
        player_sums.assists as player_assists,
        player_sums.steals as player_steals,
        player_sums.blocks as player_blocks,
        player_sums.turnovers as player_turnovers,
        player_sums.personal_fouls as player_personal_fouls,
        player_sums.team_minutes as player_team_minutes,
        player_sums.player_source,
        player_sums.source_processed_at as player_processed_at,
        {{ team_minutes_complete('player_sums.team_minutes') }} as is_player_minutes_complete
    from team_games
    left join team_box_rows
        on
            team_games.game_id = team_box_rows.game_id
            and team_games.team_abbr = team_box_rows.team_abbr
    left join player_sums
        on
            team_games.game_id = player_sums.game_id
            and team_games.team_abbr = player_sums.team_abbr
),

-- 'team_box' when the team box has the row; 'players' when it does not and the player rows are a
-- complete team; 'none' (stats NULL, reason kept) otherwise
sourced as (
    select
        joined.*,
        case
            when joined.has_team_box then 'team_box'
            when
                joined.has_player_rows
                and joined.is_player_minutes_complete
                and (joined.schedule_points is null or joined.player_points = joined.schedule_points)
                then 'players'
            else 'none'
        end as row_source,
        case
            when joined.has_team_box then null
            when not joined.has_player_rows
                then 'no team box row and no player rows'
            when not joined.is_player_minutes_complete
                then
                    'no team box row; player rows incomplete ('
                    || cast(
                        cast(round(joined.player_team_minutes, 0) as {{ dbt.type_int() }}) as {{ dbt.type_string() }}
                    )
                    || ' player-minutes)'
            when joined.schedule_points is not null and joined.player_points != joined.schedule_points
                then
                    'no team box row; player points '
                    || cast(joined.player_points as {{ dbt.type_string() }})
                    || ' do not match the schedule score '
                    || cast(joined.schedule_points as {{ dbt.type_string() }})
        end as stats_missing_reason
    from joined
),

{%- set stats = [
    'fg_makes', 'fg_attempts', 'three_pt_makes', 'three_pt_attempts', 'ft_makes', 'ft_attempts',
    'offensive_rebounds', 'defensive_rebounds', 'total_rebounds', 'assists', 'steals', 'blocks',
    'turnovers', 'personal_fouls',
] %}

final as (
    select
        game_id,
        nba_game_id,
        game_date,
        season_year,
        team_abbr,
        opponent_team_abbr,
        home_game,
        -- the final score is known from the schedule even when the box is not
        case
            when row_source = 'team_box' then box_points
            when row_source = 'players' then player_points
            else schedule_points
        end as points,
        {%- for stat in stats %}
            case
                when row_source = 'team_box' then box_{{ stat }}
                when row_source = 'players' then player_{{ stat }}
            end as {{ stat }},
        {%- endfor %}
        -- player-minutes of the team (240 + 25 per overtime); a team box without a parsable
        -- minutes string falls back to the sum of its players' minutes
        cast(
            case
                when row_source = 'team_box'
                    then coalesce(box_team_minutes, player_team_minutes)
                when row_source = 'players' then player_team_minutes
            end as {{ type_double() }}
        ) as team_minutes,
        row_source = 'team_box' and box_team_minutes is null as is_team_minutes_from_players,
        schedule_points,
        schedule_opponent_points,
        -- the team's own player rows, whatever the team source (defensive actions, cross-checks)
        coalesce(player_rows_count, 0) as player_rows_count,
        player_points,
        player_steals,
        player_defensive_rebounds,
        player_blocks,
        player_source,
        case
            when row_source = 'team_box' then 'nbac_team_boxscore'
            when row_source = 'players' then 'reconstructed_from_players'
            else 'schedule_score_only'
        end as primary_source_used,
        case
            when row_source = 'team_box' then 'gold'
            when row_source = 'players' then 'silver'
            else 'poor'
        end as source_quality_tier,
        case
            when row_source = 'team_box' then 100
            when row_source = 'players' then 85
            else 0
        end as source_quality_score,
        row_source = 'none' as is_stats_missing,
        stats_missing_reason,
        case
            when row_source = 'team_box' then box_processed_at
            else player_processed_at
        end as source_processed_at
    from sourced
)

select * from final
