{#- League average pace: every team-game in the league_pace_days days strictly before the date. -#}
{%- set league_pace_days = 30 -%}

-- one row per (game_date, player_lookup) of upcoming_player_game_context with every input of the
-- composite factors (python model player_composite_factors), point in time: fatigue from the
-- context row, the player's zone shares and the opponent's zone defence as of the date, team,
-- opponent and league pace, recent usage and minutes, and the usage and minutes of teammates
-- ruled out for the same team and date
with

context as (
    select * from {{ ref('upcoming_player_game_context') }}
),

daily_cache as (
    select * from {{ ref('player_daily_cache') }}
),

shot_zones as (
    select * from {{ ref('player_shot_zone_analysis') }}
),

team_defense_zones as (
    select * from {{ ref('team_defense_zone_analysis') }}
),

team_offense as (
    select * from {{ ref('team_offense_game_summary') }}
),

game_dates as (
    select distinct game_date
    from context
),

league_pace as (
    select
        game_dates.game_date,
        -- in integer hundredths: the sum is exact, so reruns give the same average
        sum(cast(round(team_offense.pace * 100, 0) as {{ dbt.type_bigint() }}))
        / (100.0 * nullif(count(team_offense.pace), 0)) as league_avg_pace,
        count(team_offense.pace) as league_pace_team_games,
        max(team_offense.game_date) as latest_league_game_date
    from game_dates
    inner join team_offense
        on
            game_dates.game_date > team_offense.game_date
            and team_offense.game_date >= {{ dbt.dateadd('day', -league_pace_days, 'game_dates.game_date') }}
    group by game_dates.game_date
),

-- the injury report is known for a game when any player of it has a status
injury_report_games as (
    select
        game_id,
        count(player_status) > 0 as injury_report_available
    from context
    group by game_id
),

-- teammates ruled out ('out') and the minutes of everyone else, per team and date, from each
-- player's daily cache row (recent usage and minutes, games strictly before the date)
team_availability as (
    select
        context.game_date,
        context.team_abbr,
        sum(case when context.player_status = 'out' then 1 else 0 end) as out_players,
        round(
            sum(
                case
                    when context.player_status = 'out'
                        then daily_cache.usage_rate_last_10 * daily_cache.minutes_avg_last_10 / 48.0
                end
            ),
            6
        ) as out_usage_weighted,
        sum(
            case
                when context.player_status = 'out'
                    then daily_cache.minutes_avg_last_10
            end
        ) as out_minutes,
        sum(
            case
                when coalesce(context.player_status, '') <> 'out'
                    then daily_cache.minutes_avg_last_10
            end
        ) as available_minutes,
        max(daily_cache.latest_input_game_date) as latest_team_cache_game_date
    from context
    left join daily_cache
        on
            context.game_date = daily_cache.cache_date
            and context.player_lookup = daily_cache.player_lookup
    group by context.game_date, context.team_abbr
),

joined as (
    select
        context.game_date,
        context.player_lookup,
        context.game_id,
        context.team_abbr,
        context.opponent_team_abbr,
        context.player_status,
        -- fatigue
        context.days_rest,
        context.back_to_back,
        context.games_in_last_7_days,
        context.games_in_last_14_days,
        context.minutes_in_last_7_days,
        context.minutes_in_last_14_days,
        context.avg_minutes_per_game_last_7,
        context.back_to_backs_last_14_days,
        -- shot zones: the player's shares and the opponent's defence vs the league (pct points)
        shot_zones.primary_scoring_zone,
        shot_zones.paint_rate_last_10,
        shot_zones.mid_range_rate_last_10,
        shot_zones.three_pt_rate_last_10,
        team_defense_zones.paint_defense_vs_league_avg as opp_paint_defense_vs_league_avg,
        team_defense_zones.mid_range_defense_vs_league_avg as opp_mid_range_defense_vs_league_avg,
        team_defense_zones.three_pt_defense_vs_league_avg as opp_three_pt_defense_vs_league_avg,
        -- pace
        context.team_pace_last_10,
        context.opponent_pace_last_10,
        league_pace.league_avg_pace,
        -- usage
        daily_cache.usage_rate_last_10,
        daily_cache.minutes_avg_last_10,
        context.star_teammates_out,
        coalesce(injury_report_games.injury_report_available, false) as injury_report_available,
        -- teammates out, excluding the player himself
        coalesce(team_availability.out_players, 0)
        - case when context.player_status = 'out' then 1 else 0 end as teammates_out,
        round(
            coalesce(team_availability.out_usage_weighted, 0)
            - case
                when context.player_status = 'out'
                    then coalesce(daily_cache.usage_rate_last_10 * daily_cache.minutes_avg_last_10 / 48.0, 0)
                else 0
            end,
            6
        ) as teammates_out_usage_weighted,
        team_availability.available_minutes as team_available_minutes,
        coalesce(daily_cache.early_season_flag, true) as early_season_flag,
        nullif(
            greatest(
                coalesce(context.latest_input_game_date, date '1900-01-01'),
                coalesce(daily_cache.latest_input_game_date, date '1900-01-01'),
                coalesce(shot_zones.latest_input_game_date, date '1900-01-01'),
                coalesce(team_defense_zones.latest_input_game_date, date '1900-01-01'),
                coalesce(league_pace.latest_league_game_date, date '1900-01-01'),
                coalesce(team_availability.latest_team_cache_game_date, date '1900-01-01')
            ),
            date '1900-01-01'
        ) as latest_input_game_date
    from context
    left join daily_cache
        on
            context.game_date = daily_cache.cache_date
            and context.player_lookup = daily_cache.player_lookup
    left join shot_zones
        on
            context.game_date = shot_zones.analysis_date
            and context.player_lookup = shot_zones.player_lookup
    left join team_defense_zones
        on
            context.game_date = team_defense_zones.analysis_date
            and context.opponent_team_abbr = team_defense_zones.team_abbr
    left join league_pace
        on context.game_date = league_pace.game_date
    left join injury_report_games
        on context.game_id = injury_report_games.game_id
    left join team_availability
        on
            context.game_date = team_availability.game_date
            and context.team_abbr = team_availability.team_abbr
),

final as (
    select * from joined
)

select * from final
