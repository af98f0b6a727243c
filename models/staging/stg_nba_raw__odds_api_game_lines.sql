-- one row per (snapshot_timestamp, game_id, bookmaker_key, market_key, outcome_name),
-- spreads and totals only; game_id is the Odds API event id
with

base as (
    select * from {{ ref('base_nba_raw__odds_api_game_lines') }}
),

final as (
    select
        snapshot_timestamp,
        game_id,
        commence_time,
        game_date,
        home_team_abbr,
        away_team_abbr,
        bookmaker_key,
        market_key,
        outcome_name,
        outcome_side,
        outcome_team_abbr,
        outcome_price,
        outcome_point,
        processed_at
    from base
    where row_status = 'used'
)

select * from final
