{{
    config(
        unique_key=incremental_unique_key('game_date', ['game_date', 'team_abbr']),
        partition_by=bq_date_partition('game_date'),
        cluster_by=['team_abbr', 'game_date', 'home_game'],
    )
}}

-- one row per team per final game (game_date, team_abbr): the team's offence with possessions,
-- ratings, overtime-normalised pace, real win flag and margin, team shot zones from play-by-play,
-- source provenance and quality
with

team_box as (
    select * from {{ ref('int_team_game_box') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('game_date') }}
    {% endif %}
),

shot_zones as (
    select * from {{ ref('int_player_shot_zones') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('game_date') }}
    {% endif %}
),

-- games with play-by-play: every team of such a game has shot zones (0 when it took no shot)
pbp_games as (
    select distinct
        game_id,
        shot_zone_source
    from shot_zones
),

team_zones as (
    select
        game_id,
        team_abbr,
        cast(sum(paint_attempts) as {{ dbt.type_int() }}) as paint_attempts,
        cast(sum(paint_makes) as {{ dbt.type_int() }}) as paint_makes,
        cast(sum(mid_range_attempts) as {{ dbt.type_int() }}) as mid_range_attempts,
        cast(sum(mid_range_makes) as {{ dbt.type_int() }}) as mid_range_makes,
        cast(sum(three_attempts_pbp) as {{ dbt.type_int() }}) as three_attempts,
        cast(sum(three_makes_pbp) as {{ dbt.type_int() }}) as three_makes,
        cast(sum(assisted_fg_makes) as {{ dbt.type_int() }}) as assisted_fg_makes,
        cast(sum(unassisted_fg_makes) as {{ dbt.type_int() }}) as unassisted_fg_makes
    from shot_zones
    group by game_id, team_abbr
),

with_opponent as (
    select
        team_box.*,
        opponent.points as opponent_box_points,
        {{ team_possessions(
            'team_box.fg_attempts', 'team_box.ft_attempts',
            'team_box.turnovers', 'team_box.offensive_rebounds'
        ) }} as raw_possessions,
        pbp_games.game_id is not null as shot_zones_available,
        pbp_games.shot_zone_source,
        team_zones.paint_attempts,
        team_zones.paint_makes,
        team_zones.mid_range_attempts,
        team_zones.mid_range_makes,
        team_zones.three_attempts,
        team_zones.three_makes,
        team_zones.assisted_fg_makes,
        team_zones.unassisted_fg_makes
    from team_box
    left join team_box as opponent
        on
            team_box.game_id = opponent.game_id
            and team_box.opponent_team_abbr = opponent.team_abbr
    left join pbp_games
        on team_box.game_id = pbp_games.game_id
    left join team_zones
        on
            team_box.game_id = team_zones.game_id
            and team_box.team_abbr = team_zones.team_abbr
),

metrics as (
    select
        with_opponent.*,
        -- the two teams' scores: the opponent's row, else the schedule's final score
        coalesce(
            with_opponent.opponent_box_points, with_opponent.schedule_opponent_points
        ) as opponent_points,
        {{ team_overtime_periods('with_opponent.team_minutes') }} as overtime_periods
    from with_opponent
),

final as (
    select
        game_id,
        nba_game_id,
        game_date,
        season_year,
        team_abbr,
        opponent_team_abbr,
        home_game,
        points as points_scored,
        opponent_points,
        fg_attempts,
        fg_makes,
        three_pt_attempts,
        three_pt_makes,
        ft_attempts,
        ft_makes,
        offensive_rebounds,
        defensive_rebounds,
        total_rebounds as rebounds,
        assists,
        steals,
        blocks,
        turnovers,
        personal_fouls,
        round(raw_possessions, 2) as possessions,
        round({{ team_rating('points', 'raw_possessions') }}, 2) as offensive_rating,
        round({{ team_pace('raw_possessions', team_nominal_minutes('team_minutes')) }}, 1) as pace,
        team_minutes,
        overtime_periods,
        round({{ team_ts_pct('points', 'fg_attempts', 'ft_attempts') }}, 3) as ts_pct,
        round(
            (fg_makes + 0.5 * three_pt_makes) / nullif(cast(fg_attempts as {{ type_double() }}), 0),
            3
        ) as efg_pct,
        case
            when points is null or opponent_points is null then null
            else points > opponent_points
        end as win_flag,
        points - opponent_points as margin_of_victory,
        case when shot_zones_available then coalesce(paint_attempts, 0) end as team_paint_attempts,
        case when shot_zones_available then coalesce(paint_makes, 0) end as team_paint_makes,
        case
            when shot_zones_available then coalesce(mid_range_attempts, 0)
        end as team_mid_range_attempts,
        case
            when shot_zones_available then coalesce(mid_range_makes, 0)
        end as team_mid_range_makes,
        case when shot_zones_available then coalesce(three_attempts, 0) end as team_three_attempts_pbp,
        case when shot_zones_available then coalesce(three_makes, 0) end as team_three_makes_pbp,
        case when shot_zones_available then 2 * coalesce(paint_makes, 0) end as points_in_paint_scored,
        case
            when shot_zones_available then 2 * coalesce(mid_range_makes, 0)
        end as mid_range_points_scored,
        case
            when shot_zones_available then 3 * coalesce(three_makes, 0)
        end as three_pt_points_scored,
        case
            when shot_zones_available then coalesce(assisted_fg_makes, 0)
        end as assisted_fg_makes,
        case
            when shot_zones_available then coalesce(unassisted_fg_makes, 0)
        end as unassisted_fg_makes,
        shot_zones_available,
        shot_zone_source as shot_zones_source,
        primary_source_used,
        primary_source_used = 'reconstructed_from_players' as is_reconstructed,
        is_stats_missing,
        stats_missing_reason,
        {{ team_quality_columns('source_quality_score', [
            ['primary_source_used = \'reconstructed_from_players\'', 'reconstructed_from_players', 0],
            ['is_stats_missing', 'team_stats_missing', 0],
            ['not shot_zones_available', 'shot_zones_unavailable', 15],
            ['opponent_box_points is null', 'opponent_row_missing', 10],
            ['is_team_minutes_from_players', 'team_minutes_from_players', 5],
        ]) }},
        source_processed_at
    from metrics
)

select * from final
