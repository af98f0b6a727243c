-- what the pipeline could not use, per game date, model and reason: raw rows staging set aside
-- (invalid, out of scope), values it set to NULL on rows it kept, and Phase 3 rows kept without
-- stats, and prop lines for games not in the schedule. One place to see that nothing was dropped
-- silently; the dashboard reads it.
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
{%- set valued_tables = ['odds_api_player_points_props', 'bettingpros_player_points_props'] %}

with

{% for source_name, table_name in tables %}
    {{ table_name }}_rows as (
        select
            {{ 'partition_date' if source_name == 'nba_raw' else 'cast(null as date)' }} as game_date,
            'staging' as layer,
            'base_{{ source_name }}__{{ table_name }}' as model_name,
            row_status as category,
            reject_reason as reason
        from {{ ref('base_' ~ source_name ~ '__' ~ table_name) }}
        where row_status in ('invalid', 'out_of_scope')
        {%- if table_name in valued_tables %}
            union all
            select
                partition_date as game_date,
                'staging' as layer,
                'base_{{ source_name }}__{{ table_name }}' as model_name,
                'value_nulled' as category,
                value_issue_reason as reason
            from {{ ref('base_' ~ source_name ~ '__' ~ table_name) }}
            where row_status = 'used' and value_issue_reason is not null
        {%- endif %}
    ),
{% endfor %}

team_stats_missing as (
    select
        game_date,
        'phase3' as layer,
        'team_offense_game_summary' as model_name,
        'stats_missing' as category,
        stats_missing_reason as reason
    from {{ ref('team_offense_game_summary') }}
    where is_stats_missing
),

-- prop snapshots for a game the schedule does not hold (yet): int_player_prop_lines keeps only
-- scheduled games; the snapshots stay in staging and join once the schedule has the game
unscheduled_props as (
    select
        odds_props.game_date,
        'phase3' as layer,
        'int_player_prop_lines' as model_name,
        'unscheduled_game' as category,
        'prop line for game ' || odds_props.game_id || ', which is not in the schedule' as reason
    from {{ ref('stg_nba_raw__odds_api_player_points_props') }} as odds_props
    left join {{ ref('int_games') }} as games
        on odds_props.game_id = games.game_id
    where games.game_id is null
),

unioned as (
    {% for source_name, table_name in tables %}
        select * from {{ table_name }}_rows
        union all
    {% endfor %}
    select * from team_stats_missing
    union all
    select * from unscheduled_props
),

final as (
    select
        game_date,
        layer,
        model_name,
        category,
        {{ reason_pattern('reason') }} as reason,
        cast(count(*) as {{ dbt.type_bigint() }}) as rows_set_aside,
        min(reason) as example_reason
    from unioned
    group by
        game_date,
        layer,
        model_name,
        category,
        {{ reason_pattern('reason') }}
)

select * from final
