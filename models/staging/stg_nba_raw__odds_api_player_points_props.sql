-- one row per (game_id, player_lookup, bookmaker, snapshot_timestamp);
-- in-game snapshots are kept with is_pre_game = false (later models use pre-game lines only)
with

base as (
    select * from {{ ref('base_nba_raw__odds_api_player_points_props') }}
),

final as (
    select
        game_id,
        odds_api_event_id,
        game_date,
        game_start_time,
        home_team_abbr,
        away_team_abbr,
        snapshot_timestamp,
        minutes_before_tipoff,
        is_pre_game,
        bookmaker,
        player_name,
        player_lookup,
        raw_player_lookup,
        points_line,
        over_price_american,
        under_price_american,
        value_issue_reason,
        processed_at
    from base
    where row_status = 'used'
)

select * from final
