-- point in time: every player_daily_cache and player_composite_factors row used only Phase 3 rows
-- dated strictly before its own date
with

daily_cache as (
    select * from {{ ref('player_daily_cache') }}
),

composite_factors as (
    select * from {{ ref('player_composite_factors') }}
),

violations as (
    select
        'player_daily_cache' as model_name,
        cache_date as row_date,
        player_lookup,
        latest_input_game_date
    from daily_cache
    where latest_input_game_date >= cache_date
    union all
    select
        'player_composite_factors' as model_name,
        game_date as row_date,
        player_lookup,
        latest_input_game_date
    from composite_factors
    where latest_input_game_date >= game_date
),

final as (
    select * from violations
)

select * from final
