{{
    config(
        unique_key=incremental_unique_key('game_date', ['game_date', 'defending_team_abbr']),
        partition_by=bq_date_partition('game_date'),
        cluster_by=['defending_team_abbr', 'game_date', 'quality_tier'],
    )
}}

-- one row per defending team per final game (game_date, defending_team_abbr): the opponent's
-- offence seen from the defender (points allowed, opponent shooting, defensive rating,
-- overtime-normalised opponent pace, turnovers forced), zone defence and blocks by zone from
-- play-by-play, the defender's own defensive actions from its player rows, provenance and quality
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

pbp_games as (
    select distinct
        game_id,
        shot_zone_source
    from shot_zones
),

-- per team: its shots by zone (the opponent's view) and the blocks its players made by zone
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
        cast(sum(paint_blocks) as {{ dbt.type_int() }}) as paint_blocks,
        cast(sum(mid_range_blocks) as {{ dbt.type_int() }}) as mid_range_blocks,
        cast(sum(three_pt_blocks) as {{ dbt.type_int() }}) as three_pt_blocks
    from shot_zones
    group by game_id, team_abbr
),

-- defender = the team-game row (t1), opponent = the other team of the game (t2)
paired as (
    select
        defender.game_id,
        defender.nba_game_id,
        defender.game_date,
        defender.season_year,
        defender.team_abbr as defending_team_abbr,
        defender.opponent_team_abbr,
        defender.home_game,
        defender.points as defender_points,
        defender.personal_fouls as defender_personal_fouls,
        defender.player_rows_count as defender_player_rows,
        defender.player_steals,
        defender.player_defensive_rebounds,
        defender.player_blocks,
        defender.schedule_points,
        defender.schedule_opponent_points,
        defender.primary_source_used as defender_source,
        defender.source_quality_score as defender_quality_score,
        defender.source_processed_at as defender_processed_at,
        opponent.game_id is not null as has_opponent_row,
        opponent.points as opp_points,
        opponent.fg_attempts as opp_fg_attempts,
        opponent.fg_makes as opp_fg_makes,
        opponent.three_pt_attempts as opp_three_pt_attempts,
        opponent.three_pt_makes as opp_three_pt_makes,
        opponent.ft_attempts as opp_ft_attempts,
        opponent.ft_makes as opp_ft_makes,
        opponent.offensive_rebounds as opp_offensive_rebounds,
        opponent.total_rebounds as opp_rebounds,
        opponent.assists as opp_assists,
        opponent.turnovers as opp_turnovers,
        opponent.team_minutes as opp_team_minutes,
        opponent.primary_source_used as opponent_source,
        opponent.is_stats_missing as is_opponent_stats_missing,
        opponent.stats_missing_reason as opponent_stats_missing_reason,
        opponent.source_quality_score as opponent_quality_score,
        opponent.source_processed_at as opponent_processed_at,
        {{ team_possessions(
            'opponent.fg_attempts', 'opponent.ft_attempts',
            'opponent.turnovers', 'opponent.offensive_rebounds'
        ) }} as raw_opp_possessions,
        -- the game's team minutes (both teams share them); the defender's when the opponent's
        -- row is missing
        coalesce(opponent.team_minutes, defender.team_minutes) as team_minutes
    from team_box as defender
    left join team_box as opponent
        on
            defender.game_id = opponent.game_id
            and defender.opponent_team_abbr = opponent.team_abbr
),

with_zones as (
    select
        paired.*,
        pbp_games.game_id is not null as shot_zones_available,
        pbp_games.shot_zone_source,
        opponent_zones.paint_attempts as opp_zone_paint_attempts,
        opponent_zones.paint_makes as opp_zone_paint_makes,
        opponent_zones.mid_range_attempts as opp_zone_mid_range_attempts,
        opponent_zones.mid_range_makes as opp_zone_mid_range_makes,
        opponent_zones.three_attempts as opp_zone_three_attempts,
        opponent_zones.three_makes as opp_zone_three_makes,
        defender_zones.paint_blocks as zone_paint_blocks,
        defender_zones.mid_range_blocks as zone_mid_range_blocks,
        defender_zones.three_pt_blocks as zone_three_pt_blocks,
        coalesce(paired.defender_points, paired.schedule_points) as game_points,
        coalesce(paired.opp_points, paired.schedule_opponent_points) as game_points_allowed,
        -- the weaker of the two sources sets the base score
        case
            when paired.has_opponent_row
                then least(paired.defender_quality_score, paired.opponent_quality_score)
            else paired.defender_quality_score
        end as source_quality_score,
        case
            when
                paired.defender_source = 'schedule_score_only'
                or paired.opponent_source = 'schedule_score_only'
                then 'schedule_score_only'
            when
                paired.defender_source = 'reconstructed_from_players'
                or paired.opponent_source = 'reconstructed_from_players'
                then 'reconstructed_from_players'
            else 'nbac_team_boxscore'
        end as primary_source_used,
        case
            when paired.opponent_processed_at > paired.defender_processed_at
                then paired.opponent_processed_at
            else paired.defender_processed_at
        end as source_processed_at
    from paired
    left join pbp_games
        on paired.game_id = pbp_games.game_id
    left join team_zones as opponent_zones
        on
            paired.game_id = opponent_zones.game_id
            and paired.opponent_team_abbr = opponent_zones.team_abbr
    left join team_zones as defender_zones
        on
            paired.game_id = defender_zones.game_id
            and paired.defending_team_abbr = defender_zones.team_abbr
),

