{{
    config(
        unique_key=incremental_unique_key('game_date', ['game_date', 'player_lookup']),
        partition_by=(
            {'field': 'game_date', 'data_type': 'date', 'granularity': 'day'}
            if target.type == 'bigquery' else none
        ),
        cluster_by=['player_lookup', 'universal_player_id', 'game_date'],
    )
}}

{#- History horizon: every "last N games" and every team/opponent average looks at most this many
    days before the game date, in full refresh and incremental alike (the read window below is
    exactly as wide), so both build the same rows. 365 days spans an off-season. -#}
{%- set history_days = 365 -%}
{%- set star_min_points = 18 -%}
{%- set star_min_minutes = 28 -%}
{%- set star_min_points_with_minutes = 12 -%}

-- one row per (game_date, player_lookup): every player of a team with a game that day, with the
-- pre-game context known before tip-off: prop line, game lines, fatigue, recent form, team and
-- opponent pace, injury status, star teammates out, quality. Driver per game: a final game with
-- box-score rows → who appeared (DNP and inactive included); otherwise → the current roster
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

box as (
    select * from {{ ref('int_player_game_box') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('game_date') }}
    {% endif %}
),

player_history as (
    select * from {{ ref('player_game_summary') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('game_date', extra_days=history_days) }}
    {% endif %}
),

registry as (
    select * from {{ ref('stg_nba_reference__nba_players_registry') }}
),

prop_lines as (
    select * from {{ ref('int_player_prop_lines') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('game_date') }}
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

team_offense as (
    select * from {{ ref('team_offense_game_summary') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('game_date', extra_days=history_days) }}
    {% endif %}
),

team_defense as (
    select * from {{ ref('team_defense_game_summary') }}
    {% if is_incremental() %}
        where {{ incremental_predicate('game_date', extra_days=history_days) }}
    {% endif %}
),

-- two rows per game: one per team
game_teams as (
    select
        games.game_id,
        games.game_date,
        games.season_year,
        games.season,
        games.tipoff_at,
        games.prediction_at,
        games.is_final,
        games.home_team_abbr as team_abbr,
        games.away_team_abbr as opponent_team_abbr,
        true as home_game
    from games
    union all
    select
        games.game_id,
        games.game_date,
        games.season_year,
        games.season,
        games.tipoff_at,
        games.prediction_at,
        games.is_final,
        games.away_team_abbr as team_abbr,
        games.home_team_abbr as opponent_team_abbr,
        false as home_game
    from games
),

box_teams as (
    select distinct
        game_id,
        team_abbr
    from box
),

-- driver per (game, team): who actually appeared when the game is final and has box-score rows,
-- else the roster (pre-game, or a final game whose box score never arrived)
team_driver as (
    select
        game_teams.*,
        case
            when game_teams.is_final and box_teams.game_id is not null then 'boxscore'
            else 'roster'
        end as driver_source
    from game_teams
    left join box_teams
        on
            game_teams.game_id = box_teams.game_id
            and game_teams.team_abbr = box_teams.team_abbr
),

boxscore_driver as (
    select
        team_driver.game_id,
        team_driver.team_abbr,
        box.player_lookup,
        box.player_full_name,
        box.player_status as boxscore_player_status
    from team_driver
    inner join box
        on
            team_driver.game_id = box.game_id
            and team_driver.team_abbr = box.team_abbr
    where team_driver.driver_source = 'boxscore'
),

-- roster rule: a player belongs to the team of his most recent evidence known before the game:
-- (a) his latest appearance (any status) in player_game_summary this season before the game date,
-- dated at that game date's midnight; (b) any registry row of the season processed before tip-off,
-- dated at its processed_at. The newest evidence wins (a trade's registry row beats the old
-- team's appearances; a new team's appearance beats a stale registry row); ties: the appearance,
-- then team_abbr
roster_games as (
    select distinct
        game_id,
        game_date,
        season_year,
        season,
        tipoff_at
    from team_driver
    where driver_source = 'roster'
),

roster_dates as (
    select distinct
        game_date,
        season_year
    from roster_games
),

latest_appearance_ranked as (
    select
        roster_dates.game_date as as_of_date,
        player_history.player_lookup,
        player_history.team_abbr,
        player_history.game_date as appeared_date,
        row_number() over (
            partition by roster_dates.game_date, player_history.player_lookup
            order by player_history.game_date desc, player_history.game_id desc
        ) as appearance_rank
    from roster_dates
    inner join player_history
        on
            roster_dates.season_year = player_history.season_year
            and roster_dates.game_date > player_history.game_date
),

roster_evidence as (
    select
        roster_games.game_id,
        latest_appearance_ranked.player_lookup,
        latest_appearance_ranked.team_abbr,
        cast(latest_appearance_ranked.appeared_date as {{ dbt.type_timestamp() }}) as evidence_at,
        1 as evidence_priority
    from roster_games
    inner join latest_appearance_ranked
        on
            roster_games.game_date = latest_appearance_ranked.as_of_date
            and latest_appearance_ranked.appearance_rank = 1
    union all
    select
        roster_games.game_id,
        registry.player_lookup,
        registry.team_abbr,
        registry.processed_at as evidence_at,
        2 as evidence_priority
    from roster_games
    inner join registry
        on
            roster_games.season = registry.season
            and registry.processed_at < coalesce(
                roster_games.tipoff_at, cast(roster_games.game_date as {{ dbt.type_timestamp() }})
            )
),

roster_current_team as (
    select
        game_id,
        player_lookup,
        team_abbr,
        row_number() over (
            partition by game_id, player_lookup
            order by evidence_at desc, evidence_priority asc, team_abbr asc
        ) as evidence_rank
    from roster_evidence
),

roster_driver as (
    select
        team_driver.game_id,
        team_driver.team_abbr,
        roster_current_team.player_lookup,
        cast(null as {{ dbt.type_string() }}) as player_full_name,
        cast(null as {{ dbt.type_string() }}) as boxscore_player_status
    from team_driver
    inner join roster_current_team
        on
            team_driver.game_id = roster_current_team.game_id
            and team_driver.team_abbr = roster_current_team.team_abbr
            and roster_current_team.evidence_rank = 1
    where team_driver.driver_source = 'roster'
),

driver_players as (
    select * from boxscore_driver
    union all
    select * from roster_driver
),

-- one game per player and date (a dirty double booking keeps the box-score row, then the
-- smallest game_id)
driver as (
    select
        team_driver.game_id,
        team_driver.game_date,
        team_driver.season_year,
        team_driver.season,
        team_driver.tipoff_at,
        team_driver.prediction_at,
        team_driver.is_final,
        team_driver.team_abbr,
        team_driver.opponent_team_abbr,
        team_driver.home_game,
        team_driver.driver_source,
        driver_players.player_lookup,
        driver_players.player_full_name,
        driver_players.boxscore_player_status,
        row_number() over (
            partition by team_driver.game_date, driver_players.player_lookup
            order by
                case when team_driver.driver_source = 'boxscore' then 0 else 1 end asc,
                team_driver.game_id asc
        ) as player_date_rank
    from driver_players
    inner join team_driver
        on
            driver_players.game_id = team_driver.game_id
            and driver_players.team_abbr = team_driver.team_abbr
),

-- registry identity: same season and team first, then same season, then the newest season
registry_identity as (
    select
        driver.game_id,
        driver.player_lookup,
        registry.universal_player_id,
        registry.player_name,
        row_number() over (
            partition by driver.game_id, driver.player_lookup
            order by
                case
                    when registry.season = driver.season and registry.team_abbr = driver.team_abbr then 1
                    when registry.season = driver.season then 2
                    else 3
                end asc,
                registry.season desc,
                registry.processed_at desc,
                registry.team_abbr asc
        ) as identity_rank
    from driver
    inner join registry
        on driver.player_lookup = registry.player_lookup
    where driver.player_date_rank = 1
),

-- played games only (minutes > 0, not DNP), newest first. Points and minutes (in tenths) are kept
-- as integers: every sum is then exact, and averages do not depend on the order rows are added in
-- (a float sum can land either side of a rounding boundary, which would make reruns differ)
played_history as (
    select
        player_history.player_lookup,
        player_history.game_id,
        player_history.game_date,
        cast(player_history.points as {{ dbt.type_bigint() }}) as points,
        cast(round(player_history.minutes_played * 10, 0) as {{ dbt.type_bigint() }}) as minutes_tenths,
        lag(player_history.game_date) over (
            partition by player_history.player_lookup
            order by player_history.game_date asc, player_history.game_id asc
        ) as previous_played_date
    from player_history
    where
        not coalesce(player_history.is_dnp, false)
        and player_history.minutes_played > 0
        and player_history.points is not null
),

player_games_before as (
    select
        driver.game_date as target_date,
        driver.player_lookup,
        played_history.game_date,
        played_history.points,
        played_history.minutes_tenths,
        played_history.previous_played_date,
        row_number() over (
            partition by driver.game_date, driver.player_lookup
            order by played_history.game_date desc, played_history.game_id desc
        ) as recency_rank
    from driver
    inner join played_history
        on
            driver.player_lookup = played_history.player_lookup
            and driver.game_date > played_history.game_date
            and played_history.game_date >= {{ dbt.dateadd('day', -history_days, 'driver.game_date') }}
    where driver.player_date_rank = 1
),

player_form as (
    select
        target_date,
        player_lookup,
        max(game_date) as last_played_date,
        sum(
            case when game_date >= {{ dbt.dateadd('day', -7, 'target_date') }} then 1 else 0 end
        ) as games_in_last_7_days,
        sum(
            case when game_date >= {{ dbt.dateadd('day', -14, 'target_date') }} then 1 else 0 end
        ) as games_in_last_14_days,
        sum(
            case when game_date >= {{ dbt.dateadd('day', -7, 'target_date') }} then minutes_tenths else 0 end
        ) as minutes_tenths_last_7_days,
        sum(
            case when game_date >= {{ dbt.dateadd('day', -14, 'target_date') }} then minutes_tenths else 0 end
        ) as minutes_tenths_last_14_days,
        -- consecutive-date pairs of played games, both inside the 14-day window
        sum(
            case
                when
                    game_date >= {{ dbt.dateadd('day', -13, 'target_date') }}
                    and previous_played_date = {{ dbt.dateadd('day', -1, 'game_date') }}
                    then 1
                else 0
            end
        ) as back_to_backs_last_14_days,
        sum(case when recency_rank <= 5 then 1 else 0 end) as games_in_last_5_sample,
        sum(case when recency_rank <= 10 then 1 else 0 end) as games_in_last_10_sample,
        sum(case when recency_rank <= 5 then points else 0 end) as points_sum_last_5,
        sum(case when recency_rank <= 10 then points else 0 end) as points_sum_last_10,
        sum(case when recency_rank <= 10 then points * points else 0 end) as points_sq_sum_last_10,
        sum(case when recency_rank <= 10 then minutes_tenths else 0 end) as minutes_tenths_last_10,
        max(case when recency_rank <= 10 then game_date end) as latest_form_game_date
    from player_games_before
    group by target_date, player_lookup
),

-- prop streaks against the CURRENT line for the game date, over the last 10 played games: the
-- number of most recent games above (below) it before the first that was not (a push breaks both)
player_streak_breaks as (
    select
        player_games_before.target_date,
        player_games_before.player_lookup,
        min(
            case when not player_games_before.points > prop_lines.current_line then player_games_before.recency_rank end
        ) as first_not_over_rank,
        min(
            case when not player_games_before.points < prop_lines.current_line then player_games_before.recency_rank end
        ) as first_not_under_rank,
        count(*) as streak_sample
    from player_games_before
    inner join driver
        on
            player_games_before.target_date = driver.game_date
            and player_games_before.player_lookup = driver.player_lookup
            and driver.player_date_rank = 1
    inner join prop_lines
        on
            driver.game_id = prop_lines.game_id
            and driver.player_lookup = prop_lines.player_lookup
    where
        player_games_before.recency_rank <= 10
        and prop_lines.current_line is not null
    group by player_games_before.target_date, player_games_before.player_lookup
),

-- team pace and opponent defence over each team's last 10 games before the date
team_dates as (
    select distinct
        game_date,
        team_abbr
    from game_teams
),

team_offense_before as (
    select
        team_dates.game_date as target_date,
        team_dates.team_abbr,
        team_offense.game_date,
        cast(round(team_offense.pace * 100, 0) as {{ dbt.type_bigint() }}) as pace_hundredths,
        row_number() over (
            partition by team_dates.game_date, team_dates.team_abbr
            order by team_offense.game_date desc, team_offense.game_id desc
        ) as recency_rank
    from team_dates
    inner join team_offense
        on
            team_dates.team_abbr = team_offense.team_abbr
            and team_dates.game_date > team_offense.game_date
            and team_offense.game_date >= {{ dbt.dateadd('day', -history_days, 'team_dates.game_date') }}
),

team_pace as (
    select
        target_date,
        team_abbr,
        sum(pace_hundredths) / (100.0 * count(pace_hundredths)) as pace_last_10,
        max(game_date) as latest_pace_game_date
    from team_offense_before
    where recency_rank <= 10
    group by target_date, team_abbr
),

team_defense_before as (
    select
        team_dates.game_date as target_date,
        team_dates.team_abbr,
        team_defense.game_date,
        cast(round(team_defense.defensive_rating * 100, 0) as {{ dbt.type_bigint() }}) as rating_hundredths,
        row_number() over (
            partition by team_dates.game_date, team_dates.team_abbr
            order by team_defense.game_date desc, team_defense.game_id desc
        ) as recency_rank
    from team_dates
    inner join team_defense
        on
            team_dates.team_abbr = team_defense.defending_team_abbr
            and team_dates.game_date > team_defense.game_date
            and team_defense.game_date >= {{ dbt.dateadd('day', -history_days, 'team_dates.game_date') }}
),

team_def_rating as (
    select
        target_date,
        team_abbr,
        sum(rating_hundredths) / (100.0 * count(rating_hundredths)) as def_rating_last_10,
        max(game_date) as latest_def_game_date
    from team_defense_before
    where recency_rank <= 10
    group by target_date, team_abbr
),

-- each team's previous scheduled game before the date, for the opponent's rest (the schedule is
-- known in advance; same convention as upcoming_team_game_context)
history_team_games as (
    select
        game_date,
        home_team_abbr as team_abbr
    from history_games
    union all
    select
        game_date,
        away_team_abbr as team_abbr
    from history_games
),

team_previous_game as (
    select
        team_dates.game_date as target_date,
        team_dates.team_abbr,
        max(history_team_games.game_date) as previous_game_date
    from team_dates
    inner join history_team_games
        on
            team_dates.team_abbr = history_team_games.team_abbr
            and team_dates.game_date > history_team_games.game_date
            and history_team_games.game_date >= {{ dbt.dateadd('day', -history_days, 'team_dates.game_date') }}
    group by team_dates.game_date, team_dates.team_abbr
),

-- star players on each game's injury report: scoring over their last 10 played games before the
-- date (>= 18 points, or >= 28 minutes and >= 12 points)
injured_players_before as (
    select
        injuries.game_id,
        injuries.game_date,
        injuries.team_abbr,
        injuries.player_lookup,
        injuries.injury_status,
        played_history.game_date as played_date,
        played_history.points,
        played_history.minutes_tenths,
        row_number() over (
            partition by injuries.game_id, injuries.player_lookup
            order by played_history.game_date desc, played_history.game_id desc
        ) as recency_rank
    from injuries
    inner join played_history
        on
            injuries.player_lookup = played_history.player_lookup
            and injuries.game_date > played_history.game_date
            and played_history.game_date >= {{ dbt.dateadd('day', -history_days, 'injuries.game_date') }}
    where injuries.injury_status in ('out', 'doubtful', 'questionable')
),

injured_stars as (
    select
        game_id,
        team_abbr,
        player_lookup,
        max(injury_status) as injury_status,
        max(played_date) as latest_played_date
    from injured_players_before
    where recency_rank <= 10
    group by game_id, team_abbr, player_lookup
    having
        sum(points) >= {{ star_min_points }} * count(*)
        or (
            sum(minutes_tenths) >= {{ star_min_minutes * 10 }} * count(*)
            and sum(points) >= {{ star_min_points_with_minutes }} * count(*)
        )
),

team_injured_stars as (
    select
        game_id,
        team_abbr,
        sum(case when injury_status in ('out', 'doubtful') then 1 else 0 end) as stars_out,
        sum(case when injury_status = 'questionable' then 1 else 0 end) as stars_questionable,
        max(latest_played_date) as latest_star_game_date
    from injured_stars
    group by game_id, team_abbr
),

player_injured_star as (
    select
        game_id,
        team_abbr,
        player_lookup,
        case when injury_status in ('out', 'doubtful') then 1 else 0 end as is_star_out,
        case when injury_status = 'questionable' then 1 else 0 end as is_star_questionable
    from injured_stars
),

-- whether the game has any injury-report row at all (an empty report is a missing source)
injury_report_games as (
    select distinct game_id
    from injuries
),

joined as (
    select
        driver.game_date,
        driver.player_lookup,
        coalesce(
            registry_identity.universal_player_id,
            {{ dbt.concat(['driver.player_lookup', "'_001'"]) }}
        ) as universal_player_id,
        coalesce(driver.player_full_name, registry_identity.player_name) as player_full_name,
        driver.game_id,
        driver.season_year,
        driver.tipoff_at,
        driver.team_abbr,
        driver.opponent_team_abbr,
        driver.home_game,
        driver.is_final,
        driver.driver_source,
        driver.boxscore_player_status,
        prop_lines.current_line,
        prop_lines.opening_line,
        prop_lines.line_source,
        prop_lines.bookmaker as prop_bookmaker,
        prop_lines.current_snapshot_at as prop_snapshot_at,
        prop_lines.over_price_american as prop_over_price_american,
        prop_lines.under_price_american as prop_under_price_american,
        driver.prediction_at,
        game_lines.game_id is not null as has_game_lines,
        case
            when game_lines.current_spread is null then null
            when game_lines.current_favorite_team_abbr = driver.team_abbr then game_lines.current_spread
            else -game_lines.current_spread
        end as team_current_spread,
        case
            when game_lines.opening_spread is null then null
            when game_lines.opening_favorite_team_abbr = driver.team_abbr then game_lines.opening_spread
            else -game_lines.opening_spread
        end as team_opening_spread,
        game_lines.current_total,
        game_lines.opening_total,
        player_form.last_played_date,
        coalesce(player_form.games_in_last_7_days, 0) as games_in_last_7_days,
        coalesce(player_form.games_in_last_14_days, 0) as games_in_last_14_days,
        coalesce(player_form.minutes_tenths_last_7_days, 0) as minutes_tenths_last_7_days,
        coalesce(player_form.minutes_tenths_last_14_days, 0) as minutes_tenths_last_14_days,
        coalesce(player_form.back_to_backs_last_14_days, 0) as back_to_backs_last_14_days,
        coalesce(player_form.games_in_last_5_sample, 0) as games_in_last_5_sample,
        coalesce(player_form.games_in_last_10_sample, 0) as games_in_last_10_sample,
        player_form.points_sum_last_5,
        player_form.points_sum_last_10,
        player_form.points_sq_sum_last_10,
        player_form.minutes_tenths_last_10,
        player_form.latest_form_game_date,
        player_streak_breaks.first_not_over_rank,
        player_streak_breaks.first_not_under_rank,
        player_streak_breaks.streak_sample,
        own_pace.pace_last_10 as team_pace_last_10,
        opponent_pace.pace_last_10 as opponent_pace_last_10,
        opponent_defense.def_rating_last_10 as opponent_def_rating_last_10,
        opponent_previous.previous_game_date as opponent_previous_game_date,
        injuries.injury_status as player_status,
        injuries.reason as injury_reason,
        injury_report_games.game_id is not null as has_injury_report,
        coalesce(team_stars.stars_out, 0) - coalesce(own_star.is_star_out, 0) as star_teammates_out,
        coalesce(team_stars.stars_questionable, 0) - coalesce(own_star.is_star_questionable, 0)
            as questionable_star_teammates,
        team_stars.latest_star_game_date,
        own_pace.latest_pace_game_date,
        opponent_pace.latest_pace_game_date as latest_opponent_pace_game_date,
        opponent_defense.latest_def_game_date
    from driver
    left join registry_identity
        on
            driver.game_id = registry_identity.game_id
            and driver.player_lookup = registry_identity.player_lookup
            and registry_identity.identity_rank = 1
    left join prop_lines
        on
            driver.game_id = prop_lines.game_id
            and driver.player_lookup = prop_lines.player_lookup
    left join game_lines
        on driver.game_id = game_lines.game_id
    left join player_form
        on
            driver.game_date = player_form.target_date
            and driver.player_lookup = player_form.player_lookup
    left join player_streak_breaks
        on
            driver.game_date = player_streak_breaks.target_date
            and driver.player_lookup = player_streak_breaks.player_lookup
    left join team_pace as own_pace
        on
            driver.game_date = own_pace.target_date
            and driver.team_abbr = own_pace.team_abbr
    left join team_pace as opponent_pace
        on
            driver.game_date = opponent_pace.target_date
            and driver.opponent_team_abbr = opponent_pace.team_abbr
    left join team_def_rating as opponent_defense
        on
            driver.game_date = opponent_defense.target_date
            and driver.opponent_team_abbr = opponent_defense.team_abbr
    left join team_previous_game as opponent_previous
        on
            driver.game_date = opponent_previous.target_date
            and driver.opponent_team_abbr = opponent_previous.team_abbr
    left join injuries
        on
            driver.game_id = injuries.game_id
            and driver.player_lookup = injuries.player_lookup
    left join injury_report_games
        on driver.game_id = injury_report_games.game_id
    -- star counts of the team, minus the player himself (teammates only)
    left join team_injured_stars as team_stars
        on
            driver.game_id = team_stars.game_id
            and driver.team_abbr = team_stars.team_abbr
    left join player_injured_star as own_star
        on
            driver.game_id = own_star.game_id
            and driver.team_abbr = own_star.team_abbr
            and driver.player_lookup = own_star.player_lookup
    where driver.player_date_rank = 1
),

derived as (
    select
        joined.*,
        {{ dbt.datediff('joined.last_played_date', 'joined.game_date', 'day') }} as days_since_last_game, -- noqa: LT05
        {{ dbt.datediff('joined.opponent_previous_game_date', 'joined.game_date', 'day') }}
            as opponent_days_since_last_game,
        case
            when joined.games_in_last_10_sample >= 10 then 'gold'
            when joined.games_in_last_10_sample >= 5 then 'silver'
            when joined.games_in_last_10_sample >= 1 then 'bronze'
            else 'poor'
        end as tier,
        case
            when joined.games_in_last_10_sample >= 10 then 100
            when joined.games_in_last_10_sample >= 5 then 75 + 4 * (joined.games_in_last_10_sample - 5)
            when joined.games_in_last_10_sample >= 1 then 50 + 6 * (joined.games_in_last_10_sample - 1)
            else 25
        end as score,
        case when joined.games_in_last_10_sample = 0 then 'no_history; ' else '' end
        || case
            when joined.games_in_last_10_sample between 1 and 9
                then 'thin_sample:' || cast(joined.games_in_last_10_sample as {{ dbt.type_string() }}) || '/10; '
            else ''
        end
        || case when joined.team_current_spread is null then 'missing_game_spread; ' else '' end
        || case when joined.current_total is null then 'missing_game_total; ' else '' end
        || case when joined.current_line is null then 'no_prop_line; ' else '' end
        || case when not joined.has_injury_report then 'no_injury_report; ' else '' end
            as issues_with_trailing_separator,
        -- the newest game date any input of this row comes from (history only; always < game_date)
        nullif(greatest(
            coalesce(joined.last_played_date, date '1900-01-01'),
            coalesce(joined.latest_form_game_date, date '1900-01-01'),
            coalesce(joined.latest_pace_game_date, date '1900-01-01'),
            coalesce(joined.latest_opponent_pace_game_date, date '1900-01-01'),
            coalesce(joined.latest_def_game_date, date '1900-01-01'),
            coalesce(joined.opponent_previous_game_date, date '1900-01-01'),
            coalesce(joined.latest_star_game_date, date '1900-01-01')
        ), date '1900-01-01') as latest_input_game_date
    from joined
),

final as (
    select
        -- identity
        derived.game_date,
        derived.player_lookup,
        derived.universal_player_id,
        derived.player_full_name,
        derived.game_id,
        derived.season_year,
        derived.tipoff_at,
        derived.team_abbr,
        derived.opponent_team_abbr,
        derived.home_game,

        -- driver
        derived.driver_source,
        derived.is_final as is_game_final,
        derived.boxscore_player_status,
        coalesce(derived.boxscore_player_status in ('dnp', 'inactive'), false) as is_dnp,

        -- prop line known at the prediction time (int_games.prediction_at)
        derived.prediction_at,
        cast(derived.current_line as {{ type_double() }}) as current_points_line,
        cast(derived.opening_line as {{ type_double() }}) as opening_points_line,
        cast(derived.current_line - derived.opening_line as {{ type_double() }}) as line_movement,
        derived.line_source,
        derived.prop_bookmaker as points_line_bookmaker,
        derived.prop_snapshot_at as points_line_snapshot_at,
        cast(derived.prop_over_price_american as {{ type_double() }}) as points_line_over_price_american,
        cast(derived.prop_under_price_american as {{ type_double() }}) as points_line_under_price_american,
        derived.current_line is not null as has_prop_line,

        -- game lines (median across books; spread from this team's side, favourite negative)
        cast(derived.team_current_spread as {{ type_double() }}) as game_spread,
        cast(derived.team_opening_spread as {{ type_double() }}) as opening_game_spread,
        cast(derived.team_current_spread - derived.team_opening_spread as {{ type_double() }}) as spread_movement,
        cast(derived.current_total as {{ type_double() }}) as game_total,
        cast(derived.opening_total as {{ type_double() }}) as opening_game_total,
        cast(derived.current_total - derived.opening_total as {{ type_double() }}) as total_movement,

        -- fatigue (played games only)
        derived.days_since_last_game,
        derived.days_since_last_game - 1 as days_rest,
        coalesce(derived.days_since_last_game = 1, false) as back_to_back,
        derived.games_in_last_7_days,
        derived.games_in_last_14_days,
        cast(derived.minutes_tenths_last_7_days / 10.0 as {{ type_double() }}) as minutes_in_last_7_days,
        cast(derived.minutes_tenths_last_14_days / 10.0 as {{ type_double() }}) as minutes_in_last_14_days,
        cast(
            round(derived.minutes_tenths_last_7_days / (10.0 * nullif(derived.games_in_last_7_days, 0)), 1)
            as {{ type_double() }}
        ) as avg_minutes_per_game_last_7,
        derived.back_to_backs_last_14_days,

        -- recent form (last N played games within the history horizon)
        cast(
            round(derived.points_sum_last_5 / nullif(derived.games_in_last_5_sample, 0), 1) as {{ type_double() }}
        ) as points_avg_last_5,
        cast(
            round(derived.points_sum_last_10 / nullif(derived.games_in_last_10_sample, 0), 1) as {{ type_double() }}
        ) as points_avg_last_10,
        -- sample standard deviation from exact integer sums: (n·Σx² − (Σx)²) / (n·(n − 1))
        case
            when derived.games_in_last_10_sample >= 2
                then cast(round(sqrt(
                    (
                        derived.games_in_last_10_sample * derived.points_sq_sum_last_10
                        - derived.points_sum_last_10 * derived.points_sum_last_10
                    )
                    / (1.0 * derived.games_in_last_10_sample * (derived.games_in_last_10_sample - 1))
                ), 2) as {{ type_double() }})
        end as points_std_last_10,
        cast(
            round(derived.minutes_tenths_last_10 / (10.0 * nullif(derived.games_in_last_10_sample, 0)), 1)
            as {{ type_double() }}
        ) as minutes_avg_last_10,
        derived.games_in_last_5_sample as l5_games_played,
        derived.games_in_last_10_sample as l10_games_played,
        {{ context_sample_quality('derived.games_in_last_5_sample', 5) }} as l5_sample_quality,
        {{ context_sample_quality('derived.games_in_last_10_sample', 10) }} as l10_sample_quality,
        case
            when derived.current_line is null then null
            else coalesce(derived.first_not_over_rank - 1, derived.streak_sample, 0)
        end as prop_over_streak,
        case
            when derived.current_line is null then null
            else coalesce(derived.first_not_under_rank - 1, derived.streak_sample, 0)
        end as prop_under_streak,

        -- team and opponent
        cast(round(derived.team_pace_last_10, 2) as {{ type_double() }}) as team_pace_last_10,
        cast(round(derived.opponent_pace_last_10, 2) as {{ type_double() }}) as opponent_pace_last_10,
        cast(
            round(derived.team_pace_last_10 - derived.opponent_pace_last_10, 2) as {{ type_double() }}
        ) as pace_differential,
        cast(round(derived.opponent_def_rating_last_10, 2) as {{ type_double() }}) as opponent_def_rating_last_10,
        derived.opponent_days_since_last_game - 1 as opponent_days_rest,

        -- injury (latest report before tip-off; NULL = not on the report)
        derived.player_status,
        derived.injury_reason,
        derived.star_teammates_out,
        derived.questionable_star_teammates,

        -- quality and point-in-time
        derived.tier as quality_tier,
        cast(derived.score as {{ type_double() }}) as quality_score,
        case
            when derived.issues_with_trailing_separator = '' then null
            else substr(
                derived.issues_with_trailing_separator, 1, length(derived.issues_with_trailing_separator) - 2
            )
        end as quality_issues,
        derived.tier in ('gold', 'silver', 'bronze') as is_production_ready,
        derived.latest_input_game_date
    from derived
)

select * from final
{% if is_incremental() %}
    where {{ incremental_predicate('game_date') }}
{% endif %}
