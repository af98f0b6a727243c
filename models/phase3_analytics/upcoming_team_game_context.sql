{{
    config(
        unique_key=incremental_unique_key('game_date', ['game_date', 'team_abbr']),
        partition_by=(
            {'field': 'game_date', 'data_type': 'date', 'granularity': 'day'}
            if target.type == 'bigquery' else none
        ),
        cluster_by=['game_date', 'team_abbr', 'game_id'],
    )
}}

{#- History horizon (days before the game date) for rest and density; same-season facts (game
    number, streaks, last game, travel) need at most one season, which this spans. The read
    window is exactly as wide, so incremental and full refresh agree. -#}
{%- set history_days = 365 -%}
{%- set early_season_games = 5 -%}

-- one row per (game_date, team_abbr) with the STANDARD game_id: rest and schedule density,
-- spread/total from this team's side and their movement, players out / questionable before
-- tip-off, streaks and last game entering, travel from the previous game's arena
with

history_games as (
    select * from {{ ref('int_games') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('game_date', extra_days=history_days) }}
    {% endif %}
),

-- the games written by this run: final games and the next slates (context_horizon)
games as (
    select * from history_games
    where {{ context_horizon('history_games') }}
    {% if is_incremental() %}
        and {{ incremental_predicate('game_date') }}
    {% endif %}
),

game_lines as (
    select * from {{ ref('int_game_lines') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('game_date') }}
    {% endif %}
),

injuries as (
    select * from {{ ref('int_injury_status') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('game_date') }}
    {% endif %}
),

teams as (
    select * from {{ ref('nba_teams') }}
),

game_teams as (
    select
        games.game_id,
        games.nba_game_id,
        games.game_date,
        games.season_year,
        games.tipoff_at,
        games.is_final,
        games.home_team_abbr,
        games.home_team_abbr as team_abbr,
        games.away_team_abbr as opponent_team_abbr,
        true as home_game
    from games
    union all
    select
        games.game_id,
        games.nba_game_id,
        games.game_date,
        games.season_year,
        games.tipoff_at,
        games.is_final,
        games.home_team_abbr,
        games.away_team_abbr as team_abbr,
        games.home_team_abbr as opponent_team_abbr,
        false as home_game
    from games
),

