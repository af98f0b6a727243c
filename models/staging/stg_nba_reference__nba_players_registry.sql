-- one row per (player_lookup, team_abbr, season)
with

base as (
    select * from {{ ref('base_nba_reference__nba_players_registry') }}
),

final as (
    select
        universal_player_id,
        player_lookup,
        raw_player_lookup,
        player_name,
        team_abbr,
        season,
        position,
        birth_date,
        processed_at
    from base
    where row_status = 'used'
)

select * from final
