-- every raw row is accounted for: rows_in equals the raw table's row count, rows_in = rows_used +
-- superseded + duplicate + invalid + out_of_scope, and rows_used equals the stg_ model's row count
-- (0 rows = pass)
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

counted as (
    {% for source_name, table_name in tables %}
        select
            '{{ table_name }}' as table_name,
            (select count(*) from {{ source(source_name, table_name) }}) as raw_rows,
            (select count(*) from {{ ref('stg_' ~ source_name ~ '__' ~ table_name) }}) as stg_rows
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

accounting as (
    select * from {{ ref('stg_raw__row_accounting') }}
),

compared as (
    select
        counted.table_name,
        counted.raw_rows,
        counted.stg_rows,
        accounting.rows_in,
        accounting.rows_used,
        accounting.rows_superseded,
        accounting.rows_duplicate,
        accounting.rows_invalid,
        accounting.rows_out_of_scope
    from counted
    left join accounting
        on counted.table_name = accounting.table_name
)

select * from compared
where
    rows_in is null
    or rows_in <> raw_rows
    or rows_used <> stg_rows
    or rows_in <> rows_used + rows_superseded + rows_duplicate + rows_invalid + rows_out_of_scope
