-- every raw row that staging set aside (not used), with a readable reason; one row per raw row
-- a table: every test and monitoring view reads it, so it is computed once per build
{{ config(materialized='table') }}
{%- set tables = [
    ('nba_raw', 'nbac_schedule'),
    ('nba_raw', 'nbac_gamebook_player_stats'),
    ('nba_raw', 'nbac_player_boxscores'),
    ('nba_raw', 'nbac_team_boxscore'),
    ('nba_raw', 'odds_api_player_points_props'),
    ('nba_raw', 'bettingpros_player_points_props'),
    ('nba_raw', 'odds_api_game_lines'),
    ('nba_raw', 'nbac_injury_report'),
    ('nba_raw', 'bigdataball_play_by_play'),
    ('nba_reference', 'nba_players_registry'),
] %}

with

unioned as (
    {% for source_name, table_name in tables %}
        select
            '{{ source_name }}' as source_name,
            '{{ table_name }}' as table_name,
            raw_row_id,
            row_key,
            reject_reason,
            row_status as reject_category,
            processed_at,
            raw_row_json
        from {{ ref('base_' ~ source_name ~ '__' ~ table_name) }}
        where row_status <> 'used'
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        {{ dbt.hash("table_name || '#' || raw_row_id") }} as reject_id,
        source_name,
        table_name,
        raw_row_id,
        row_key,
        reject_reason,
        reject_category,
        processed_at,
        raw_row_json
    from unioned
)

select * from final
