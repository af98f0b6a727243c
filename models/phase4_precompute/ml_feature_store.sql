{{
    config(
        schema='nba_predictions',
        unique_key=incremental_unique_key('game_date', ['game_date', 'player_lookup']),
        partition_by=bq_date_partition('game_date'),
        cluster_by=['player_lookup', 'game_date'],
        contract={'enforced': true},
    )
}}

{#- History horizon of the features computed here from Phase 3 (the same 365 days as
    upcoming_player_game_context); the history reads below are 400 days wide, so incremental and
    full-refresh runs see the same games. -#}
{%- set history_days = 365 -%}
{%- set features = feature_store_features() -%}
{%- set scored = features | rejectattr('optional') | list -%}
{%- set required = features | selectattr('required') | list -%}

-- the documented feature list is loaded before the table it describes
-- depends_on: {{ ref('feature_catalog') }}

-- one row per (game_date, player_lookup) of upcoming_player_game_context: the model-ready feature
-- vector (feature_store_features(), documented in seeds/feature_catalog.csv). A missing input leaves
-- its features NULL (never imputed) and listed in missing_features; quality score and tier follow
with

context as (
    select * from {{ ref('upcoming_player_game_context') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('game_date') }}
    {% endif %}
),

daily_cache as (
    select * from {{ ref('player_daily_cache') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('cache_date', window_column='game_date') }}
    {% endif %}
),

composite_factors as (
    select * from {{ ref('player_composite_factors') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('game_date') }}
    {% endif %}
),

shot_zones as (
    select * from {{ ref('player_shot_zone_analysis') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('analysis_date', window_column='game_date') }}
    {% endif %}
),

defense_zones as (
    select * from {{ ref('team_defense_zone_analysis') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('analysis_date', window_column='game_date') }}
    {% endif %}
),

player_games as (
    select * from {{ ref('player_game_summary') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('game_date', extra_days=400) }}
    {% endif %}
),

market as (
    select * from {{ ref('int_player_prop_market') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('game_date') }}
    {% endif %}
),

team_games as (
    select * from {{ ref('team_offense_game_summary') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('game_date', extra_days=400) }}
    {% endif %}
),

-- played games only (not DNP, minutes > 0). Points, free throws and minutes (in tenths) as
-- integers, so that every sum below is exact and reruns are bit-identical
played_games as (
    select
        player_lookup,
        game_id,
        game_date,
        season_year,
        opponent_team_abbr,
        cast(points as {{ dbt.type_bigint() }}) as points,
        cast(coalesce(ft_makes, 0) as {{ dbt.type_bigint() }}) as ft_makes,
        cast(round(minutes_played * 10, 0) as {{ dbt.type_bigint() }}) as minutes_tenths
    from player_games
    where
        not coalesce(is_dnp, false)
        and minutes_played > 0
        and points is not null
),

history as (
    select
        context.game_date as target_date,
        context.player_lookup,
        context.season_year as target_season_year,
        context.opponent_team_abbr as target_opponent_abbr,
        played_games.game_date,
        played_games.season_year,
        played_games.opponent_team_abbr,
        played_games.points,
        played_games.ft_makes,
        played_games.minutes_tenths,
        row_number() over (
            partition by context.game_date, context.player_lookup
            order by played_games.game_date desc, played_games.game_id desc
        ) as recency_rank
    from context
    inner join played_games
        on
            context.player_lookup = played_games.player_lookup
            and context.game_date > played_games.game_date
            and played_games.game_date >= {{ dbt.dateadd('day', -history_days, 'context.game_date') }}
),

