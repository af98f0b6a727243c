-- a table, not the folder's view: every Phase 3 model reads it, several times per build
{{ config(materialized='table') }}
-- one row per standard game id (YYYYMMDD_AWAY_HOME): the latest schedule row, scores, flags and
-- the matching Odds API event id
with

schedule as (
    select * from {{ ref('stg_nba_raw__nbac_schedule') }}
),

odds_game_lines as (
    select * from {{ ref('stg_nba_raw__odds_api_game_lines') }}
),

odds_player_props as (
    select * from {{ ref('stg_nba_raw__odds_api_player_points_props') }}
),

latest_schedule as (
    select
        schedule.*,
        row_number() over (
            partition by schedule.standard_game_id
            order by
                schedule.game_status desc,
                schedule.processed_at desc,
                schedule.game_id desc
        ) as schedule_rank
    from schedule
    where schedule.standard_game_id is not null
),

-- Odds API event per (date, home, away): game lines first, player props as the fallback;
-- the smallest id wins if a matchup ever has two events (deterministic)
odds_events as (
    select
        odds_game_lines.game_date,
        odds_game_lines.home_team_abbr,
        odds_game_lines.away_team_abbr,
        odds_game_lines.game_id as odds_api_event_id,
        1 as source_rank
    from odds_game_lines
    union all
    select
        odds_player_props.game_date,
        odds_player_props.home_team_abbr,
        odds_player_props.away_team_abbr,
        odds_player_props.odds_api_event_id,
        2 as source_rank
    from odds_player_props
    where odds_player_props.odds_api_event_id is not null
),

odds_event_per_game as (
    select
        game_date,
        home_team_abbr,
        away_team_abbr,
        min(odds_api_event_id) as odds_api_event_id
    from (
        select
            odds_events.*,
            min(odds_events.source_rank) over (
                partition by
                    odds_events.game_date,
                    odds_events.home_team_abbr,
                    odds_events.away_team_abbr
            ) as best_source_rank
        from odds_events
    ) as ranked_events
    where source_rank = best_source_rank
    group by game_date, home_team_abbr, away_team_abbr
),

games as (
    select
        latest_schedule.standard_game_id as game_id,
        latest_schedule.game_id as nba_game_id,
        latest_schedule.game_date,
        latest_schedule.season_year,
        cast(latest_schedule.season_year as {{ dbt.type_string() }})
        || '-'
        || right(cast(latest_schedule.season_year + 1 as {{ dbt.type_string() }}), 2) as season,
        -- real schedules often lack the tip-off time: assume 19:00 US Eastern (the league's standard
        -- slot) so that pre-tip cut-offs (lines, injury reports) still apply; flagged below
        coalesce(
            latest_schedule.game_date_est,
            {{ context_eastern_to_utc('latest_schedule.game_date', var('assumed_tipoff_hour_et')) }}
        ) as tipoff_at,
        latest_schedule.game_date_est is null as is_tipoff_assumed,
        latest_schedule.home_team_tricode as home_team_abbr,
        latest_schedule.away_team_tricode as away_team_abbr,
        latest_schedule.game_status,
        coalesce(latest_schedule.game_status = 3, false) as is_final,
        latest_schedule.home_team_score,
        latest_schedule.away_team_score,
        latest_schedule.is_regular_season,
        latest_schedule.is_playoffs,
        latest_schedule.arena_city,
        latest_schedule.neutral_site_flag,
        odds_event_per_game.odds_api_event_id,
        latest_schedule.processed_at as source_processed_at
    from latest_schedule
    left join odds_event_per_game
        on
            latest_schedule.game_date = odds_event_per_game.game_date
            and latest_schedule.home_team_tricode = odds_event_per_game.home_team_abbr
            and latest_schedule.away_team_tricode = odds_event_per_game.away_team_abbr
    where latest_schedule.schedule_rank = 1
),

-- the moment a game's prediction is made: by default the same-day predictions job's clock time
-- (var prediction_time_et, US Eastern), or var prediction_minutes_before_first_tip before the
-- date's first tip-off; never after the game's own tip-off. Lines and injury reports are read as
-- of this moment, in live runs and backtests alike. (BigQuery's dateadd returns a DATETIME: the
-- cast keeps it a TIMESTAMP like tipoff_at.)
{%- set minutes_before_first_tip = var('prediction_minutes_before_first_tip', none) %}
{%- set prediction_clock = (var('prediction_time_et', '11:30') | string).split(':') %}
prediction_times as (
    select
        games.*,
        {%- if minutes_before_first_tip is not none %}
            cast({{ dbt.dateadd(
                'minute',
                -(minutes_before_first_tip | int),
                'min(games.tipoff_at) over (partition by games.game_date)'
            ) }} as {{ dbt.type_timestamp() }}) as scheduled_prediction_at
        {%- else %}
            cast({{ dbt.dateadd(
                'minute',
                prediction_clock[1] | int,
                context_eastern_to_utc('games.game_date', prediction_clock[0] | int)
            ) }} as {{ dbt.type_timestamp() }}) as scheduled_prediction_at
        {%- endif %}
    from games
),

final as (
    select
        prediction_times.*,
        least(prediction_times.scheduled_prediction_at, prediction_times.tipoff_at) as prediction_at
    from prediction_times
)

select * from final
