-- one row per (game_id, player_lookup) for games with BigDataBall play-by-play: field-goal
-- attempts and makes by zone (paint <= 8 ft; three = '3pt' subtype or >= 23.75 ft; else
-- mid-range), assisted / unassisted makes, and-ones, and blocks by zone credited to the blocker
with

games as (
    select * from {{ ref('int_games') }}
),

play_by_play as (
    select * from {{ ref('stg_nba_raw__bigdataball_play_by_play') }}
),

-- field-goal attempts (free throws excluded) with a usable distance and result
shots as (
    select
        play_by_play.game_id,
        play_by_play.player_1_lookup as shooter_lookup,
        play_by_play.player_1_team_abbr as shooter_team_abbr,
        play_by_play.player_2_lookup,
        play_by_play.player_2_role,
        play_by_play.shot_made,
        {{ team_shot_zone('play_by_play.shot_distance', 'play_by_play.event_subtype') }} as shot_zone,
        case
            when play_by_play.player_1_team_abbr = games.home_team_abbr then games.away_team_abbr
            else games.home_team_abbr
        end as defending_team_abbr
    from play_by_play
    inner join games
        on play_by_play.game_id = games.game_id
    where
        lower(play_by_play.event_type) != 'free throw'
        and coalesce(upper(play_by_play.shot_type), '') != 'FT'
        and play_by_play.shot_made is not null
        and play_by_play.shot_distance is not null
        and play_by_play.player_1_lookup is not null
),

shooter_events as (
    select
        game_id,
        shooter_team_abbr as team_abbr,
        shooter_lookup as player_lookup,
        case when shot_zone = 'paint' then 1 else 0 end as paint_attempt,
        case when shot_zone = 'paint' and shot_made then 1 else 0 end as paint_make,
        case when shot_zone = 'mid_range' then 1 else 0 end as mid_range_attempt,
        case when shot_zone = 'mid_range' and shot_made then 1 else 0 end as mid_range_make,
        case when shot_zone = 'three' then 1 else 0 end as three_attempt,
        case when shot_zone = 'three' and shot_made then 1 else 0 end as three_make,
        case when shot_made and player_2_role = 'assist' then 1 else 0 end as assisted_make,
        case
            when shot_made and coalesce(player_2_role, '') not in ('assist', 'block') then 1
            else 0
        end as unassisted_make,
        0 as and1,
        0 as paint_block,
        0 as mid_range_block,
        0 as three_pt_block
    from shots
),

blocker_events as (
    select
        game_id,
        defending_team_abbr as team_abbr,
        player_2_lookup as player_lookup,
        0 as paint_attempt,
        0 as paint_make,
        0 as mid_range_attempt,
        0 as mid_range_make,
        0 as three_attempt,
        0 as three_make,
        0 as assisted_make,
        0 as unassisted_make,
        0 as and1,
        case when shot_zone = 'paint' then 1 else 0 end as paint_block,
        case when shot_zone = 'mid_range' then 1 else 0 end as mid_range_block,
        case when shot_zone = 'three' then 1 else 0 end as three_pt_block
    from shots
    where
        player_2_role = 'block'
        and player_2_lookup is not null
),

and1_events as (
    select
        play_by_play.game_id,
        play_by_play.player_1_team_abbr as team_abbr,
        play_by_play.player_1_lookup as player_lookup,
        0 as paint_attempt,
        0 as paint_make,
        0 as mid_range_attempt,
        0 as mid_range_make,
        0 as three_attempt,
        0 as three_make,
        0 as assisted_make,
        0 as unassisted_make,
        1 as and1,
        0 as paint_block,
        0 as mid_range_block,
        0 as three_pt_block
    from play_by_play
    inner join games
        on play_by_play.game_id = games.game_id
    where
        lower(play_by_play.event_type) = 'free throw'
        and lower(play_by_play.event_subtype) = 'free throw 1/1'
        and play_by_play.player_1_lookup is not null
),

player_events as (
    select * from shooter_events
    union all
    select * from blocker_events
    union all
    select * from and1_events
),

final as (
    select
        player_events.game_id,
        games.game_date,
        max(player_events.team_abbr) as team_abbr,
        player_events.player_lookup,
        cast(sum(player_events.paint_attempt) as {{ dbt.type_int() }}) as paint_attempts,
        cast(sum(player_events.paint_make) as {{ dbt.type_int() }}) as paint_makes,
        cast(sum(player_events.mid_range_attempt) as {{ dbt.type_int() }}) as mid_range_attempts,
        cast(sum(player_events.mid_range_make) as {{ dbt.type_int() }}) as mid_range_makes,
        cast(sum(player_events.three_attempt) as {{ dbt.type_int() }}) as three_attempts_pbp,
        cast(sum(player_events.three_make) as {{ dbt.type_int() }}) as three_makes_pbp,
        cast(sum(player_events.assisted_make) as {{ dbt.type_int() }}) as assisted_fg_makes,
        cast(sum(player_events.unassisted_make) as {{ dbt.type_int() }}) as unassisted_fg_makes,
        cast(sum(player_events.and1) as {{ dbt.type_int() }}) as and1_count,
        cast(sum(player_events.paint_block) as {{ dbt.type_int() }}) as paint_blocks,
        cast(sum(player_events.mid_range_block) as {{ dbt.type_int() }}) as mid_range_blocks,
        cast(sum(player_events.three_pt_block) as {{ dbt.type_int() }}) as three_pt_blocks,
        'bigdataball' as shot_zone_source
    from player_events
    inner join games
        on player_events.game_id = games.game_id
    group by
        player_events.game_id,
        games.game_date,
        player_events.player_lookup
)

select * from final
