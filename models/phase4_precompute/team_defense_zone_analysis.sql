{{
    config(
        unique_key=incremental_unique_key('analysis_date', ['analysis_date', 'team_abbr']),
        partition_by=bq_date_partition('analysis_date'),
        cluster_by=['team_abbr'],
    )
}}

{#- Last 15 games = the team's 15 most recent final games (rows of team_defense_game_summary)
    with game_date < analysis_date and game_date >= analysis_date - history_days, whatever the
    season. The history read window is exactly as wide, so incremental and full refresh agree. -#}
{%- set history_days = 400 -%}
{%- set window_games = 15 -%}

-- one row per (analysis_date, team_abbr) of upcoming_team_game_context: the team's zone defence
-- over its last 15 games before the date (opponent FG% by zone, attempts and points allowed per
-- game), each zone against the league average (percentage points; the league's last-15 windows
-- at the same date, so strictly before it), defensive rating, opponent pace, strongest and
-- weakest zone, the early-season minimum-games ramp and flags
with

driver as (
    select * from {{ ref('upcoming_team_game_context') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('game_date', window_column='analysis_date') }}
    {% endif %}
),

defense_history as (
    select * from {{ ref('team_defense_game_summary') }}
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

analysis_dates as (
    select distinct game_date as analysis_date
    from driver
),

team_games as (
    select
        game_id,
        game_date,
        defending_team_abbr as team_abbr,
        defensive_rating,
        opponent_pace,
        coalesce(shot_zones_available, false)
        and opp_paint_attempts is not null
        and opp_mid_range_attempts is not null
        and opp_three_attempts is not null as has_zones,
        opp_paint_attempts,
        opp_paint_makes,
        opp_mid_range_attempts,
        opp_mid_range_makes,
        opp_three_attempts,
        opp_three_makes,
        points_in_paint_allowed,
        mid_range_points_allowed,
        three_pt_points_allowed
    from defense_history
),

-- every team's last 15 games before every analysis date (the league average needs all teams)
recent_games as (
    select
        analysis_dates.analysis_date,
        team_games.*,
        row_number() over (
            partition by analysis_dates.analysis_date, team_games.team_abbr
            order by team_games.game_date desc, team_games.game_id desc
        ) as recency_rank
    from analysis_dates
    inner join team_games
        on
            analysis_dates.analysis_date > team_games.game_date
            and team_games.game_date >= {{ dbt.dateadd('day', -history_days, 'analysis_dates.analysis_date') }}
),

windowed as (
    select * from recent_games
    where recency_rank <= {{ window_games }}
),

team_windows as (
    select
        analysis_date,
        team_abbr,
        max(game_date) as latest_input_game_date,
        count(*) as games_in_sample,
        sum(case when has_zones then 1 else 0 end) as zone_games_in_sample,
        sum(case when has_zones then opp_paint_attempts end) as paint_attempts,
        sum(case when has_zones then opp_paint_makes end) as paint_makes,
        sum(case when has_zones then opp_mid_range_attempts end) as mid_range_attempts,
        sum(case when has_zones then opp_mid_range_makes end) as mid_range_makes,
        sum(case when has_zones then opp_three_attempts end) as three_attempts,
        sum(case when has_zones then opp_three_makes end) as three_makes,
        sum(case when has_zones then points_in_paint_allowed end) as paint_points,
        sum(case when has_zones then mid_range_points_allowed end) as mid_range_points,
        sum(case when has_zones then three_pt_points_allowed end) as three_points,
        avg(defensive_rating) as defensive_rating_avg,
        avg(opponent_pace) as opponent_pace_avg
    from windowed
    group by analysis_date, team_abbr
),

-- the league: all teams' last-15 windows at the date, pooled (makes / attempts)
league as (
    select
        analysis_date,
        {{ zones_ratio('sum(paint_makes)', 'sum(paint_attempts)') }} as league_paint_pct,
        {{ zones_ratio('sum(mid_range_makes)', 'sum(mid_range_attempts)') }} as league_mid_range_pct,
        {{ zones_ratio('sum(three_makes)', 'sum(three_attempts)') }} as league_three_pct
    from team_windows
    group by analysis_date
),

joined as (
    select
        driver.game_date as analysis_date,
        driver.team_abbr,
        {{ zones_days_into_season('season_starts.season_first_game_date', 'driver.game_date') }}
            as days_into_season,
        cast(coalesce(team_windows.games_in_sample, 0) as {{ dbt.type_int() }}) as games_in_sample,
        cast(coalesce(team_windows.zone_games_in_sample, 0) as {{ dbt.type_int() }}) as zone_games_in_sample,
        {{ zones_ratio('team_windows.paint_makes', 'team_windows.paint_attempts') }} as paint_pct,
        {{ zones_ratio('team_windows.mid_range_makes', 'team_windows.mid_range_attempts') }} as mid_range_pct,
        {{ zones_ratio('team_windows.three_makes', 'team_windows.three_attempts') }} as three_pct,
        {{ zones_ratio('team_windows.paint_attempts', 'team_windows.zone_games_in_sample') }}
            as paint_attempts_per_game,
        {{ zones_ratio('team_windows.mid_range_attempts', 'team_windows.zone_games_in_sample') }}
            as mid_range_attempts_per_game,
        {{ zones_ratio('team_windows.three_attempts', 'team_windows.zone_games_in_sample') }}
            as three_attempts_per_game,
        {{ zones_ratio('team_windows.paint_points', 'team_windows.zone_games_in_sample') }}
            as paint_points_per_game,
        {{ zones_ratio('team_windows.mid_range_points', 'team_windows.zone_games_in_sample') }}
            as mid_range_points_per_game,
        {{ zones_ratio('team_windows.three_points', 'team_windows.zone_games_in_sample') }}
            as three_points_per_game,
        league.league_paint_pct,
        league.league_mid_range_pct,
        league.league_three_pct,
        team_windows.defensive_rating_avg,
        team_windows.opponent_pace_avg,
        team_windows.latest_input_game_date
    from driver
    left join season_starts
        on driver.season_year = season_starts.season_year
    left join team_windows
        on
            driver.game_date = team_windows.analysis_date
            and driver.team_abbr = team_windows.team_abbr
    left join league
        on driver.game_date = league.analysis_date
),

metrics as (
    select
        analysis_date,
        team_abbr,
        days_into_season,
        games_in_sample,
        zone_games_in_sample,
        round(paint_pct, 4) as paint_pct_allowed_last_15,
        round(mid_range_pct, 4) as mid_range_pct_allowed_last_15,
        round(three_pct, 4) as three_pt_pct_allowed_last_15,
        round(paint_attempts_per_game, 2) as paint_attempts_allowed_per_game,
        round(mid_range_attempts_per_game, 2) as mid_range_attempts_allowed_per_game,
        round(three_attempts_per_game, 2) as three_pt_attempts_allowed_per_game,
        round(paint_points_per_game, 2) as paint_points_allowed_per_game,
        round(mid_range_points_per_game, 2) as mid_range_points_allowed_per_game,
        round(three_points_per_game, 2) as three_pt_points_allowed_per_game,
        round(league_paint_pct, 4) as league_paint_pct,
        round(league_mid_range_pct, 4) as league_mid_range_pct,
        round(league_three_pct, 4) as league_three_pt_pct,
        round(100 * (paint_pct - league_paint_pct), 2) as paint_defense_vs_league_avg,
        round(100 * (mid_range_pct - league_mid_range_pct), 2) as mid_range_defense_vs_league_avg,
        round(100 * (three_pct - league_three_pct), 2) as three_pt_defense_vs_league_avg,
        round(defensive_rating_avg, 2) as defensive_rating_last_15,
        round(opponent_pace_avg, 2) as opponent_pace_last_15,
        {{ zones_min_games_required('days_into_season', 5, 14, window_games) }} as min_games_required,
        days_into_season <= 21 as early_season_flag,
        latest_input_game_date
    from joined
),

-- strongest = lowest vs-league value (allows least), weakest = highest; ties resolve in the
-- order paint, mid_range, three
ranked_zones as (
    select
        metrics.*,
        case
            when
                metrics.paint_defense_vs_league_avg is null
                or metrics.mid_range_defense_vs_league_avg is null
                or metrics.three_pt_defense_vs_league_avg is null
                then null
            when
                metrics.paint_defense_vs_league_avg <= metrics.mid_range_defense_vs_league_avg
                and metrics.paint_defense_vs_league_avg <= metrics.three_pt_defense_vs_league_avg
                then 'paint'
            when metrics.mid_range_defense_vs_league_avg <= metrics.three_pt_defense_vs_league_avg then 'mid_range'
            else 'three'
        end as strongest_zone,
        case
            when
                metrics.paint_defense_vs_league_avg is null
                or metrics.mid_range_defense_vs_league_avg is null
                or metrics.three_pt_defense_vs_league_avg is null
                then null
            when
                metrics.paint_defense_vs_league_avg >= metrics.mid_range_defense_vs_league_avg
                and metrics.paint_defense_vs_league_avg >= metrics.three_pt_defense_vs_league_avg
                then 'paint'
            when metrics.mid_range_defense_vs_league_avg >= metrics.three_pt_defense_vs_league_avg then 'mid_range'
            else 'three'
        end as weakest_zone
    from metrics
),

reasons as (
    select
        ranked_zones.*,
        case
            when ranked_zones.games_in_sample = 0 then 'no_prior_games'
            when ranked_zones.games_in_sample < ranked_zones.min_games_required
                then
                    case when ranked_zones.early_season_flag then 'season_bootstrap: ' else 'insufficient_games: ' end
                    || cast(ranked_zones.games_in_sample as {{ dbt.type_string() }}) || ' of '
                    || cast(ranked_zones.min_games_required as {{ dbt.type_string() }}) || ' games'
        end as games_reason,
        case
            when ranked_zones.games_in_sample > 0 and ranked_zones.zone_games_in_sample = 0
                then 'no_play_by_play: shot zones missing for every game'
            when ranked_zones.zone_games_in_sample < ranked_zones.games_in_sample
                then
                    'partial_play_by_play: zones from '
                    || cast(ranked_zones.zone_games_in_sample as {{ dbt.type_string() }}) || ' of '
                    || cast(ranked_zones.games_in_sample as {{ dbt.type_string() }}) || ' games'
        end as zones_reason
    from ranked_zones
),

final as (
    select
        analysis_date,
        team_abbr,
        games_in_sample,
        zone_games_in_sample,
        paint_pct_allowed_last_15,
        mid_range_pct_allowed_last_15,
        three_pt_pct_allowed_last_15,
        paint_attempts_allowed_per_game,
        mid_range_attempts_allowed_per_game,
        three_pt_attempts_allowed_per_game,
        paint_points_allowed_per_game,
        mid_range_points_allowed_per_game,
        three_pt_points_allowed_per_game,
        league_paint_pct,
        league_mid_range_pct,
        league_three_pt_pct,
        paint_defense_vs_league_avg,
        mid_range_defense_vs_league_avg,
        three_pt_defense_vs_league_avg,
        defensive_rating_last_15,
        opponent_pace_last_15,
        strongest_zone,
        weakest_zone,
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
