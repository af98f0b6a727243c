-- materialized as a table (not the folder's view): player_game_summary, upcoming_player_game_context
-- and a dozen tests read it, and as a view each of them would rescan every prop snapshot
{{ config(materialized='table') }}

-- one row per (game_id, player_lookup) with a pre-game points line, seen at two cut-offs: the
-- prediction time (int_games.prediction_at: what a prediction could have used) and tip-off (the
-- closing line, for grading and closing-line value). At each cut-off: Odds API first (bookmaker
-- priority draftkings > fanduel > others alphabetical; the chosen book's earliest and latest
-- snapshot strictly before the cut-off), BettingPros only when the Odds API has no line by then
-- (DraftKings > FanDuel > others > BettingPros Consensus, over side, created before the cut-off).
-- current_line and its prices are the line at prediction time (NULL when the market had no line
-- yet); closing_line is the latest pre-tip line.
-- player_lookup is the box-score player the vendor's spelling resolves to (int_prop_player_resolution);
-- when two spellings of one player have lines for a game in a feed, the better match is used
-- (exact > alias > suffix > unmatched, then the spelling alphabetically)
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

-- the two moments a line is read at; prediction_at is never after tip-off
cutoffs as (
    select
        games.game_id,
        games.game_date,
        'prediction' as line_cut,
        games.prediction_at as cutoff_at
    from games
    union all
    select
        games.game_id,
        games.game_date,
        'closing' as line_cut,
        games.tipoff_at as cutoff_at
    from games
),

-- Odds API: pre-game snapshots only, strictly before the cut-off, of scheduled games (a game the
-- schedule does not hold yet is counted in data_quality_set_aside and joins later)
odds_pre_tip_names as (
    select
        cutoffs.line_cut,
        odds_props.game_id,
        cutoffs.game_date,
        resolution.player_lookup,
        resolution.vendor_player_lookup,
        resolution.name_match_method,
        odds_props.bookmaker,
        odds_props.snapshot_timestamp,
        odds_props.points_line,
        odds_props.over_price_american,
        odds_props.under_price_american,
        {{ player_bookmaker_priority('odds_props.bookmaker') }} as bookmaker_priority
    from odds_props
    inner join cutoffs
        on odds_props.game_id = cutoffs.game_id
    inner join resolution
        on
            resolution.line_source = 'odds_api'
            and odds_props.game_id = resolution.game_id
            and cutoffs.game_date = resolution.game_date
            and odds_props.player_lookup = resolution.vendor_player_lookup
    where
        odds_props.is_pre_game
        and odds_props.player_lookup is not null
        and odds_props.points_line is not null
        and odds_props.snapshot_timestamp < cutoffs.cutoff_at
),

odds_pre_tip as (
    select *
    from (
        select
            odds_pre_tip_names.*,
            dense_rank() over (
                partition by
                    odds_pre_tip_names.line_cut,
                    odds_pre_tip_names.game_id,
                    odds_pre_tip_names.player_lookup
                order by
                    {{ name_match_method_rank('odds_pre_tip_names.name_match_method') }} asc,
                    odds_pre_tip_names.vendor_player_lookup asc
            ) as spelling_rank
        from odds_pre_tip_names
    ) as ranked
    where spelling_rank = 1
),

odds_book_choice as (
    select
        line_cut,
        game_id,
        player_lookup,
        bookmaker,
        row_number() over (
            partition by line_cut, game_id, player_lookup
            order by bookmaker_priority asc, bookmaker asc
        ) as book_rank
    from (
        select distinct
            line_cut,
            game_id,
            player_lookup,
            bookmaker,
            bookmaker_priority
        from odds_pre_tip
    ) as books
),

odds_snapshots as (
    select
        odds_pre_tip.line_cut,
        odds_pre_tip.game_id,
        odds_pre_tip.game_date,
        odds_pre_tip.player_lookup,
        odds_pre_tip.vendor_player_lookup,
        odds_pre_tip.name_match_method,
        odds_pre_tip.bookmaker,
        odds_pre_tip.snapshot_timestamp,
        odds_pre_tip.points_line,
        odds_pre_tip.over_price_american,
        odds_pre_tip.under_price_american,
        row_number() over (
            partition by odds_pre_tip.line_cut, odds_pre_tip.game_id, odds_pre_tip.player_lookup
            order by odds_pre_tip.snapshot_timestamp asc
        ) as opening_rank,
        row_number() over (
            partition by odds_pre_tip.line_cut, odds_pre_tip.game_id, odds_pre_tip.player_lookup
            order by odds_pre_tip.snapshot_timestamp desc
        ) as current_rank,
        count(*) over (
            partition by odds_pre_tip.line_cut, odds_pre_tip.game_id, odds_pre_tip.player_lookup
        ) as snapshot_count
    from odds_pre_tip
    inner join odds_book_choice
        on
            odds_pre_tip.line_cut = odds_book_choice.line_cut
            and odds_pre_tip.game_id = odds_book_choice.game_id
            and odds_pre_tip.player_lookup = odds_book_choice.player_lookup
            and odds_pre_tip.bookmaker = odds_book_choice.bookmaker
    where odds_book_choice.book_rank = 1
),

odds_lines as (
    select
        current_snap.line_cut,
        current_snap.game_id,
        current_snap.game_date,
        current_snap.player_lookup,
        current_snap.vendor_player_lookup,
        current_snap.name_match_method,
        opening_snap.points_line as opening_line,
        current_snap.points_line as current_line,
        'odds_api' as line_source,
        current_snap.bookmaker,
        opening_snap.bookmaker as opening_bookmaker,
        current_snap.snapshot_timestamp as current_snapshot_at,
        current_snap.snapshot_count,
        current_snap.over_price_american,
        current_snap.under_price_american
    from odds_snapshots as current_snap
    inner join odds_snapshots as opening_snap
        on
            current_snap.line_cut = opening_snap.line_cut
            and current_snap.game_id = opening_snap.game_id
            and current_snap.player_lookup = opening_snap.player_lookup
            and opening_snap.opening_rank = 1
    where current_snap.current_rank = 1
),

-- BettingPros has no game id: int_prop_player_resolution places a row in its team's game that
-- date, or, for 'FA' rows, in the game whose teams have a player the name resolves to
bettingpros_over as (
    select
        bettingpros_props.game_date,
        bettingpros_props.player_lookup,
        bettingpros_props.player_team,
        bettingpros_props.bookmaker,
        bettingpros_props.bookmaker_key,
        bettingpros_props.points_line,
        bettingpros_props.opening_line,
        bettingpros_props.is_best_line,
        bettingpros_props.bookmaker_last_update,
        bettingpros_props.offer_id,
        bettingpros_props.odds_american,
        bettingpros_props.created_at
    from bettingpros_props
    where
        bettingpros_props.bet_side = 'over'
        and bettingpros_props.market_type = 'points'
        and bettingpros_props.player_lookup is not null
        and bettingpros_props.points_line is not null
),

-- the under side of an offer is its own row: its price at the same snapshot and line
bettingpros_under_prices as (
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
        and bettingpros_props.player_lookup is not null
        and bettingpros_props.points_line is not null
    group by
        bettingpros_props.game_date,
        bettingpros_props.player_lookup,
        bettingpros_props.bookmaker_key,
        bettingpros_props.offer_id,
        bettingpros_props.created_at,
        bettingpros_props.points_line
),

bettingpros_game_names as (
    select
        cutoffs.line_cut,
        games.game_id,
        games.game_date,
        resolution.player_lookup,
        resolution.vendor_player_lookup,
        resolution.name_match_method,
        bettingpros_over.bookmaker,
        bettingpros_over.bookmaker_key,
        bettingpros_over.points_line,
        bettingpros_over.opening_line,
        bettingpros_over.is_best_line,
        bettingpros_over.bookmaker_last_update,
        bettingpros_over.offer_id,
        bettingpros_over.created_at,
        bettingpros_over.odds_american as over_price_american,
        {{ player_bookmaker_priority('bettingpros_over.bookmaker_key') }} as bookmaker_priority
    from bettingpros_over
    inner join resolution
        on
            resolution.line_source = 'bettingpros'
            and bettingpros_over.game_date = resolution.game_date
            and bettingpros_over.player_lookup = resolution.vendor_player_lookup
    inner join games
        on resolution.game_id = games.game_id
    inner join cutoffs
        on games.game_id = cutoffs.game_id
    where
        (
            bettingpros_over.player_team in (games.home_team_abbr, games.away_team_abbr)
            or (bettingpros_over.player_team = 'FA' and resolution.name_match_method != 'unmatched')
        )
        and bettingpros_over.created_at < cutoffs.cutoff_at
),

bettingpros_games as (
    select *
    from (
        select
            bettingpros_game_names.*,
            dense_rank() over (
                partition by
                    bettingpros_game_names.line_cut,
                    bettingpros_game_names.game_id,
                    bettingpros_game_names.player_lookup
                order by
                    {{ name_match_method_rank('bettingpros_game_names.name_match_method') }} asc,
                    bettingpros_game_names.vendor_player_lookup asc
            ) as spelling_rank
        from bettingpros_game_names
    ) as ranked
    where spelling_rank = 1
),

bettingpros_book_choice as (
    select
        line_cut,
        game_id,
        player_lookup,
        bookmaker_key,
        row_number() over (
            partition by line_cut, game_id, player_lookup
            order by bookmaker_priority asc, bookmaker_key asc
        ) as book_rank
    from (
        select distinct
            line_cut,
            game_id,
            player_lookup,
            bookmaker_key,
            bookmaker_priority
        from bettingpros_games
    ) as books
),

bettingpros_snapshots as (
    select
        bettingpros_games.*,
        row_number() over (
            partition by bettingpros_games.line_cut, bettingpros_games.game_id, bettingpros_games.player_lookup
            order by
                bettingpros_games.created_at desc,
                bettingpros_games.is_best_line desc,
                bettingpros_games.bookmaker_last_update desc,
                bettingpros_games.offer_id desc,
                bettingpros_games.points_line desc
        ) as current_rank,
        row_number() over (
            partition by bettingpros_games.line_cut, bettingpros_games.game_id, bettingpros_games.player_lookup
            order by
                bettingpros_games.created_at asc,
                bettingpros_games.offer_id asc,
                bettingpros_games.points_line asc
        ) as opening_rank,
        count(distinct bettingpros_games.created_at) over (
            partition by bettingpros_games.line_cut, bettingpros_games.game_id, bettingpros_games.player_lookup
        ) as snapshot_count
    from bettingpros_games
    inner join bettingpros_book_choice
        on
            bettingpros_games.line_cut = bettingpros_book_choice.line_cut
            and bettingpros_games.game_id = bettingpros_book_choice.game_id
            and bettingpros_games.player_lookup = bettingpros_book_choice.player_lookup
            and bettingpros_games.bookmaker_key = bettingpros_book_choice.bookmaker_key
    where bettingpros_book_choice.book_rank = 1
),

-- opening: the offer's own opening_line (as production), else the earliest pre-tip snapshot
bettingpros_lines as (
    select
        current_snap.line_cut,
        current_snap.game_id,
        current_snap.game_date,
        current_snap.player_lookup,
        current_snap.vendor_player_lookup,
        current_snap.name_match_method,
        coalesce(current_snap.opening_line, opening_snap.points_line) as opening_line,
        current_snap.points_line as current_line,
        'bettingpros' as line_source,
        current_snap.bookmaker_key as bookmaker,
        current_snap.bookmaker_key as opening_bookmaker,
        current_snap.created_at as current_snapshot_at,
        current_snap.snapshot_count,
        current_snap.over_price_american,
        under_prices.under_price_american
    from bettingpros_snapshots as current_snap
    inner join bettingpros_snapshots as opening_snap
        on
            current_snap.line_cut = opening_snap.line_cut
            and current_snap.game_id = opening_snap.game_id
            and current_snap.player_lookup = opening_snap.player_lookup
            and opening_snap.opening_rank = 1
    left join bettingpros_under_prices as under_prices
        on
            current_snap.game_date = under_prices.game_date
            and current_snap.vendor_player_lookup = under_prices.player_lookup
            and current_snap.bookmaker_key = under_prices.bookmaker_key
            and current_snap.offer_id = under_prices.offer_id
            and current_snap.created_at = under_prices.created_at
            and current_snap.points_line = under_prices.points_line
    where current_snap.current_rank = 1
),

all_lines as (
    select * from odds_lines
    union all
    select bettingpros_lines.*
    from bettingpros_lines
    left join odds_lines
        on
            bettingpros_lines.line_cut = odds_lines.line_cut
            and bettingpros_lines.game_id = odds_lines.game_id
            and bettingpros_lines.player_lookup = odds_lines.player_lookup
    where odds_lines.game_id is null
),

closing_lines as (
    select * from all_lines
    where line_cut = 'closing'
),

prediction_lines as (
    select * from all_lines
    where line_cut = 'prediction'
),

-- every line seen by the prediction time was also seen by tip-off: the closing rows are the grain
final as (
    select
        closing_lines.game_id,
        closing_lines.game_date,
        closing_lines.player_lookup,
        cast(prediction_lines.opening_line as {{ type_double() }}) as opening_line,
        cast(prediction_lines.current_line as {{ type_double() }}) as current_line,
        cast(prediction_lines.current_line - prediction_lines.opening_line as {{ type_double() }})
            as line_movement,
        prediction_lines.line_source,
        prediction_lines.bookmaker,
        prediction_lines.opening_bookmaker,
        prediction_lines.current_snapshot_at,
        prediction_lines.snapshot_count,
        cast(prediction_lines.over_price_american as {{ type_double() }}) as over_price_american,
        cast(prediction_lines.under_price_american as {{ type_double() }}) as under_price_american,
        cast(closing_lines.current_line as {{ type_double() }}) as closing_line,
        closing_lines.line_source as closing_line_source,
        closing_lines.bookmaker as closing_bookmaker,
        closing_lines.current_snapshot_at as closing_snapshot_at,
        coalesce(prediction_lines.vendor_player_lookup, closing_lines.vendor_player_lookup)
            as vendor_player_lookup,
        coalesce(prediction_lines.name_match_method, closing_lines.name_match_method) as name_match_method
    from closing_lines
    left join prediction_lines
        on
            closing_lines.game_id = prediction_lines.game_id
            and closing_lines.player_lookup = prediction_lines.player_lookup
)

select * from final