-- recent form from the player's own games (last 3 / 5 / 10 played games, and this season)
form as (
    select
        target_date,
        player_lookup,
        sum(case when recency_rank <= 3 then 1 else 0 end) as games_last_3,
        sum(case when recency_rank <= 3 then points else 0 end) as points_sum_last_3,
        sum(case when recency_rank <= 2 then points else 0 end) as points_sum_last_2,
        sum(case when recency_rank between 3 and 5 then points else 0 end) as points_sum_games_3_to_5,
        sum(case when recency_rank <= 5 then 1 else 0 end) as games_last_5,
        sum(case when recency_rank <= 10 then 1 else 0 end) as games_last_10,
        sum(case when recency_rank <= 10 then points else 0 end) as points_sum_last_10,
        sum(case when recency_rank <= 10 then ft_makes else 0 end) as ft_makes_sum_last_10,
        sum(case when recency_rank <= 10 then minutes_tenths else 0 end) as minutes_tenths_last_10,
        sum(
            case when recency_rank <= 10 then minutes_tenths * minutes_tenths else 0 end
        ) as minutes_tenths_sq_last_10,
        -- OLS slope of points on x = -recency_rank (chronological order), from exact integer sums
        sum(case when recency_rank <= 10 then recency_rank else 0 end) as rank_sum_last_10,
        sum(case when recency_rank <= 10 then recency_rank * recency_rank else 0 end) as rank_sq_sum_last_10,
        sum(case when recency_rank <= 10 then recency_rank * points else 0 end) as rank_points_sum_last_10,
        sum(case when season_year = target_season_year then 1 else 0 end) as games_season,
        sum(case when season_year = target_season_year then points else 0 end) as points_sum_season,
        sum(case when season_year = target_season_year then minutes_tenths else 0 end) as minutes_tenths_season,
        sum(case when opponent_team_abbr = target_opponent_abbr then 1 else 0 end) as games_vs_opponent,
        sum(case when opponent_team_abbr = target_opponent_abbr then points else 0 end) as points_sum_vs_opponent,
        max(game_date) as latest_game_date
    from history
    group by target_date, player_lookup
),

-- the last 10 games of the player's current team before the date, and whether he played in them
team_history as (
    select
        context.game_date as target_date,
        context.player_lookup,
        team_games.game_id,
        team_games.game_date,
        row_number() over (
            partition by context.game_date, context.player_lookup
            order by team_games.game_date desc, team_games.game_id desc
        ) as recency_rank
    from context
    inner join team_games
        on
            context.team_abbr = team_games.team_abbr
            and context.game_date > team_games.game_date
            and team_games.game_date >= {{ dbt.dateadd('day', -history_days, 'context.game_date') }}
),

availability as (
    select
        team_history.target_date,
        team_history.player_lookup,
        count(*) as team_games_last_10,
        sum(case when played_games.game_id is null then 1 else 0 end) as missed_games_last_10,
        max(team_history.game_date) as latest_game_date
    from team_history
    left join played_games
        on
            team_history.game_id = played_games.game_id
            and team_history.player_lookup = played_games.player_lookup
    where team_history.recency_rank <= 10
    group by team_history.target_date, team_history.player_lookup
),

-- the team's record this season before the date
team_dates as (
    select distinct
        game_date,
        season_year,
        team_abbr
    from context
),

team_record as (
    select
        team_dates.game_date as target_date,
        team_dates.team_abbr,
        count(*) as games_season,
        sum(case when team_games.win_flag then 1 else 0 end) as wins_season,
        max(team_games.game_date) as latest_game_date
    from team_dates
    inner join team_games
        on
            team_dates.team_abbr = team_games.team_abbr
            and team_dates.season_year = team_games.season_year
            and team_dates.game_date > team_games.game_date
    group by team_dates.game_date, team_dates.team_abbr
),

