{{
    config(
        unique_key=incremental_unique_key('game_date', ['game_date', 'player_lookup']),
        partition_by=(
            {'field': 'game_date', 'data_type': 'date', 'granularity': 'day'}
            if target.type == 'bigquery' else none
        ),
        cluster_by=['universal_player_id', 'player_lookup', 'team_abbr', 'game_date'],
    )
}}

-- one row per (game_date, player_lookup): every player of every final game, DNP and inactive
-- included, with efficiency, shot zones (when play-by-play exists), the pre-tip prop line and
-- its outcome, and provenance/quality
with

box as (
    select * from {{ ref('int_player_game_box') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('game_date') }}
    {% endif %}
),

games as (
    select * from {{ ref('int_games') }}
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

prop_lines as (
    select * from {{ ref('int_player_prop_lines') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('game_date') }}
    {% endif %}
),

team_offense as (
    select * from {{ ref('team_offense_game_summary') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('game_date') }}
    {% endif %}
),

registry as (
    select * from {{ ref('stg_nba_reference__nba_players_registry') }}
),

-- games with play-by-play: a player of such a game without a shot-zone row took no shot
pbp_games as (
    select distinct game_id
    from shot_zones
),

-- registry id: same season and team first, then same season, then the newest other season;
-- a player missing from the registry keeps his row with the default id '{lookup}_001'
registry_match as (
    select
        box.game_id,
        box.player_lookup,
        registry.universal_player_id,
        registry.processed_at as registry_processed_at,
        row_number() over (
            partition by box.game_id, box.player_lookup
            order by
                case
                    when registry.season = games.season and registry.team_abbr = box.team_abbr then 1
                    when registry.season = games.season then 2
                    else 3
                end asc,
                registry.season desc,
                registry.team_abbr asc,
                registry.universal_player_id asc
        ) as registry_rank
    from box
    inner join games
        on box.game_id = games.game_id
    inner join registry
        on box.player_lookup = registry.player_lookup
),

joined as (
    select
        box.player_lookup,
        coalesce(
            registry_match.universal_player_id,
            {{ dbt.concat(['box.player_lookup', "'_001'"]) }}
        ) as universal_player_id,
        registry_match.universal_player_id is null as is_not_in_registry,
        box.player_full_name,
        box.game_id,
        box.game_date,
        box.team_abbr,
        box.opponent_team_abbr,
        box.season_year,
        box.home_game,
        box.player_status,
        box.dnp_reason,
        box.is_starter,
        box.minutes_played as minutes_exact,
        box.points,
        box.assists,
        box.offensive_rebounds,
        box.defensive_rebounds,
        box.total_rebounds,
        box.steals,
        box.blocks,
        box.turnovers,
        box.field_goals_attempted as fg_attempts,
        box.field_goals_made as fg_makes,
        box.three_pointers_attempted as three_pt_attempts,
        box.three_pointers_made as three_pt_makes,
        box.free_throws_attempted as ft_attempts,
        box.free_throws_made as ft_makes,
        box.plus_minus,
        box.personal_fouls,
        box.primary_source_used,
        coalesce(
            box.player_status in ('dnp', 'inactive')
            or (box.player_status = 'active' and box.minutes_played = 0),
            false
        ) as is_dnp,
        case
            when box.home_game then games.home_team_score > games.away_team_score
            else games.away_team_score > games.home_team_score
        end as win_flag,
        pbp_games.game_id is not null as game_has_pbp,
        shot_zones.paint_attempts,
        shot_zones.paint_makes,
        shot_zones.mid_range_attempts,
        shot_zones.mid_range_makes,
        shot_zones.three_attempts_pbp,
        shot_zones.three_makes_pbp,
        shot_zones.paint_blocks,
        shot_zones.mid_range_blocks,
        shot_zones.three_pt_blocks,
        shot_zones.and1_count,
        shot_zones.assisted_fg_makes,
        shot_zones.unassisted_fg_makes,
        team_offense.game_id is not null as has_team_stats,
        team_offense.fg_attempts as team_fg_attempts,
        team_offense.ft_attempts as team_ft_attempts,
        team_offense.turnovers as team_turnovers,
        team_offense.team_minutes,
        team_offense.source_processed_at as team_processed_at,
        -- after the game, its line is the closing line (the market's last word before tip-off)
        prop_lines.closing_line as points_line,
        prop_lines.opening_line,
        prop_lines.closing_line - prop_lines.opening_line as line_movement,
        prop_lines.closing_line_source as points_line_source,
        prop_lines.closing_bookmaker as points_line_bookmaker,
        prop_lines.closing_snapshot_at as points_line_snapshot_at,
        box.source_processed_at as box_processed_at,
        games.source_processed_at as games_processed_at,
        registry_match.registry_processed_at
    from box
    inner join games
        on box.game_id = games.game_id
    left join registry_match
        on
            box.game_id = registry_match.game_id
            and box.player_lookup = registry_match.player_lookup
            and registry_match.registry_rank = 1
    left join pbp_games
        on box.game_id = pbp_games.game_id
    left join shot_zones
        on
            box.game_id = shot_zones.game_id
            and box.player_lookup = shot_zones.player_lookup
    left join team_offense
        on
            box.game_id = team_offense.game_id
            and box.team_abbr = team_offense.team_abbr
    left join prop_lines
        on
            box.game_id = prop_lines.game_id
            and box.player_lookup = prop_lines.player_lookup
),

-- shot zones: NULL without play-by-play (and for DNP rows); 0 for a player of a covered game
-- who has no play-by-play event
zoned as (
    select
        joined.*,
        {%- for zone_column in [
            'paint_attempts', 'paint_makes', 'mid_range_attempts', 'mid_range_makes',
            'three_attempts_pbp', 'three_makes_pbp', 'paint_blocks', 'mid_range_blocks',
            'three_pt_blocks', 'and1_count', 'assisted_fg_makes', 'unassisted_fg_makes',
        ] %}
            case
                when joined.game_has_pbp and not joined.is_dnp then coalesce(joined.{{ zone_column }}, 0)
            end as zone_{{ zone_column }},
        {%- endfor %}
        case when joined.game_has_pbp and not joined.is_dnp then 'bigdataball' end as zone_source,
        cast(
            100.0
            * (joined.fg_attempts + 0.44 * joined.ft_attempts + joined.turnovers)
            * (joined.team_minutes / 5.0)
            / nullif(
                joined.minutes_exact
                * (joined.team_fg_attempts + 0.44 * joined.team_ft_attempts + joined.team_turnovers),
                0
            )
            as {{ type_double() }}
        ) as usage_rate_raw
    from joined
),

derived as (
    select
        zoned.*,
        case
            when coalesce(zoned.minutes_exact, 0) = 0 then 'no_minutes'
            when
                not zoned.has_team_stats
                or zoned.team_minutes is null
                or zoned.team_fg_attempts is null
                or zoned.team_ft_attempts is null
                or zoned.team_turnovers is null
                then 'team_stats_missing'
            when
                zoned.fg_attempts is null
                or zoned.ft_attempts is null
                or zoned.turnovers is null
                or zoned.usage_rate_raw is null
                then 'player_stats_missing'
            when zoned.usage_rate_raw > 100 then 'above_100'
        end as usage_rate_null_reason,
        case
            when not zoned.is_dnp then zoned.points
        end as graded_points,
        case when zoned.primary_source_used != 'nbac_gamebook' then 1 else 0 end as issue_backup_source,
        case
            when not zoned.is_dnp and zoned.zone_paint_attempts is null then 1 else 0
        end as issue_missing_shot_zones,
        case when not zoned.is_dnp and zoned.plus_minus is null then 1 else 0 end as issue_missing_plus_minus,
        case when zoned.is_not_in_registry then 1 else 0 end as issue_not_in_registry
    from zoned
),

scored as (
    select
        derived.*,
        100
        - 15 * derived.issue_backup_source
        - 5 * derived.issue_missing_shot_zones
        - 5 * derived.issue_missing_plus_minus
        - 5 * derived.issue_not_in_registry as score,
        nullif(
            {{ dbt.concat([
                "case when derived.issue_backup_source = 1 then 'backup_source_used; ' else '' end",
                "case when derived.issue_missing_shot_zones = 1 then 'missing_shot_zones; ' else '' end",
                "case when derived.issue_missing_plus_minus = 1 then 'missing_plus_minus; ' else '' end",
                "case when derived.issue_not_in_registry = 1 then 'not_in_registry; ' else '' end",
            ]) }},
            ''
        ) as issues_with_trailing_separator
    from derived
),

final as (
    select
        -- identity
        scored.player_lookup,
        scored.universal_player_id,
        scored.player_full_name,
        scored.game_id,
        scored.game_date,
        scored.team_abbr,
        scored.opponent_team_abbr,
        scored.season_year,
        scored.home_game,

        -- counting stats
        scored.points,
        cast(round(scored.minutes_exact, 1) as {{ type_double() }}) as minutes_played,
        scored.assists,
        scored.offensive_rebounds,
        scored.defensive_rebounds,
        scored.total_rebounds,
        scored.steals,
        scored.blocks,
        scored.turnovers,
        scored.fg_attempts,
        scored.fg_makes,
        scored.three_pt_attempts,
        scored.three_pt_makes,
        scored.ft_attempts,
        scored.ft_makes,
        scored.plus_minus,
        scored.personal_fouls,

        -- shot zones (BigDataBall play-by-play)
        scored.zone_paint_attempts as paint_attempts,
        scored.zone_paint_makes as paint_makes,
        scored.zone_mid_range_attempts as mid_range_attempts,
        scored.zone_mid_range_makes as mid_range_makes,
        scored.zone_three_attempts_pbp as three_attempts_pbp,
        scored.zone_three_makes_pbp as three_makes_pbp,
        case
            when scored.zone_source is not null
                then
                    scored.zone_paint_attempts is not null
                    and scored.zone_mid_range_attempts is not null
                    and scored.zone_three_attempts_pbp is not null
        end as has_complete_shot_zones,
        scored.zone_paint_blocks as paint_blocks,
        scored.zone_mid_range_blocks as mid_range_blocks,
        scored.zone_three_pt_blocks as three_pt_blocks,
        scored.zone_and1_count as and1_count,
        scored.zone_assisted_fg_makes as assisted_fg_makes,
        scored.zone_unassisted_fg_makes as unassisted_fg_makes,
        scored.zone_source as shot_zone_source,

        -- efficiency
        case
            when scored.fg_attempts > 0
                then cast(round(
                    (scored.fg_makes + 0.5 * coalesce(scored.three_pt_makes, 0))
                    / cast(scored.fg_attempts as {{ type_double() }}),
                    3
                ) as {{ type_double() }})
        end as efg_pct,
        case
            when scored.fg_attempts > 0 and scored.ft_attempts is not null
                then cast(round(
                    scored.points / (2.0 * (scored.fg_attempts + 0.44 * scored.ft_attempts)),
                    3
                ) as {{ type_double() }})
        end as ts_pct,
        case
            when scored.usage_rate_null_reason is null
                then cast(round(scored.usage_rate_raw, 1) as {{ type_double() }})
        end as usage_rate,
        scored.usage_rate_null_reason,
        scored.is_starter as starter_flag,
        scored.win_flag,

        -- availability
        coalesce(scored.player_status = 'active', false) as is_active,
        scored.player_status,
        scored.is_dnp,
        case when scored.player_status in ('dnp', 'inactive') then scored.dnp_reason end as dnp_reason,
        case
            when scored.player_status in ('dnp', 'inactive')
                then {{ dnp_reason_category('scored.dnp_reason') }}
        end as dnp_reason_category,

        -- prop outcome (the last line before tip-off)
        cast(scored.points_line as {{ type_double() }}) as points_line,
        cast(scored.opening_line as {{ type_double() }}) as opening_line,
        cast(scored.line_movement as {{ type_double() }}) as line_movement,
        scored.points_line_source,
        scored.points_line_bookmaker,
        scored.points_line_snapshot_at,
        {{ over_under_result('scored.graded_points', 'scored.points_line') }} as over_under_result,
        cast(round(scored.graded_points - scored.points_line, 2) as {{ type_double() }}) as margin,

        -- provenance and quality
        scored.primary_source_used,
        {{ player_quality_tier('scored.score') }} as quality_tier,
        cast(scored.score as {{ type_double() }}) as quality_score,
        substr(
            scored.issues_with_trailing_separator,
            1,
            length(scored.issues_with_trailing_separator) - 2
        ) as quality_issues,
        scored.score >= 50 as is_production_ready,
        greatest(
            scored.box_processed_at,
            coalesce(scored.games_processed_at, scored.box_processed_at),
            coalesce(scored.registry_processed_at, scored.box_processed_at),
            coalesce(scored.team_processed_at, scored.box_processed_at)
        ) as source_processed_at
    from scored
)

select * from final
