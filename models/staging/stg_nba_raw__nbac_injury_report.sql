-- one row per (report_date, report_hour, game_id, player_lookup)
with

base as (
    select * from {{ ref('base_nba_raw__nbac_injury_report') }}
),

final as (
    select
        report_date,
        report_hour,
        game_date,
        game_id,
        team_abbr,
        player_name_original,
        player_name,
        player_lookup,
        raw_player_lookup,
        injury_status,
        reason,
        reason_category,
        processed_at
    from base
    where row_status = 'used'
)

select * from final