-- every scheduled game per team (rest, density and travel come from the schedule, which is known
-- in advance, so a "tomorrow" run sees today's game); the margin only for completed games
team_schedule as (
    select
        game_id,
        game_date,
        season_year,
        is_final,
        home_team_abbr,
        home_team_abbr as team_abbr,
        case when is_final then home_team_score - away_team_score end as margin
    from history_games
    union all
    select
        game_id,
        game_date,
        season_year,
        is_final,
        home_team_abbr,
        away_team_abbr as team_abbr,
        case when is_final then away_team_score - home_team_score end as margin
    from history_games
),

prior_games as (
    select
        game_teams.game_id as target_game_id,
        game_teams.team_abbr,
        game_teams.game_date as target_date,
        team_schedule.game_date,
        team_schedule.home_team_abbr as arena_team_abbr,
        team_schedule.margin,
        team_schedule.season_year = game_teams.season_year as is_same_season,
        team_schedule.season_year = game_teams.season_year and team_schedule.is_final as is_same_season_final,
        row_number() over (
            partition by game_teams.game_id, game_teams.team_abbr, team_schedule.season_year = game_teams.season_year
            order by team_schedule.game_date desc, team_schedule.game_id desc
        ) as season_recency_rank,
        -- recency among this season's completed games with a result (the streak walk skips the rest)
        case
            when team_schedule.season_year = game_teams.season_year and team_schedule.margin is not null
                then row_number() over (
                    partition by
                        game_teams.game_id,
                        game_teams.team_abbr,
                        team_schedule.season_year = game_teams.season_year and team_schedule.margin is not null
                    order by team_schedule.game_date desc, team_schedule.game_id desc
                )
        end as decided_recency_rank
    from game_teams
    inner join team_schedule
        on
            game_teams.team_abbr = team_schedule.team_abbr
            and game_teams.game_date > team_schedule.game_date
            and team_schedule.game_date >= {{ dbt.dateadd('day', -history_days, 'game_teams.game_date') }}
),

prior_summary as (
    select
        target_game_id,
        team_abbr,
        max(game_date) as previous_game_date,
        sum(case when game_date >= {{ dbt.dateadd('day', -7, 'target_date') }} then 1 else 0 end)
            as games_in_last_7_days,
        sum(case when game_date >= {{ dbt.dateadd('day', -14, 'target_date') }} then 1 else 0 end)
            as games_in_last_14_days,
        sum(case when is_same_season_final then 1 else 0 end) as prior_season_games,
        max(case when decided_recency_rank = 1 then margin end) as last_game_margin,
        max(case when is_same_season and season_recency_rank = 1 then arena_team_abbr end)
            as previous_arena_team_abbr,
        min(case when decided_recency_rank is not null and margin <= 0 then decided_recency_rank end)
            as first_not_won_rank,
        min(case when decided_recency_rank is not null and margin >= 0 then decided_recency_rank end)
            as first_not_lost_rank,
        sum(case when decided_recency_rank is not null then 1 else 0 end) as decided_games
    from prior_games
    group by target_game_id, team_abbr
),

injury_counts as (
    select
        game_id,
        team_abbr,
        sum(case when injury_status = 'out' then 1 else 0 end) as players_out_count,
        sum(case when injury_status in ('questionable', 'doubtful') then 1 else 0 end) as questionable_players_count
    from injuries
    group by game_id, team_abbr
),

injury_report_games as (
    select distinct game_id
    from injuries
),

joined as (
    select
        game_teams.*,
        prior_summary.previous_game_date,
        coalesce(prior_summary.games_in_last_7_days, 0) as games_in_last_7_days,
        coalesce(prior_summary.games_in_last_14_days, 0) as games_in_last_14_days,
        coalesce(prior_summary.prior_season_games, 0) as prior_season_games,
        prior_summary.last_game_margin,
        prior_summary.previous_arena_team_abbr,
        coalesce(prior_summary.first_not_won_rank - 1, prior_summary.decided_games, 0) as win_streak,
        coalesce(prior_summary.first_not_lost_rank - 1, prior_summary.decided_games, 0) as loss_streak,
        case
            when game_lines.current_spread is null then null
            when game_lines.current_favorite_team_abbr = game_teams.team_abbr then game_lines.current_spread
            else -game_lines.current_spread
        end as team_current_spread,
        case
            when game_lines.opening_spread is null then null
            when game_lines.opening_favorite_team_abbr = game_teams.team_abbr then game_lines.opening_spread
            else -game_lines.opening_spread
        end as team_opening_spread,
        game_lines.current_total,
        game_lines.opening_total,
        game_lines.spread_bookmakers,
        game_lines.total_bookmakers,
        game_lines.current_spread_at,
        game_lines.current_total_at,
        injury_report_games.game_id is not null as has_injury_report,
        coalesce(injury_counts.players_out_count, 0) as players_out_count,
        coalesce(injury_counts.questionable_players_count, 0) as questionable_players_count,
        cast(previous_arena.latitude as {{ type_double() }}) as previous_latitude,
        cast(previous_arena.longitude as {{ type_double() }}) as previous_longitude,
        cast(this_arena.latitude as {{ type_double() }}) as this_latitude,
        cast(this_arena.longitude as {{ type_double() }}) as this_longitude
    from game_teams
    left join prior_summary
        on
            game_teams.game_id = prior_summary.target_game_id
            and game_teams.team_abbr = prior_summary.team_abbr
    left join game_lines
        on game_teams.game_id = game_lines.game_id
    left join injury_counts
        on
            game_teams.game_id = injury_counts.game_id
            and game_teams.team_abbr = injury_counts.team_abbr
    left join injury_report_games
        on game_teams.game_id = injury_report_games.game_id
    left join teams as previous_arena
        on prior_summary.previous_arena_team_abbr = previous_arena.team_abbr
    left join teams as this_arena
        on game_teams.home_team_abbr = this_arena.team_abbr
),

derived as (
    select
        joined.*,
        {{ dbt.datediff('joined.previous_game_date', 'joined.game_date', 'day') }} as days_since_last_game, -- noqa: LT05
        case
            when joined.previous_arena_team_abbr is null then 0
            when joined.previous_arena_team_abbr = joined.home_team_abbr then 0
            else {{ context_great_circle_miles(
                'joined.previous_latitude', 'joined.previous_longitude',
                'joined.this_latitude', 'joined.this_longitude'
            ) }}
        end as travel_miles_raw,
        joined.prior_season_games < {{ early_season_games }} as is_early_season,
        case when joined.team_current_spread is null then 1 else 0 end as issue_missing_spread,
        case when joined.current_total is null then 1 else 0 end as issue_missing_total,
        case when not joined.has_injury_report then 1 else 0 end as issue_no_injury_report
    from joined
),

scored as (
    select
        derived.*,
        100
        - 15 * derived.issue_missing_spread
        - 10 * derived.issue_missing_total
        - 5 * derived.issue_no_injury_report
        - case when derived.is_early_season then 20 else 0 end as score,
        case when derived.issue_missing_spread = 1 then 'missing_game_spread; ' else '' end
        || case when derived.issue_missing_total = 1 then 'missing_game_total; ' else '' end
        || case when derived.issue_no_injury_report = 1 then 'no_injury_report; ' else '' end
        || case
            when derived.is_early_season
                then
                    'early_season:'
                    || cast(derived.prior_season_games as {{ dbt.type_string() }})
                    || '/{{ early_season_games }}; '
            else ''
        end as issues_with_trailing_separator
    from derived
),

final as (
    select
        -- identity
        scored.game_date,
        scored.team_abbr,
        scored.game_id,
        scored.nba_game_id,
        scored.season_year,
        scored.tipoff_at,
        scored.is_final as is_game_final,
        scored.opponent_team_abbr,
        scored.home_game,

        -- rest and schedule density (scheduled games before the date); game number from completed ones
        scored.days_since_last_game,
        scored.days_since_last_game - 1 as team_days_rest,
        coalesce(scored.days_since_last_game = 1, false) as team_back_to_back,
        scored.games_in_last_7_days,
        scored.games_in_last_14_days,
        scored.prior_season_games + 1 as game_number_in_season,

        -- game lines (median across books; spread from this team's side, favourite negative)
        cast(scored.team_current_spread as {{ type_double() }}) as game_spread,
        cast(scored.team_opening_spread as {{ type_double() }}) as opening_game_spread,
        cast(scored.team_current_spread - scored.team_opening_spread as {{ type_double() }}) as spread_movement,
        cast(scored.current_total as {{ type_double() }}) as game_total,
        cast(scored.opening_total as {{ type_double() }}) as opening_game_total,
        cast(scored.current_total - scored.opening_total as {{ type_double() }}) as total_movement,
        scored.spread_bookmakers as game_spread_source,
        scored.total_bookmakers as game_total_source,
        scored.current_spread_at as spread_updated_at,
        scored.current_total_at as total_updated_at,

        -- injuries (latest status before tip-off)
        scored.players_out_count,
        scored.questionable_players_count,

        -- form entering the game (this season's completed games)
        scored.win_streak as team_win_streak_entering,
        scored.loss_streak as team_loss_streak_entering,
        scored.last_game_margin,
        case
            when scored.last_game_margin > 0 then 'W'
            when scored.last_game_margin < 0 then 'L'
        end as last_game_result,

        -- travel from the arena of this season's previous scheduled game (0 for the first game)
        scored.previous_arena_team_abbr as previous_game_arena_team_abbr,
        cast(round(scored.travel_miles_raw, 0) as {{ dbt.type_int() }}) as travel_miles,

        -- quality and point-in-time
        scored.is_early_season as early_season_flag,
        case
            when scored.is_early_season
                then {{ dbt.concat([
                    "'fewer than " ~ early_season_games ~ " prior games this season ('",
                    "cast(scored.prior_season_games as " ~ dbt.type_string() ~ ")",
                    "')'",
                ]) }}
        end as insufficient_data_reason,
        scored.previous_game_date as latest_input_game_date,
        case
            when scored.score >= 95 then 'gold'
            when scored.score >= 75 then 'silver'
            when scored.score >= 50 then 'bronze'
            when scored.score >= 25 then 'poor'
            else 'unusable'
        end as quality_tier,
        cast(scored.score as {{ type_double() }}) as quality_score,
        case
            when scored.issues_with_trailing_separator = '' then null
            else substr(
                scored.issues_with_trailing_separator, 1, length(scored.issues_with_trailing_separator) - 2
            )
        end as quality_issues,
        scored.score >= 50 as is_production_ready
    from scored
)

select * from final
{% if is_incremental() %}
    where {{ incremental_predicate('game_date') }}
{% endif %}