joined as (
    select
        context.game_date,
        context.player_lookup,
        context.universal_player_id,
        context.game_id,
        context.season_year,
        context.team_abbr,
        context.opponent_team_abbr,
        context.home_game,
        context.days_rest,
        context.opponent_days_rest,
        context.back_to_back,
        context.games_in_last_7_days,
        context.minutes_in_last_7_days,
        context.game_total,
        context.game_spread,
        context.current_points_line,
        context.opening_points_line,
        context.line_source,
        context.points_line_bookmaker,
        context.points_line_snapshot_at,
        context.points_line_over_price_american,
        context.points_line_under_price_american,
        context.prediction_at,
        context.player_status,
        context.star_teammates_out,
        context.l10_games_played,
        coalesce(context.quality_issues like '%no_injury_report%', false) as is_injury_report_missing,
        -- the recent-form source: the daily cache, else the Phase 3 context (and own season sums)
        case
            when daily_cache.points_avg_last_10 is not null then 'player_daily_cache'
            when context.points_avg_last_10 is not null then 'upcoming_player_game_context'
        end as recent_form_source,
        case
            when daily_cache.points_avg_last_10 is not null then daily_cache.points_avg_last_5
            else context.points_avg_last_5
        end as form_points_avg_last_5,
        coalesce(daily_cache.points_avg_last_10, context.points_avg_last_10) as form_points_avg_last_10,
        case
            when daily_cache.points_avg_last_10 is not null then daily_cache.points_avg_season
            when context.points_avg_last_10 is not null
                then round(form.points_sum_season / nullif(1.0 * form.games_season, 0), 1)
        end as form_points_avg_season,
        case
            when daily_cache.points_avg_last_10 is not null then daily_cache.points_std_last_10
            else context.points_std_last_10
        end as form_points_std_last_10,
        case
            when daily_cache.points_avg_last_10 is not null then daily_cache.minutes_avg_last_10
            else context.minutes_avg_last_10
        end as form_minutes_avg_last_10,
        daily_cache.usage_rate_last_10,
        daily_cache.ts_pct_last_10,
        case
            when daily_cache.team_pace_last_10 is not null then 'player_daily_cache'
            when context.team_pace_last_10 is not null then 'upcoming_player_game_context'
        end as team_context_source,
        coalesce(daily_cache.team_pace_last_10, context.team_pace_last_10) as team_pace_value,
        daily_cache.team_off_rating_last_10,
        case
            when defense_zones.defensive_rating_last_15 is not null then 'team_defense_zone_analysis'
            when context.opponent_def_rating_last_10 is not null then 'upcoming_player_game_context'
        end as opponent_defense_source,
        coalesce(defense_zones.defensive_rating_last_15, context.opponent_def_rating_last_10)
            as opponent_def_rating_value,
        context.opponent_pace_last_10,
        defense_zones.paint_defense_vs_league_avg,
        defense_zones.mid_range_defense_vs_league_avg,
        defense_zones.three_pt_defense_vs_league_avg,
        shot_zones.paint_rate_last_10,
        shot_zones.mid_range_rate_last_10,
        shot_zones.three_pt_rate_last_10,
        composite_factors.fatigue_score as composite_fatigue_score,
        composite_factors.shot_zone_mismatch_score as composite_shot_zone_mismatch_score,
        composite_factors.pace_score as composite_pace_score,
        composite_factors.usage_spike_score as composite_usage_spike_score,
        composite_factors.total_composite_adjustment as composite_total_adjustment,
        coalesce(daily_cache.early_season_flag, false)
        or coalesce(composite_factors.early_season_flag, false)
        or coalesce(shot_zones.early_season_flag, false)
        or coalesce(defense_zones.early_season_flag, false) as early_season_flag,
        form.games_last_3,
        form.points_sum_last_3,
        form.points_sum_last_2,
        form.points_sum_games_3_to_5,
        form.games_last_5,
        coalesce(form.games_last_10, 0) as games_last_10,
        form.points_sum_last_10,
        form.ft_makes_sum_last_10,
        form.minutes_tenths_last_10,
        form.minutes_tenths_sq_last_10,
        form.rank_sum_last_10,
        form.rank_sq_sum_last_10,
        form.rank_points_sum_last_10,
        form.games_season,
        form.minutes_tenths_season,
        coalesce(form.games_vs_opponent, 0) as games_vs_opponent_count,
        form.points_sum_vs_opponent,
        availability.team_games_last_10,
        availability.missed_games_last_10,
        team_record.games_season as team_games_season,
        team_record.wins_season as team_wins_season,
        market.market_line_median,
        market.market_books,
        market.market_line_range,
        market.market_price_skew,
        -- the newest game date of any input (Phase 3 and Phase 4); must be < game_date
        nullif(greatest(
            coalesce(context.latest_input_game_date, date '1900-01-01'),
            coalesce(daily_cache.latest_input_game_date, date '1900-01-01'),
            coalesce(composite_factors.latest_input_game_date, date '1900-01-01'),
            coalesce(shot_zones.latest_input_game_date, date '1900-01-01'),
            coalesce(defense_zones.latest_input_game_date, date '1900-01-01'),
            coalesce(form.latest_game_date, date '1900-01-01'),
            coalesce(availability.latest_game_date, date '1900-01-01'),
            coalesce(team_record.latest_game_date, date '1900-01-01')
        ), date '1900-01-01') as latest_input_game_date
    from context
    left join daily_cache
        on
            context.game_date = daily_cache.cache_date
            and context.player_lookup = daily_cache.player_lookup
    left join composite_factors
        on
            context.game_date = composite_factors.game_date
            and context.player_lookup = composite_factors.player_lookup
    left join shot_zones
        on
            context.game_date = shot_zones.analysis_date
            and context.player_lookup = shot_zones.player_lookup
    left join defense_zones
        on
            context.game_date = defense_zones.analysis_date
            and context.opponent_team_abbr = defense_zones.team_abbr
    left join form
        on
            context.game_date = form.target_date
            and context.player_lookup = form.player_lookup
    left join availability
        on
            context.game_date = availability.target_date
            and context.player_lookup = availability.player_lookup
    left join team_record
        on
            context.game_date = team_record.target_date
            and context.team_abbr = team_record.team_abbr
    left join market
        on
            context.game_id = market.game_id
            and context.player_lookup = market.player_lookup
),

