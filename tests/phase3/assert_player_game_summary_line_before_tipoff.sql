-- Every points_line of player_game_summary traces back to a staging snapshot of the same book and
-- line taken strictly before tip-off (Odds API: also flagged is_pre_game). Fails per row whose line
-- cannot be found that way, i.e. came from an in-game or post-tip snapshot (or from nowhere).
-- The snapshot is looked up under the feed's own spelling of the name (int_player_prop_lines'
-- vendor_player_lookup: the line may have been resolved by alias or suffix).
with

summary_lines as (
    select * from {{ ref('player_game_summary') }}
    where points_line is not null
),

prop_lines as (
    select * from {{ ref('int_player_prop_lines') }}
),

games as (
    select * from {{ ref('int_games') }}
),

odds_props as (
    select * from {{ ref('stg_nba_raw__odds_api_player_points_props') }}
),

bettingpros_props as (
    select * from {{ ref('stg_nba_raw__bettingpros_player_points_props') }}
),

summary as (
    select
        summary_lines.*,
        coalesce(prop_lines.vendor_player_lookup, summary_lines.player_lookup) as vendor_player_lookup
    from summary_lines
    left join prop_lines
        on
            summary_lines.game_id = prop_lines.game_id
            and summary_lines.player_lookup = prop_lines.player_lookup
),

odds_matches as (
    select distinct
        summary.game_id,
        summary.player_lookup
    from summary
    inner join games
        on summary.game_id = games.game_id
    inner join odds_props
        on
            summary.game_id = odds_props.game_id
            and summary.vendor_player_lookup = odds_props.player_lookup
            and summary.points_line_bookmaker = odds_props.bookmaker
            and summary.points_line_snapshot_at = odds_props.snapshot_timestamp
            and summary.points_line = odds_props.points_line
    where
        summary.points_line_source = 'odds_api'
        and odds_props.is_pre_game
        and odds_props.snapshot_timestamp < games.tipoff_at
),

bettingpros_matches as (
    select distinct
        summary.game_id,
        summary.player_lookup
    from summary
    inner join games
        on summary.game_id = games.game_id
    inner join bettingpros_props
        on
            summary.game_date = bettingpros_props.game_date
            and summary.vendor_player_lookup = bettingpros_props.player_lookup
            and summary.points_line_bookmaker = bettingpros_props.bookmaker_key
            and summary.points_line_snapshot_at = bettingpros_props.created_at
            and summary.points_line = bettingpros_props.points_line
    where
        summary.points_line_source = 'bettingpros'
        and bettingpros_props.bet_side = 'over'
        and bettingpros_props.created_at < games.tipoff_at
),

final as (
    select
        summary.game_date,
        summary.game_id,
        summary.player_lookup,
        summary.points_line,
        summary.points_line_source,
        summary.points_line_bookmaker,
        summary.points_line_snapshot_at
    from summary
    left join odds_matches
        on
            summary.game_id = odds_matches.game_id
            and summary.player_lookup = odds_matches.player_lookup
    left join bettingpros_matches
        on
            summary.game_id = bettingpros_matches.game_id
            and summary.player_lookup = bettingpros_matches.player_lookup
    where
        odds_matches.game_id is null
        and bettingpros_matches.game_id is null
)

select * from final
