-- materialized as a table: it scans every prop snapshot, and the feature store and a test read it
{{ config(materialized='table') }}

-- one row per (game_id, player_lookup) with at least one book's points line before the prediction
-- time (int_games.prediction_at): the market across books, where int_player_prop_lines keeps one
-- book. Each book counts once, at its latest snapshot before the prediction time; a book both
-- feeds carry is read from the Odds API. Per book the over/under prices give a no-vig probability
-- of the over; the market is the median line across books, the spread of their lines, and the
-- mean over books of (no-vig p_over - 0.5): positive when the books price the over above even,
-- i.e. the fair line is above the median line. Vendor names resolve as in int_player_prop_lines.
with

games as (
    select * from {{ ref('int_games') }}
),

odds_props as (
    select * from {{ ref('stg_nba_raw__odds_api_player_points_props') }}
),

bettingpros_props as (
    select * from {{ ref('stg_nba_raw__bettingpros_player_points_props') }}
),

resolution as (
    select * from {{ ref('int_prop_player_resolution') }}
),

odds_books as (
    select
        odds_props.game_id,
        games.game_date,
        resolution.player_lookup,
        resolution.name_match_method,
        resolution.vendor_player_lookup,
        lower(odds_props.bookmaker) as bookmaker,
        odds_props.snapshot_timestamp as snapshot_at,
        odds_props.points_line,
        odds_props.over_price_american,
        odds_props.under_price_american,
        1 as source_rank
    from odds_props
    inner join games
        on odds_props.game_id = games.game_id
    inner join resolution
        on
            resolution.line_source = 'odds_api'
            and odds_props.game_id = resolution.game_id
            and games.game_date = resolution.game_date
            and odds_props.player_lookup = resolution.vendor_player_lookup
    where
        odds_props.is_pre_game
        and odds_props.points_line is not null
        and odds_props.snapshot_timestamp < games.prediction_at
),

bettingpros_under as (
    select
        bettingpros_props.game_date,
        bettingpros_props.player_lookup,
        bettingpros_props.bookmaker_key,
        bettingpros_props.offer_id,
        bettingpros_props.created_at,
        bettingpros_props.points_line,
        max(bettingpros_props.odds_american) as under_price_american
    from bettingpros_props
    where
        bettingpros_props.bet_side = 'under'
        and bettingpros_props.market_type = 'points'
        and bettingpros_props.points_line is not null
    group by
        bettingpros_props.game_date,
        bettingpros_props.player_lookup,
        bettingpros_props.bookmaker_key,
        bettingpros_props.offer_id,
        bettingpros_props.created_at,
        bettingpros_props.points_line
),

bettingpros_books as (
    select
        games.game_id,
        games.game_date,
        resolution.player_lookup,
        resolution.name_match_method,
        resolution.vendor_player_lookup,
        lower(over_side.bookmaker_key) as bookmaker,
        over_side.created_at as snapshot_at,
        over_side.points_line,
        over_side.odds_american as over_price_american,
        under_side.under_price_american,
        2 as source_rank
    from bettingpros_props as over_side
    inner join resolution
        on
            resolution.line_source = 'bettingpros'
            and over_side.game_date = resolution.game_date
            and over_side.player_lookup = resolution.vendor_player_lookup
    inner join games
        on resolution.game_id = games.game_id
    left join bettingpros_under as under_side
        on
            over_side.game_date = under_side.game_date
            and over_side.player_lookup = under_side.player_lookup
            and over_side.bookmaker_key = under_side.bookmaker_key
            and over_side.offer_id = under_side.offer_id
            and over_side.created_at = under_side.created_at
            and over_side.points_line = under_side.points_line
    where
        over_side.bet_side = 'over'
        and over_side.market_type = 'points'
        and over_side.points_line is not null
        -- consensus rows are an average of the books already counted
        and {{ player_bookmaker_priority('over_side.bookmaker_key') }} != 99
        and (
            over_side.player_team in (games.home_team_abbr, games.away_team_abbr)
            or (over_side.player_team = 'FA' and resolution.name_match_method != 'unmatched')
        )
        and over_side.created_at < games.prediction_at
),

book_snapshots as (
    select * from odds_books
    union all
    select * from bettingpros_books
),

-- per book: the feed that carries it first, the best name match, then the latest snapshot
latest_per_book as (
    select *
    from (
        select
            book_snapshots.*,
            row_number() over (
                partition by book_snapshots.game_id, book_snapshots.player_lookup, book_snapshots.bookmaker
                order by
                    book_snapshots.source_rank asc,
                    {{ name_match_method_rank('book_snapshots.name_match_method') }} asc,
                    book_snapshots.vendor_player_lookup asc,
                    book_snapshots.snapshot_at desc,
                    book_snapshots.points_line desc
            ) as book_snapshot_rank
        from book_snapshots
    ) as ranked
    where book_snapshot_rank = 1
),

priced as (
    select
        game_id,
        game_date,
        player_lookup,
        bookmaker,
        snapshot_at,
        cast(points_line as {{ type_double() }}) as points_line,
        {{ american_implied_probability('cast(over_price_american as ' ~ type_double() ~ ')') }} as over_implied,
        {{ american_implied_probability('cast(under_price_american as ' ~ type_double() ~ ')') }} as under_implied
    from latest_per_book
),

per_book as (
    select
        game_id,
        game_date,
        player_lookup,
        bookmaker,
        snapshot_at,
        points_line,
        case
            when over_implied + under_implied > 0 then over_implied / (over_implied + under_implied)
        end as p_over_no_vig,
        {{ context_median_over('points_line', ['game_id', 'player_lookup']) }} as median_line
    from priced
),

final as (
    select
        game_id,
        game_date,
        player_lookup,
        count(*) as market_books,
        count(p_over_no_vig) as market_priced_books,
        max(median_line) as market_line_median,
        max(points_line) - min(points_line) as market_line_range,
        round(avg(p_over_no_vig) - 0.5, 4) as market_price_skew,
        max(snapshot_at) as market_latest_snapshot_at
    from per_book
    group by game_id, game_date, player_lookup
)

select * from final