-- the feature vector (names and order: feature_store_features()); every feature a double
feature_values as (
    select
        joined.game_date,
        joined.player_lookup,
        joined.universal_player_id,
        joined.game_id,
        joined.season_year,
        joined.team_abbr,
        joined.opponent_team_abbr,
        joined.recent_form_source,
        joined.team_context_source,
        joined.opponent_defense_source,
        joined.line_source,
        joined.points_line_bookmaker,
        joined.points_line_snapshot_at,
        joined.points_line_over_price_american,
        joined.points_line_under_price_american,
        joined.prediction_at,
        joined.player_status,
        joined.games_last_10,
        joined.early_season_flag,
        joined.latest_input_game_date,
        {{ feature_store_double('joined.form_points_avg_last_5') }} as points_avg_last_5,
        {{ feature_store_double('joined.form_points_avg_last_10') }} as points_avg_last_10,
        {{ feature_store_double('joined.form_points_avg_season') }} as points_avg_season,
        {{ feature_store_double('joined.form_points_std_last_10') }} as points_std_last_10,
        {{ feature_store_double(
            'round(joined.points_sum_last_3 / nullif(1.0 * joined.games_last_3, 0), 1)'
        ) }} as points_avg_last_3,
        -- mean of the last 2 games minus mean of games 3-5 (5 games needed), bucketed -2..2
        {{ feature_store_double(
            'case
                when joined.games_last_5 < 5 or joined.games_last_5 is null then null
                when 3 * joined.points_sum_last_2 - 2 * joined.points_sum_games_3_to_5 >= 30 then 2
                when 3 * joined.points_sum_last_2 - 2 * joined.points_sum_games_3_to_5 >= 12 then 1
                when 3 * joined.points_sum_last_2 - 2 * joined.points_sum_games_3_to_5 <= -30 then -2
                when 3 * joined.points_sum_last_2 - 2 * joined.points_sum_games_3_to_5 <= -12 then -1
                else 0
            end'
        ) }} as recent_trend,
        {{ feature_store_double(
            'case
                when joined.games_last_10 >= 5 then round(
                    (joined.rank_sum_last_10 * joined.points_sum_last_10
                        - joined.games_last_10 * joined.rank_points_sum_last_10)
                    / (1.0 * (joined.games_last_10 * joined.rank_sq_sum_last_10
                        - joined.rank_sum_last_10 * joined.rank_sum_last_10)),
                    3
                )
            end'
        ) }} as pts_slope_10g,
        {{ feature_store_double(
            'case
                when joined.form_points_std_last_10 > 0 then round(' ~ feature_store_clamp(
                    '(joined.form_points_avg_last_5 - joined.form_points_avg_season)
                    / joined.form_points_std_last_10', -3.0, 3.0
                ) ~ ', 3)
            end'
        ) }} as pts_vs_season_zscore,
        {{ feature_store_double('joined.form_minutes_avg_last_10') }} as minutes_avg_last_10,
        {{ feature_store_double(
            'round(joined.minutes_tenths_season / nullif(10.0 * joined.games_season, 0), 1)'
        ) }} as minutes_avg_season,
        -- (minutes last 10 - season) / season: >= 20 % -> 2, >= 10 % -> 1, <= -10 % -> -1, <= -20 % -> -2
        {{ feature_store_double(
            'case
                when joined.games_last_10 = 0 or joined.minutes_tenths_season is null
                    or joined.minutes_tenths_season = 0 then null
                when 10 * joined.minutes_tenths_last_10 * joined.games_season
                    >= 12 * joined.minutes_tenths_season * joined.games_last_10 then 2
                when 10 * joined.minutes_tenths_last_10 * joined.games_season
                    >= 11 * joined.minutes_tenths_season * joined.games_last_10 then 1
                when 10 * joined.minutes_tenths_last_10 * joined.games_season
                    <= 8 * joined.minutes_tenths_season * joined.games_last_10 then -2
                when 10 * joined.minutes_tenths_last_10 * joined.games_season
                    <= 9 * joined.minutes_tenths_season * joined.games_last_10 then -1
                else 0
            end'
        ) }} as minutes_change,
        -- sample standard deviation of minutes over the last 10 played games (n >= 2)
        {{ feature_store_double(
            'case
                when joined.games_last_10 >= 2 then round(sqrt(
                    (joined.games_last_10 * joined.minutes_tenths_sq_last_10
                        - joined.minutes_tenths_last_10 * joined.minutes_tenths_last_10)
                    / (100.0 * joined.games_last_10 * (joined.games_last_10 - 1))
                ), 2)
            end'
        ) }} as minutes_volatility_last_10,
        -- under 10 minutes in the window the rate is noise (4 points in 1 minute is 4.0 per minute)
        {{ feature_store_double(
            'case
                when joined.minutes_tenths_last_10 >= 100
                    then round(10.0 * joined.points_sum_last_10 / joined.minutes_tenths_last_10, 3)
            end'
        ) }} as ppm_avg_last_10,
        {{ feature_store_double('joined.usage_rate_last_10') }} as usage_rate_last_10,
        {{ feature_store_double('joined.ts_pct_last_10') }} as ts_pct_last_10,
        -- share of points from free throws over the last 10 played games (5 games needed)
        {{ feature_store_double(
            'case
                when joined.games_last_10 >= 5 and joined.points_sum_last_10 > 0
                    then round(' ~ feature_store_clamp(
                        'joined.ft_makes_sum_last_10 / (1.0 * joined.points_sum_last_10)', 0, 0.5
                    ) ~ ', 3)
            end'
        ) }} as pct_free_throw,
        {{ feature_store_double('joined.days_rest') }} as days_rest,
        {{ feature_store_double(
            'case when joined.back_to_back then 1 when joined.back_to_back is not null then 0 end'
        ) }} as back_to_back,
        {{ feature_store_double('joined.games_in_last_7_days') }} as games_in_last_7_days,
        {{ feature_store_double('joined.minutes_in_last_7_days') }} as minutes_in_last_7_days,
        {{ feature_store_double(
            feature_store_clamp('joined.days_rest - joined.opponent_days_rest', -2, 2)
        ) }} as rest_advantage,
        {{ feature_store_double('joined.composite_fatigue_score') }} as fatigue_score,
        {{ feature_store_double('joined.composite_shot_zone_mismatch_score') }} as shot_zone_mismatch_score,
        {{ feature_store_double('joined.composite_pace_score') }} as pace_score,
        {{ feature_store_double('joined.composite_usage_spike_score') }} as usage_spike_score,
        {{ feature_store_double('joined.composite_total_adjustment') }} as total_composite_adjustment,
        {{ feature_store_double('joined.opponent_def_rating_value') }} as opponent_def_rating,
        {{ feature_store_double('joined.opponent_pace_last_10') }} as opponent_pace,
        {{ feature_store_double('joined.paint_defense_vs_league_avg') }} as opponent_paint_defense_vs_league,
        {{ feature_store_double('joined.mid_range_defense_vs_league_avg') }} as opponent_mid_range_defense_vs_league,
        {{ feature_store_double('joined.three_pt_defense_vs_league_avg') }} as opponent_three_pt_defense_vs_league,
        {{ feature_store_double('joined.paint_rate_last_10') }} as pct_paint,
        {{ feature_store_double('joined.mid_range_rate_last_10') }} as pct_mid_range,
        {{ feature_store_double('joined.three_pt_rate_last_10') }} as pct_three,
        {{ feature_store_double('joined.team_pace_value') }} as team_pace,
        {{ feature_store_double('joined.team_off_rating_last_10') }} as team_off_rating,
        {{ feature_store_double(
            'case
                when joined.team_games_season >= 5
                    then round(joined.team_wins_season / (1.0 * joined.team_games_season), 3)
            end'
        ) }} as team_win_pct,
        {{ feature_store_double('case when joined.home_game then 1 else 0 end') }} as home_away,
        {{ feature_store_double('joined.game_total') }} as game_total_line,
        {{ feature_store_double('joined.game_spread') }} as game_spread,
        -- the team's share of the total: favourite (spread < 0) gets more
        {{ feature_store_double('(joined.game_total - joined.game_spread) / 2.0') }} as implied_team_total,
        {{ feature_store_double('joined.current_points_line') }} as vegas_points_line,
        {{ feature_store_double('joined.opening_points_line') }} as vegas_opening_line,
        {{ feature_store_double('joined.current_points_line - joined.opening_points_line') }} as vegas_line_move,
        {{ feature_store_double(
            'case when joined.current_points_line is not null then 1 else 0 end'
        ) }} as has_vegas_line,
        {{ feature_store_double('joined.current_points_line - joined.form_points_avg_season') }}
            as line_vs_season_avg,
        {{ feature_store_double(
            'round(joined.points_sum_vs_opponent / nullif(1.0 * joined.games_vs_opponent_count, 0), 1)'
        ) }} as avg_points_vs_opponent,
        {{ feature_store_double('joined.games_vs_opponent_count') }} as games_vs_opponent,
        -- share of the team's last 10 games (3 needed) the player did not play in
        {{ feature_store_double(
            'case
                when joined.team_games_last_10 >= 3
                    then round(joined.missed_games_last_10 / (1.0 * joined.team_games_last_10), 3)
            end'
        ) }} as dnp_rate,
        -- NULL without an injury report for the game; not on the report = 0
        {{ feature_store_double(
            "case
                when joined.is_injury_report_missing then null
                when joined.player_status in ('out', 'doubtful') then 3
                when joined.player_status = 'questionable' then 2
                when joined.player_status = 'probable' then 1
                else 0
            end"
        ) }} as injury_risk,
        {{ feature_store_double(
            "case
                when joined.is_injury_report_missing then null
                when joined.player_status = 'questionable' then 1
                else 0
            end"
        ) }} as is_questionable,
        {{ feature_store_double(
            'case when not joined.is_injury_report_missing then joined.star_teammates_out end'
        ) }} as star_teammates_out,
        {{ feature_store_double('joined.market_line_median') }} as market_line_median,
        {{ feature_store_double('coalesce(joined.market_books, 0)') }} as market_books,
        {{ feature_store_double('joined.market_line_range') }} as market_line_range,
        {{ feature_store_double('joined.market_price_skew') }} as market_price_skew,
        -- the median line moved by the books' price skew: for a points distribution of spread sd
        -- around its median, P(over) - 0.5 ~= shift / (sd * sqrt(2 pi)) (normal density at the centre);
        -- sd is the player's last-10 standard deviation kept to 3..10 points (6 when unknown)
        {{ feature_store_double(
            'round(joined.market_line_median + coalesce(joined.market_price_skew, 0) * 2.5066 * '
            ~ feature_store_clamp('coalesce(joined.form_points_std_last_10, 6.0)', 3.0, 10.0) ~ ', 2)'
        ) }} as market_fair_line
    from joined
),

