-- one row per raw table: where every raw row went; rows_in = rows_used + rows_set_aside, always
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
        -- an aggregate without group by returns one row even for an empty table
        select
            '{{ source_name }}' as source_name,
            '{{ table_name }}' as table_name,
            count(*) as rows_in,
            count(case when row_status = 'used' then 1 end) as rows_used,
            count(case when row_status = 'superseded' then 1 end) as rows_superseded,
            count(case when row_status = 'duplicate' then 1 end) as rows_duplicate,
            count(case when row_status = 'invalid' then 1 end) as rows_invalid,
            count(case when row_status = 'out_of_scope' then 1 end) as rows_out_of_scope,
            max(processed_at) as max_processed_at
        from {{ ref('base_' ~ source_name ~ '__' ~ table_name) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        source_name,
        table_name,
        rows_in,
        rows_used,
        rows_superseded,
        rows_duplicate,
        rows_invalid,
        rows_out_of_scope,
        rows_superseded + rows_duplicate + rows_invalid + rows_out_of_scope as rows_set_aside,
        case
            when rows_in = 0 then null
            else 1.0 * (rows_superseded + rows_duplicate + rows_invalid + rows_out_of_scope) / rows_in
        end as set_aside_share,
        case when rows_in = 0 then null else 1.0 * rows_invalid / rows_in end as invalid_share,
        max_processed_at
    from unioned
)

select * from final
