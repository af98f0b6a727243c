-- every raw team box score row, cleaned and classified (used / superseded / duplicate / invalid)
{{ config(partition_by=bq_date_partition('partition_date')) }}
with

source as (
    select * from {{ source('nba_raw', 'nbac_team_boxscore') }}
    where {{ changed_partitions_filter(source('nba_raw', 'nbac_team_boxscore'), 'game_date') }}
),

renamed as (
    select
        {{ clean_string('game_id') }} as game_id,
        {{ clean_string('nba_game_id') }} as nba_game_id,
        cast(game_date as date) as game_date,
        cast(season_year as {{ dbt.type_bigint() }}) as season_year,
        {{ normalize_team_abbr('team_abbr') }} as team_abbr,
        cast(is_home as {{ dbt.type_boolean() }}) as is_home,
        {{ clean_string('minutes') }} as minutes,
        {{ minutes_to_decimal('minutes') }} as minutes_played,
        cast(fg_made as {{ dbt.type_bigint() }}) as fg_made,
        cast(fg_attempted as {{ dbt.type_bigint() }}) as fg_attempted,
        cast(three_pt_made as {{ dbt.type_bigint() }}) as three_pt_made,
        cast(three_pt_attempted as {{ dbt.type_bigint() }}) as three_pt_attempted,
        cast(ft_made as {{ dbt.type_bigint() }}) as ft_made,
        cast(ft_attempted as {{ dbt.type_bigint() }}) as ft_attempted,
        cast(offensive_rebounds as {{ dbt.type_bigint() }}) as offensive_rebounds,
        cast(defensive_rebounds as {{ dbt.type_bigint() }}) as defensive_rebounds,
        cast(total_rebounds as {{ dbt.type_bigint() }}) as total_rebounds,
        cast(assists as {{ dbt.type_bigint() }}) as assists,
        cast(steals as {{ dbt.type_bigint() }}) as steals,
        cast(blocks as {{ dbt.type_bigint() }}) as blocks,
        cast(turnovers as {{ dbt.type_bigint() }}) as turnovers,
        cast(personal_fouls as {{ dbt.type_bigint() }}) as personal_fouls,
        cast(points as {{ dbt.type_bigint() }}) as points,
        cast(plus_minus as {{ dbt.type_bigint() }}) as plus_minus,
        cast(processed_at as {{ dbt.type_timestamp() }}) as processed_at,
        {{ partition_date_expr('game_date') }} as partition_date,
        {{ row_to_json('source') }} as raw_row_json
    from source
),

checked as (
    select
        *,
        {{ key_string(['game_id', 'team_abbr']) }} as row_key,
        cast(null as {{ dbt.type_string() }}) as out_of_scope_reason,
        -- team player-minutes are 240 + 25 per overtime, but real box scores sum rounded player
        -- minutes (237-244 in regulation, 263-267 with one overtime): a full game is never below
        -- 225; less is a partial or in-progress row
        {{ reject_reasons([
            check_not_null(['game_id', 'team_abbr', 'game_date']),
            check_known_team('team_abbr'),
            check('minutes_played is null',
                  "'minutes = ' || " ~ show_value('minutes') ~ " || ' cannot be parsed as team minutes'"),
            check_range('minutes_played', min_value=225, max_value=440),
            check_range([
                'fg_made', 'fg_attempted', 'three_pt_made', 'three_pt_attempted', 'ft_made',
                'ft_attempted', 'offensive_rebounds', 'defensive_rebounds', 'total_rebounds',
                'assists', 'steals', 'blocks', 'turnovers', 'personal_fouls', 'points',
            ], min_value=0),
            check_range('points', max_value=200),
            check_range(['fg_attempted', 'total_rebounds'], max_value=150),
            check_range(['three_pt_attempted', 'ft_attempted', 'assists', 'offensive_rebounds',
                         'defensive_rebounds', 'steals', 'blocks', 'turnovers', 'personal_fouls'],
                        max_value=80),
            check_range('plus_minus', min_value=-100, max_value=100),
            check_made_le_attempted('fg_made', 'fg_attempted'),
            check_made_le_attempted('three_pt_made', 'three_pt_attempted'),
            check_made_le_attempted('ft_made', 'ft_attempted'),
            check_made_le_attempted('three_pt_made', 'fg_made'),
            check_points_add_up('points', 'fg_made', 'three_pt_made', 'ft_made'),
            check_stats_not_in_future('game_date', 'coalesce(points, fg_attempted)'),
        ]) }} as invalid_reason
    from renamed
),

classified as (
    {{ classify_rows(
        'checked',
        key_columns=['game_id', 'team_abbr'],
        order_by='processed_at desc nulls last',
        fingerprint_columns=[
            'game_id', 'nba_game_id', 'game_date', 'season_year', 'team_abbr', 'is_home', 'minutes',
            'fg_made', 'fg_attempted', 'three_pt_made', 'three_pt_attempted', 'ft_made',
            'ft_attempted', 'offensive_rebounds', 'defensive_rebounds', 'total_rebounds', 'assists',
            'steals', 'blocks', 'turnovers', 'personal_fouls', 'points', 'plus_minus',
        ],
    ) }}
),

final as (
    select
        *,
        {{ raw_row_id() }} as raw_row_id
    from classified
)

select * from final