-- per-feature quality: 1 from the primary source, 0.87 from a Phase 3 fallback, 0 when missing;
-- the score averages it over the non-optional features
quality as (
    select
        feature_values.*,
        {% for feature in features -%}
            case when feature_values.{{ feature.name }} is null then 1 else 0 end
            {%- if not loop.last %} + {% endif %}
        {% endfor %} as missing_feature_count,
        {% for feature in required -%}
            case when feature_values.{{ feature.name }} is null then 1 else 0 end
            {%- if not loop.last %} + {% endif %}
        {% endfor %} as required_missing_count,
        {% for feature in features -%}
            case when feature_values.{{ feature.name }} is null then '{{ feature.name }}; ' else '' end
            {%- if not loop.last %} || {% endif %}
        {% endfor %} as missing_with_trailing_separator,
        round(100.0 * (
            {% for feature in scored -%}
                {{ feature_store_source_quality('feature_values.' ~ feature.name, feature.fallback) }}
                {%- if not loop.last %} + {% endif %}
            {% endfor %}
        ) / {{ scored | length }}, 1) as score
    from feature_values
),

tiered as (
    select
        quality.*,
        case
            when quality.score >= 95 and quality.required_missing_count = 0 then 'gold'
            when quality.score >= 85 and quality.required_missing_count = 0 then 'silver'
            when quality.score >= 70 and quality.required_missing_count = 0 then 'bronze'
            when quality.score >= 50 then 'poor'
            else 'unusable'
        end as tier
    from quality
),

