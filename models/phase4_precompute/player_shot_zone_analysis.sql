{{
    config(
        unique_key=incremental_unique_key('analysis_date', ['analysis_date', 'player_lookup']),
        partition_by=bq_date_partition('analysis_date'),
        cluster_by=['player_lookup', 'team_abbr'],
    )
}}

{#- Last N games = the player's N most recent PLAYED games (not DNP, minutes > 0) with
    game_date < analysis_date and game_date >= analysis_date - history_days, whatever the season.
    The history read window is exactly as wide, so incremental and full refresh agree. -#}
{%- set history_days = 400 -%}
{%- set rate_tolerance = 0.02 -%}

-- one row per (analysis_date, player_lookup) of upcoming_player_game_context: the player's shot
-- profile over his last 10 and 20 played games before the date (zone shares of FGA, zone FG%,
-- FGA per game, assisted share, primary scoring zone), the early-season minimum-games ramp and
-- flags; strictly point in time (only games before analysis_date)
with

driver as (
    select * from {{ ref('upcoming_player_game_context') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('game_date', window_column='analysis_date') }}
    {% endif %}
),

player_history as (
    select * from {{ ref('player_game_summary') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('game_date', extra_days=history_days, window_column='analysis_date') }}
    {% endif %}
),

schedule as (
    select * from {{ ref('int_games') }}
),

-- the season's first game (regular season when flagged, else any game) starts the ramp
season_starts as (
    select
        season_year,
        coalesce(
            min(case when is_regular_season then game_date end),
            min(game_date)
        ) as season_first_game_date
    from schedule
    group by season_year
),

played_games as (
    select
        game_id,
        game_date,
        player_lookup,
        fg_attempts,
        fg_makes,
        paint_attempts,
        paint_makes,
        mid_range_attempts,
        mid_range_makes,
        three_attempts_pbp,
        three_makes_pbp,
        assisted_fg_makes,
        coalesce(has_complete_shot_zones, false)
        and paint_attempts is not null
        and mid_range_attempts is not null
        and three_attempts_pbp is not null as has_zones
    from player_history
    where
        not is_dnp
        and minutes_played > 0
),

-- the player's last 20 played games before each analysis date
recent_games as (
    select
        driver.game_date as analysis_date,
        driver.player_lookup,
        played_games.game_id,
        played_games.game_date,
        played_games.fg_attempts,
        played_games.fg_makes,
        played_games.paint_attempts,
        played_games.paint_makes,
        played_games.mid_range_attempts,
        played_games.mid_range_makes,
        played_games.three_attempts_pbp,
        played_games.three_makes_pbp,
        played_games.assisted_fg_makes,
        played_games.has_zones,
        row_number() over (
            partition by driver.game_date, driver.player_lookup
            order by played_games.game_date desc, played_games.game_id desc
        ) as recency_rank
    from driver
    inner join played_games
        on
            driver.player_lookup = played_games.player_lookup
            and driver.game_date > played_games.game_date
            and played_games.game_date >= {{ dbt.dateadd('day', -history_days, 'driver.game_date') }}
),

windowed as (
    select
        recent_games.*,
        recent_games.recency_rank <= 10 as in_last_10,
        recent_games.recency_rank <= 10 and recent_games.has_zones as is_zone_game_10,
        recent_games.has_zones as is_zone_game_20
    from recent_games
    where recent_games.recency_rank <= 20
),

aggregated as (
    select
        analysis_date,
        player_lookup,
        max(game_date) as latest_input_game_date,
        sum(case when in_last_10 then 1 else 0 end) as games_in_sample_10,
        count(*) as games_in_sample_20,
        sum(case when is_zone_game_10 then 1 else 0 end) as zone_games_in_sample_10,
        sum(case when is_zone_game_20 then 1 else 0 end) as zone_games_in_sample_20,
        sum(case when in_last_10 then fg_attempts end) as fga_10,
        -- last 10, play-by-play games only
        sum(case when is_zone_game_10 then fg_attempts end) as zone_fga_10,
        sum(case when is_zone_game_10 then fg_makes end) as zone_fgm_10,
        sum(case when is_zone_game_10 then paint_attempts end) as paint_attempts_10,
        sum(case when is_zone_game_10 then paint_makes end) as paint_makes_10,
        sum(case when is_zone_game_10 then mid_range_attempts end) as mid_range_attempts_10,
        sum(case when is_zone_game_10 then mid_range_makes end) as mid_range_makes_10,
        sum(case when is_zone_game_10 then three_attempts_pbp end) as three_attempts_10,
        sum(case when is_zone_game_10 then three_makes_pbp end) as three_makes_10,
        sum(case when is_zone_game_10 then assisted_fg_makes end) as assisted_makes_10,
        -- last 20, play-by-play games only
        sum(case when is_zone_game_20 then fg_attempts end) as zone_fga_20,
        sum(case when is_zone_game_20 then paint_attempts end) as paint_attempts_20,
        sum(case when is_zone_game_20 then mid_range_attempts end) as mid_range_attempts_20,
        sum(case when is_zone_game_20 then three_attempts_pbp end) as three_attempts_20
    from windowed
    group by analysis_date, player_lookup
),

joined as (
    select
        driver.game_date as analysis_date,
        driver.player_lookup,
        driver.team_abbr,
        {{ zones_days_into_season('season_starts.season_first_game_date', 'driver.game_date') }}
            as days_into_season,
        cast(coalesce(aggregated.games_in_sample_10, 0) as {{ dbt.type_int() }}) as games_in_sample_10,
        cast(coalesce(aggregated.games_in_sample_20, 0) as {{ dbt.type_int() }}) as games_in_sample_20,
        cast(coalesce(aggregated.zone_games_in_sample_10, 0) as {{ dbt.type_int() }}) as zone_games_in_sample_10,
        cast(coalesce(aggregated.zone_games_in_sample_20, 0) as {{ dbt.type_int() }}) as zone_games_in_sample_20,
        aggregated.fga_10,
        aggregated.zone_fga_10,
        aggregated.zone_fgm_10,
        aggregated.paint_attempts_10,
        aggregated.paint_makes_10,
        aggregated.mid_range_attempts_10,
        aggregated.mid_range_makes_10,
        aggregated.three_attempts_10,
        aggregated.three_makes_10,
        aggregated.assisted_makes_10,
        aggregated.zone_fga_20,
        aggregated.paint_attempts_20,
        aggregated.mid_range_attempts_20,
        aggregated.three_attempts_20,
        aggregated.latest_input_game_date
    from driver
    left join season_starts
        on driver.season_year = season_starts.season_year
    left join aggregated
        on
            driver.game_date = aggregated.analysis_date
            and driver.player_lookup = aggregated.player_lookup
),

-- zone shares are valid only when the three play-by-play zones account for the box-score FGA of
-- the same games (sum of shares within 1 ± tolerance); otherwise every share is NULL
validated as (
    select
        joined.*,
        coalesce(
            joined.zone_games_in_sample_10 > 0
            and joined.zone_fga_10 > 0
            and abs(
                {{ zones_ratio(
                    'joined.paint_attempts_10 + joined.mid_range_attempts_10 + joined.three_attempts_10',
                    'joined.zone_fga_10'
                ) }} - 1
            ) <= {{ rate_tolerance }},
            false
        ) as has_valid_zones_10,
        coalesce(
            joined.zone_games_in_sample_20 > 0
            and joined.zone_fga_20 > 0
            and abs(
                {{ zones_ratio(
                    'joined.paint_attempts_20 + joined.mid_range_attempts_20 + joined.three_attempts_20',
                    'joined.zone_fga_20'
                ) }} - 1
            ) <= {{ rate_tolerance }},
            false
        ) as has_valid_zones_20,
        {{ zones_min_games_required('joined.days_into_season', 3, 9, 10) }} as min_games_required
    from joined
),

metrics as (
    select
        validated.*,
        case
            when validated.has_valid_zones_10 then
                round({{ zones_ratio('validated.paint_attempts_10', 'validated.zone_fga_10') }}, 4)
        end as paint_rate_last_10,
        case
            when validated.has_valid_zones_10 then
                round({{ zones_ratio('validated.mid_range_attempts_10', 'validated.zone_fga_10') }}, 4)
        end as mid_range_rate_last_10,
        case
            when validated.has_valid_zones_10 then
                round({{ zones_ratio('validated.three_attempts_10', 'validated.zone_fga_10') }}, 4)
        end as three_pt_rate_last_10,
        case
            when validated.has_valid_zones_20 then
                round({{ zones_ratio('validated.paint_attempts_20', 'validated.zone_fga_20') }}, 4)
        end as paint_rate_last_20,
        case
            when validated.has_valid_zones_20 then
                round({{ zones_ratio('validated.mid_range_attempts_20', 'validated.zone_fga_20') }}, 4)
        end as mid_range_rate_last_20,
        case
            when validated.has_valid_zones_20 then
                round({{ zones_ratio('validated.three_attempts_20', 'validated.zone_fga_20') }}, 4)
        end as three_pt_rate_last_20,
        case
            when validated.has_valid_zones_10 then
                round({{ zones_ratio('validated.paint_makes_10', 'validated.paint_attempts_10') }}, 4)
        end as paint_pct_last_10,
        case
            when validated.has_valid_zones_10 then
                round({{ zones_ratio('validated.mid_range_makes_10', 'validated.mid_range_attempts_10') }}, 4)
        end as mid_range_pct_last_10,
        case
            when validated.has_valid_zones_10 then
                round({{ zones_ratio('validated.three_makes_10', 'validated.three_attempts_10') }}, 4)
        end as three_pt_pct_last_10,
        round({{ zones_ratio('validated.fga_10', 'validated.games_in_sample_10') }}, 2) as fga_per_game_last_10,
        case
            when validated.has_valid_zones_10 then
                round({{ zones_ratio('validated.assisted_makes_10', 'validated.zone_fgm_10') }}, 4)
        end as assisted_rate_last_10
    from validated
),

classified as (
    select
        metrics.*,
        case
            when metrics.paint_rate_last_10 is null then null
            when metrics.paint_rate_last_10 >= 0.40 then 'paint'
            when metrics.three_pt_rate_last_10 >= 0.40 then 'three'
            when metrics.mid_range_rate_last_10 >= 0.35 then 'mid_range'
            else 'balanced'
        end as primary_scoring_zone,
        metrics.days_into_season <= 21 as early_season_flag
    from metrics
),

reasons as (
    select
        classified.*,
        case
            when classified.games_in_sample_10 = 0 then 'no_prior_games'
            when classified.games_in_sample_10 < classified.min_games_required
                then
                    case when classified.early_season_flag then 'season_bootstrap: ' else 'insufficient_games: ' end
                    || cast(classified.games_in_sample_10 as {{ dbt.type_string() }}) || ' of '
                    || cast(classified.min_games_required as {{ dbt.type_string() }}) || ' games'
        end as games_reason,
        case
            when classified.games_in_sample_10 > 0 and classified.zone_games_in_sample_10 = 0
                then 'no_play_by_play: shot zones missing for every game'
            when classified.games_in_sample_10 > 0 and not classified.has_valid_zones_10
                then 'shot_zones_inconsistent: zones do not sum to FGA'
            when classified.zone_games_in_sample_10 < classified.games_in_sample_10
                then
                    'partial_play_by_play: zones from '
                    || cast(classified.zone_games_in_sample_10 as {{ dbt.type_string() }}) || ' of '
                    || cast(classified.games_in_sample_10 as {{ dbt.type_string() }}) || ' games'
        end as zones_reason
    from classified
),

final as (
    select
        analysis_date,
        player_lookup,
        team_abbr,
        games_in_sample_10,
        games_in_sample_20,
        zone_games_in_sample_10,
        zone_games_in_sample_20,
        paint_rate_last_10,
        mid_range_rate_last_10,
        three_pt_rate_last_10,
        paint_rate_last_20,
        mid_range_rate_last_20,
        three_pt_rate_last_20,
        paint_pct_last_10,
        mid_range_pct_last_10,
        three_pt_pct_last_10,
        fga_per_game_last_10,
        assisted_rate_last_10,
        primary_scoring_zone,
        days_into_season,
        min_games_required,
        early_season_flag,
        case
            when games_reason is not null and zones_reason is not null
                then games_reason || '; ' || zones_reason
            else coalesce(games_reason, zones_reason)
        end as insufficient_data_reason,
        latest_input_game_date
    from reasons
)

select * from final
