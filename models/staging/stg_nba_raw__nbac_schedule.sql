-- one row per NBA.com game id: highest game_status, then newest processed_at
with

base as (
    select * from {{ ref('base_nba_raw__nbac_schedule') }}
),

final as (
    select
        game_id,
        standard_game_id,
        season_year,
        game_date,
        game_date_est,
        game_status,
        game_status = 3 as is_final,
        home_team_tricode,
        away_team_tricode,
        home_team_score,
        away_team_score,
        is_regular_season,
        is_playoffs,
        arena_city,
        neutral_site_flag,
        data_source,
        processed_at
    from base
    where row_status = 'used'
)

select * from final
