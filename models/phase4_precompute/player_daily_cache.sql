{{
    config(
        unique_key=incremental_unique_key('cache_date', ['cache_date', 'player_lookup']),
        partition_by=bq_date_partition('cache_date'),
        cluster_by=['player_lookup', 'universal_player_id'],
    )
}}

{#- Daily rules (domain spec): player aggregates need >= min_games played games this season
    before the date (below: the row is written with NULL aggregates and a reason); below
    full_games the row is flagged early_season. Team context looks at the team's last 10 games
    within history_days (as upcoming_player_game_context does). Reads of history are widened by
    read_extra_days so an incremental run sees the whole season and the last-10 team window. -#}
{%- set min_games = 3 -%}
{%- set full_games = 10 -%}
{%- set bootstrap_days = 21 -%}
{%- set history_days = 365 -%}
{%- set read_extra_days = 400 -%}

-- one row per (cache_date, player_lookup) of upcoming_player_game_context: the player's recent
-- form, efficiency, usage and shot tendencies, his team's pace and offensive rating, and his rest,
-- all from games strictly before the cache date
with

driver_source as (
    select * from {{ ref('upcoming_player_game_context') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('game_date', window_column='cache_date') }}
    {% endif %}
),

player_history as (
    select * from {{ ref('player_game_summary') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('game_date', extra_days=read_extra_days, window_column='cache_date') }}
    {% endif %}
),

team_offense as (
    select * from {{ ref('team_offense_game_summary') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('game_date', extra_days=read_extra_days, window_column='cache_date') }}
    {% endif %}
),

games as (
    select * from {{ ref('int_games') }}
),

-- the season's first scheduled game (no hard-coded season dates)
season_start as (
    select
        season_year,
        min(game_date) as season_start_date
    from games
    group by season_year
),

driver as (
    select
        driver_source.game_date as cache_date,
        driver_source.player_lookup,
        driver_source.universal_player_id,
        driver_source.game_id,
        driver_source.season_year,
        driver_source.team_abbr,
        driver_source.days_rest,
        driver_source.games_in_last_7_days,
        driver_source.back_to_back,
        driver_source.latest_input_game_date as context_latest_input_game_date,
        {{ dbt.datediff('season_start.season_start_date', 'driver_source.game_date', 'day') }} as days_into_season -- noqa: LT05
    from driver_source
    left join season_start
        on driver_source.season_year = season_start.season_year
),

-- played games (minutes > 0, not DNP). Points, minutes (tenths), usage (hundredths) and TS%
-- (thousandths) as integers, so that every sum is exact and reruns give identical averages
played_history as (
    select
        player_lookup,
        game_id,
        game_date,
        season_year,
        cast(points as {{ dbt.type_bigint() }}) as points,
        cast(round(minutes_played * 10, 0) as {{ dbt.type_bigint() }}) as minutes_tenths,
        cast(round(usage_rate * 100, 0) as {{ dbt.type_bigint() }}) as usage_hundredths,
        cast(round(ts_pct * 1000, 0) as {{ dbt.type_bigint() }}) as ts_thousandths,
        coalesce(has_complete_shot_zones, false) as has_complete_shot_zones,
        paint_attempts,
        mid_range_attempts,
        three_attempts_pbp
    from player_history
    where
        not coalesce(is_dnp, false)
        and minutes_played > 0
        and points is not null
),

player_games_before as (
    select
        driver.cache_date,
        driver.player_lookup,
        played_history.game_date,
        played_history.points,
        played_history.minutes_tenths,
        played_history.usage_hundredths,
        played_history.ts_thousandths,
        played_history.has_complete_shot_zones,
        played_history.paint_attempts,
        played_history.mid_range_attempts,
        played_history.three_attempts_pbp,
        row_number() over (
            partition by driver.cache_date, driver.player_lookup
            order by played_history.game_date desc, played_history.game_id desc
        ) as recency_rank
    from driver
    inner join played_history
        on
            driver.player_lookup = played_history.player_lookup
            and driver.season_year = played_history.season_year
            and driver.cache_date > played_history.game_date
),

player_form as (
    select
        cache_date,
        player_lookup,
        count(*) as games_played_season,
        sum(points) as points_sum_season,
        sum(case when recency_rank <= 5 then 1 else 0 end) as games_last_5,
        sum(case when recency_rank <= 5 then points else 0 end) as points_sum_last_5,
        sum(case when recency_rank <= 10 then 1 else 0 end) as games_last_10,
        sum(case when recency_rank <= 10 then points else 0 end) as points_sum_last_10,
        sum(case when recency_rank <= 10 then points * points else 0 end) as points_sq_sum_last_10,
        sum(case when recency_rank <= 10 then minutes_tenths else 0 end) as minutes_tenths_last_10,
        sum(case when recency_rank <= 10 then usage_hundredths end) as usage_sum_last_10,
        count(case when recency_rank <= 10 then usage_hundredths end) as usage_games_last_10,
        sum(case when recency_rank <= 10 then ts_thousandths end) as ts_sum_last_10,
        count(case when recency_rank <= 10 then ts_thousandths end) as ts_games_last_10,
        sum(
            case when recency_rank <= 10 and has_complete_shot_zones then 1 else 0 end
        ) as zone_games_last_10,
        sum(case when recency_rank <= 10 then paint_attempts end) as paint_attempts_last_10,
        sum(case when recency_rank <= 10 then three_attempts_pbp end) as three_attempts_last_10,
        sum(
            case when recency_rank <= 10 then paint_attempts + mid_range_attempts + three_attempts_pbp end
        ) as zone_attempts_last_10,
        max(game_date) as latest_player_game_date
    from player_games_before
    group by cache_date, player_lookup
),

team_dates as (
    select distinct
        cache_date,
        team_abbr
    from driver
),

team_games_before as (
    select
        team_dates.cache_date,
        team_dates.team_abbr,
        team_offense.game_date,
        cast(round(team_offense.pace * 100, 0) as {{ dbt.type_bigint() }}) as pace_hundredths,
        cast(round(team_offense.offensive_rating * 100, 0) as {{ dbt.type_bigint() }}) as off_rating_hundredths,
        row_number() over (
            partition by team_dates.cache_date, team_dates.team_abbr
            order by team_offense.game_date desc, team_offense.game_id desc
        ) as recency_rank
    from team_dates
    inner join team_offense
        on
            team_dates.team_abbr = team_offense.team_abbr
            and team_dates.cache_date > team_offense.game_date
            and team_offense.game_date >= {{ dbt.dateadd('day', -history_days, 'team_dates.cache_date') }}
),

team_form as (
    select
        cache_date,
        team_abbr,
        sum(pace_hundredths) / (100.0 * nullif(count(pace_hundredths), 0)) as team_pace_last_10,
        sum(off_rating_hundredths) / (100.0 * nullif(count(off_rating_hundredths), 0)) as team_off_rating_last_10,
        max(game_date) as latest_team_game_date
    from team_games_before
    where recency_rank <= 10
    group by cache_date, team_abbr
),

joined as (
    select
        driver.*,
        coalesce(player_form.games_played_season, 0) as games_played_season,
        player_form.points_sum_season,
        player_form.games_last_5,
        player_form.points_sum_last_5,
        player_form.games_last_10,
        player_form.points_sum_last_10,
        player_form.points_sq_sum_last_10,
        player_form.minutes_tenths_last_10,
        player_form.usage_sum_last_10,
        player_form.usage_games_last_10,
        player_form.ts_sum_last_10,
        player_form.ts_games_last_10,
        player_form.zone_games_last_10,
        player_form.paint_attempts_last_10,
        player_form.three_attempts_last_10,
        player_form.zone_attempts_last_10,
        player_form.latest_player_game_date,
        team_form.team_pace_last_10,
        team_form.team_off_rating_last_10,
        team_form.latest_team_game_date,
        coalesce(player_form.games_played_season, 0) >= {{ min_games }} as has_min_games
    from driver
    left join player_form
        on
            driver.cache_date = player_form.cache_date
            and driver.player_lookup = player_form.player_lookup
    left join team_form
        on
            driver.cache_date = team_form.cache_date
            and driver.team_abbr = team_form.team_abbr
),

final as (
    select
        cache_date,
        player_lookup,
        universal_player_id,
        game_id,
        season_year,
        team_abbr,
        days_into_season,
        games_played_season,
        {{ min_games }} as min_games_required,
        case when has_min_games then games_last_10 end as games_in_sample_10,
        case when has_min_games then round(1.0 * points_sum_last_5 / games_last_5, 2) end as points_avg_last_5,
        case when has_min_games then round(1.0 * points_sum_last_10 / games_last_10, 2) end as points_avg_last_10,
        case
            when has_min_games then round(1.0 * points_sum_season / games_played_season, 2)
        end as points_avg_season,
        case
            when has_min_games and games_last_10 >= 2
                then round(
                    sqrt(
                        1.0 * (games_last_10 * points_sq_sum_last_10 - points_sum_last_10 * points_sum_last_10)
                        / (games_last_10 * (games_last_10 - 1))
                    ),
                    2
                )
        end as points_std_last_10,
        case
            when has_min_games then round(minutes_tenths_last_10 / (10.0 * games_last_10), 2)
        end as minutes_avg_last_10,
        case
            when has_min_games then round(usage_sum_last_10 / (100.0 * nullif(usage_games_last_10, 0)), 2)
        end as usage_rate_last_10,
        case
            when has_min_games then round(ts_sum_last_10 / (1000.0 * nullif(ts_games_last_10, 0)), 3)
        end as ts_pct_last_10,
        round(team_pace_last_10, 2) as team_pace_last_10,
        round(team_off_rating_last_10, 2) as team_off_rating_last_10,
        days_rest,
        games_in_last_7_days,
        back_to_back,
        -- zone shares need every game of the last-10 sample from play-by-play
        case
            when has_min_games and zone_games_last_10 = games_last_10 and zone_attempts_last_10 > 0
                then round(1.0 * paint_attempts_last_10 / zone_attempts_last_10, 3)
        end as paint_rate_last_10,
        case
            when has_min_games and zone_games_last_10 = games_last_10 and zone_attempts_last_10 > 0
                then round(1.0 * three_attempts_last_10 / zone_attempts_last_10, 3)
        end as three_pt_rate_last_10,
        (
            has_min_games and zone_games_last_10 = games_last_10 and zone_attempts_last_10 > 0
        ) as shot_zone_data_available,
        games_played_season < {{ full_games }} as early_season_flag,
        case
            when games_played_season < {{ min_games }}
                then {{ dbt.concat([
                    "'fewer than " ~ min_games ~ " games played this season ('",
                    dbt.safe_cast('games_played_season', dbt.type_string()),
                    "'); aggregates NULL'",
                ]) }}
            when games_played_season < {{ full_games }} and days_into_season <= {{ bootstrap_days }}
                then {{ dbt.concat([
                    "'season bootstrap: '",
                    dbt.safe_cast('games_played_season', dbt.type_string()),
                    "' of " ~ full_games ~ " games'",
                ]) }}
            when games_played_season < {{ full_games }}
                then {{ dbt.concat([
                    "'fewer than " ~ full_games ~ " games played this season ('",
                    dbt.safe_cast('games_played_season', dbt.type_string()),
                    "')'",
                ]) }}
        end as insufficient_data_reason,
        -- the newest Phase 3 game date behind any value of the row (rest and fatigue come from
        -- upcoming_player_game_context, which records its own)
        nullif(
            greatest(
                coalesce(latest_player_game_date, date '1900-01-01'),
                coalesce(latest_team_game_date, date '1900-01-01'),
                coalesce(context_latest_input_game_date, date '1900-01-01')
            ),
            date '1900-01-01'
        ) as latest_input_game_date
    from joined
)

select * from final