final as (
    select
        game_id,
        nba_game_id,
        game_date,
        season_year,
        defending_team_abbr,
        opponent_team_abbr,
        home_game,
        opp_points as points_allowed,
        opp_fg_attempts,
        opp_fg_makes,
        opp_three_pt_attempts,
        opp_three_pt_makes,
        opp_ft_attempts,
        opp_ft_makes,
        opp_offensive_rebounds,
        opp_rebounds,
        opp_assists,
        opp_turnovers as turnovers_forced,
        defender_personal_fouls as fouls_committed,
        round(raw_opp_possessions, 2) as opp_possessions,
        round({{ team_rating('opp_points', 'raw_opp_possessions') }}, 2) as defensive_rating,
        round({{ team_pace('raw_opp_possessions', team_nominal_minutes('team_minutes')) }}, 1) as opponent_pace,
        round(
            {{ team_ts_pct('opp_points', 'opp_fg_attempts', 'opp_ft_attempts') }}, 3
        ) as opponent_ts_pct,
        team_minutes,
        {{ team_overtime_periods('team_minutes') }} as overtime_periods,
        -- the defender's own defensive actions, from its player rows (DNP rows excluded)
        case when defender_player_rows > 0 then player_steals end as steals,
        case when defender_player_rows > 0 then player_defensive_rebounds end as defensive_rebounds,
        case when defender_player_rows > 0 then player_blocks end as blocks,
        case
            when shot_zones_available then coalesce(opp_zone_paint_attempts, 0)
        end as opp_paint_attempts,
        case when shot_zones_available then coalesce(opp_zone_paint_makes, 0) end as opp_paint_makes,
        case
            when shot_zones_available then coalesce(opp_zone_mid_range_attempts, 0)
        end as opp_mid_range_attempts,
        case
            when shot_zones_available then coalesce(opp_zone_mid_range_makes, 0)
        end as opp_mid_range_makes,
        case
            when shot_zones_available then coalesce(opp_zone_three_attempts, 0)
        end as opp_three_attempts,
        case when shot_zones_available then coalesce(opp_zone_three_makes, 0) end as opp_three_makes,
        case
            when shot_zones_available then 2 * coalesce(opp_zone_paint_makes, 0)
        end as points_in_paint_allowed,
        case
            when shot_zones_available then 2 * coalesce(opp_zone_mid_range_makes, 0)
        end as mid_range_points_allowed,
        case
            when shot_zones_available then 3 * coalesce(opp_zone_three_makes, 0)
        end as three_pt_points_allowed,
        case when shot_zones_available then coalesce(zone_paint_blocks, 0) end as blocks_paint,
        case
            when shot_zones_available then coalesce(zone_mid_range_blocks, 0)
        end as blocks_mid_range,
        case when shot_zones_available then coalesce(zone_three_pt_blocks, 0) end as blocks_three_pt,
        shot_zones_available,
        shot_zone_source as shot_zones_source,
        case
            when game_points is null or game_points_allowed is null then null
            else game_points > game_points_allowed
        end as win_flag,
        game_points - game_points_allowed as margin_of_victory,
        primary_source_used,
        coalesce(is_opponent_stats_missing, false) as is_stats_missing,
        opponent_stats_missing_reason as stats_missing_reason,
        {{ team_quality_columns('source_quality_score', [
            ['primary_source_used = \'reconstructed_from_players\'', 'reconstructed_from_players', 0],
            ['coalesce(is_opponent_stats_missing, false)', 'team_stats_missing', 0],
            ['not shot_zones_available', 'shot_zones_unavailable', 15],
            ['not has_opponent_row', 'opponent_row_missing', 40],
            ['defender_player_rows = 0', 'defender_player_rows_missing', 10],
        ]) }},
        source_processed_at
    from with_zones
)

select * from final
