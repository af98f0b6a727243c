-- one row per standard game_id with Odds API game lines known at prediction time: opening and current spread and
-- total, each the median across bookmakers at that snapshot (spreads: favourite side, point <= 0)
with

games as (
    select * from {{ ref('int_games') }}
),

game_lines as (
    select * from {{ ref('stg_nba_raw__odds_api_game_lines') }}
),

-- Odds API rows matched to the standard game by (game_date, home, away); only what the market showed
-- before the game's prediction time (int_games.prediction_at, never after tip-off): the closing
-- spread is news a prediction made in the morning did not have
pre_tip_lines as (
    select
        games.game_id,
        games.game_date,
        games.home_team_abbr,
        games.away_team_abbr,
        games.tipoff_at,
        game_lines.game_id as odds_api_event_id,
        game_lines.snapshot_timestamp,
        game_lines.bookmaker_key,
        game_lines.market_key,
        game_lines.outcome_side,
        game_lines.outcome_team_abbr,
        cast(game_lines.outcome_point as {{ type_double() }}) as outcome_point,
        game_lines.processed_at
    from game_lines
    inner join games
        on
            game_lines.game_date = games.game_date
            and game_lines.home_team_abbr = games.home_team_abbr
            and game_lines.away_team_abbr = games.away_team_abbr
    where
        game_lines.outcome_point is not null
        and game_lines.snapshot_timestamp < games.prediction_at
),

-- one value per (game, market, snapshot, bookmaker): the favourite side's spread (the most negative
-- point <= 0; a pick'em is 0) and the Over's total; the home side's point to name the favourite
book_values as (
    select
        game_id,
        market_key,
        snapshot_timestamp,
        bookmaker_key,
        case
            when market_key = 'spreads' then min(case when outcome_point <= 0 then outcome_point end)
            else min(case when outcome_side = 'over' then outcome_point end)
        end as book_point,
        min(case when market_key = 'spreads' and outcome_side = 'home' then outcome_point end) as home_point
    from pre_tip_lines
    group by game_id, market_key, snapshot_timestamp, bookmaker_key
),

usable_book_values as (
    select
        book_values.*,
        min(book_values.snapshot_timestamp) over (
            partition by book_values.game_id, book_values.market_key
        ) as opening_snapshot_at,
        max(book_values.snapshot_timestamp) over (
            partition by book_values.game_id, book_values.market_key
        ) as current_snapshot_at
    from book_values
    where book_values.book_point is not null
),

moment_values as (
    select
        game_id,
        market_key,
        snapshot_timestamp,
        bookmaker_key,
        {{ context_median_over('book_point', ['game_id', 'market_key', 'snapshot_timestamp']) }} as median_point,
        {{ context_median_over('home_point', ['game_id', 'market_key', 'snapshot_timestamp']) }}
            as median_home_point
    from usable_book_values
    where
        snapshot_timestamp = opening_snapshot_at
        or snapshot_timestamp = current_snapshot_at
),

-- one row per (game, market, moment); a game with a single snapshot has opening = current
moments as (
    select
        game_id,
        market_key,
        snapshot_timestamp,
        max(median_point) as median_point,
        max(median_home_point) as median_home_point,
        count(*) as bookmaker_count,
        {{ dbt.listagg('bookmaker_key', "','", 'order by bookmaker_key') }} as bookmakers
    from moment_values
    group by game_id, market_key, snapshot_timestamp
),

market_moments as (
    select
        moments.*,
        row_number() over (
            partition by moments.game_id, moments.market_key
            order by moments.snapshot_timestamp asc
        ) as opening_rank,
        row_number() over (
            partition by moments.game_id, moments.market_key
            order by moments.snapshot_timestamp desc
        ) as current_rank
    from moments
),

per_game as (
    select
        game_id,
        max(case when market_key = 'spreads' and opening_rank = 1 then median_point end) as opening_spread,
        max(case when market_key = 'spreads' and current_rank = 1 then median_point end) as current_spread,
        max(case when market_key = 'spreads' and opening_rank = 1 then median_home_point end)
            as opening_home_spread_median,
        max(case when market_key = 'spreads' and current_rank = 1 then median_home_point end)
            as current_home_spread_median,
        max(case when market_key = 'spreads' and opening_rank = 1 then snapshot_timestamp end)
            as opening_spread_at,
        max(case when market_key = 'spreads' and current_rank = 1 then snapshot_timestamp end)
            as current_spread_at,
        max(case when market_key = 'spreads' and current_rank = 1 then bookmakers end) as spread_bookmakers,
        max(case when market_key = 'spreads' and current_rank = 1 then bookmaker_count end)
            as spread_bookmaker_count,
        max(case when market_key = 'totals' and opening_rank = 1 then median_point end) as opening_total,
        max(case when market_key = 'totals' and current_rank = 1 then median_point end) as current_total,
        max(case when market_key = 'totals' and opening_rank = 1 then snapshot_timestamp end)
            as opening_total_at,
        max(case when market_key = 'totals' and current_rank = 1 then snapshot_timestamp end)
            as current_total_at,
        max(case when market_key = 'totals' and current_rank = 1 then bookmakers end) as total_bookmakers,
        max(case when market_key = 'totals' and current_rank = 1 then bookmaker_count end)
            as total_bookmaker_count
    from market_moments
    group by game_id
),

per_game_sources as (
    select
        game_id,
        min(odds_api_event_id) as odds_api_event_id,
        count(distinct snapshot_timestamp) as pre_tip_snapshot_count,
        max(processed_at) as source_processed_at
    from pre_tip_lines
    group by game_id
),

final as (
    select
        games.game_id,
        games.game_date,
        games.home_team_abbr,
        games.away_team_abbr,
        games.tipoff_at,
        per_game_sources.odds_api_event_id,
        per_game.opening_spread,
        per_game.current_spread,
        per_game.current_spread - per_game.opening_spread as spread_movement,
        -- favourite: the home team when the median home-side point is <= 0 (a pick'em too), else the away team
        case
            when per_game.opening_home_spread_median is null then null
            when per_game.opening_home_spread_median <= 0 then games.home_team_abbr
            else games.away_team_abbr
        end as opening_favorite_team_abbr,
        case
            when per_game.current_home_spread_median is null then null
            when per_game.current_home_spread_median <= 0 then games.home_team_abbr
            else games.away_team_abbr
        end as current_favorite_team_abbr,
        per_game.opening_spread_at,
        per_game.current_spread_at,
        per_game.spread_bookmakers,
        per_game.spread_bookmaker_count,
        per_game.opening_total,
        per_game.current_total,
        per_game.current_total - per_game.opening_total as total_movement,
        per_game.opening_total_at,
        per_game.current_total_at,
        per_game.total_bookmakers,
        per_game.total_bookmaker_count,
        per_game_sources.pre_tip_snapshot_count,
        per_game_sources.source_processed_at
    from per_game
    inner join games
        on per_game.game_id = games.game_id
    inner join per_game_sources
        on per_game.game_id = per_game_sources.game_id
)

select * from final