final as (
    select
        -- identity (never a feature)
        tiered.game_date,
        tiered.player_lookup,
        tiered.universal_player_id,
        tiered.game_id,
        tiered.season_year,
        tiered.team_abbr,
        tiered.opponent_team_abbr,

        -- features, in catalog order
        {% for feature in features -%}
            tiered.{{ feature.name }},
        {% endfor %}

        -- per-feature quality (100 primary source, 87 Phase 3 fallback, 0 missing) and source,
        -- in catalog order
        {% for feature in features -%}
            cast(
                100 * {{ feature_store_source_quality('tiered.' ~ feature.name, feature.fallback, 'tiered') }}
                as {{ type_double() }}
            ) as {{ feature.name }}_quality,
            {{ feature_store_value_source(feature, 'tiered') }} as {{ feature.name }}_source,
        {% endfor %}

        -- sources and context of the features
        tiered.recent_form_source,
        tiered.team_context_source,
        tiered.opponent_defense_source,
        tiered.line_source as vegas_line_source,
        -- the line the features saw, as the prediction records it (known at prediction_at)
        tiered.points_line_bookmaker as vegas_line_bookmaker,
        tiered.points_line_snapshot_at as vegas_line_snapshot_at,
        tiered.points_line_over_price_american as vegas_over_price_american,
        tiered.points_line_under_price_american as vegas_under_price_american,
        tiered.prediction_at,
        tiered.player_status as injury_status,
        cast(tiered.games_last_10 as {{ dbt.type_bigint() }}) as recent_games_played,
        tiered.early_season_flag,

        -- quality
        cast(tiered.missing_feature_count as {{ dbt.type_bigint() }}) as missing_feature_count,
        cast(tiered.required_missing_count as {{ dbt.type_bigint() }}) as required_missing_count,
        case
            when tiered.missing_with_trailing_separator = '' then null
            else substr(
                tiered.missing_with_trailing_separator, 1, length(tiered.missing_with_trailing_separator) - 2
            )
        end as missing_features,
        cast(tiered.score as {{ type_double() }}) as feature_quality_score,
        tiered.tier as feature_quality_tier,
        coalesce(
            tiered.tier in ('gold', 'silver', 'bronze')
            and tiered.required_missing_count = 0
            and tiered.games_last_10 >= 3,
            false
        ) as is_quality_ready,
        '{{ feature_store_version() }}' as feature_version,
        cast({{ features | length }} as {{ dbt.type_bigint() }}) as feature_count,
        tiered.latest_input_game_date
    from tiered
)

select * from final
