-- one row per (offer_id, bet_side, bookmaker_key, created_at), points market only
with

base as (
    select * from {{ ref('base_nba_raw__bettingpros_player_points_props') }}
),

final as (
    select
        game_date,
        market_type,
        offer_id,
        bet_side,
        player_name,
        player_lookup,
        raw_player_lookup,
        player_team,
        bookmaker,
        bookmaker_key,
        points_line,
        odds_american,
        opening_line,
        is_active,
        is_best_line,
        bookmaker_last_update,
        created_at,
        value_issue_reason,
        processed_at
    from base
    where row_status = 'used'
)

select * from final
