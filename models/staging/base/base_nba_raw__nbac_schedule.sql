-- every raw schedule row, cleaned and classified (used / superseded / duplicate / invalid)
{{ config(partition_by=bq_date_partition('partition_date')) }}
with

source as (
    select * from {{ source('nba_raw', 'nbac_schedule') }}
    where {{ changed_partitions_filter(source('nba_raw', 'nbac_schedule'), 'game_date') }}
),

renamed as (
    select
        {{ clean_string('game_id') }} as game_id,
        cast(season_year as {{ dbt.type_bigint() }}) as season_year,
        cast(game_date as date) as game_date,
        cast(game_date_est as {{ dbt.type_timestamp() }}) as game_date_est,
        cast(game_status as {{ dbt.type_bigint() }}) as game_status,
        {{ normalize_team_abbr('home_team_tricode') }} as home_team_tricode,
        {{ normalize_team_abbr('away_team_tricode') }} as away_team_tricode,
        cast(home_team_score as {{ dbt.type_bigint() }}) as home_team_score,
        cast(away_team_score as {{ dbt.type_bigint() }}) as away_team_score,
        cast(is_regular_season as {{ dbt.type_boolean() }}) as is_regular_season,
        cast(is_playoffs as {{ dbt.type_boolean() }}) as is_playoffs,
        {{ clean_string('arena_city') }} as arena_city,
        cast(neutral_site_flag as {{ dbt.type_boolean() }}) as neutral_site_flag,
        {{ lower_string('data_source') }} as data_source,
        cast(processed_at as {{ dbt.type_timestamp() }}) as processed_at,
        {{ partition_date_expr('game_date') }} as partition_date,
        {{ row_to_json('source') }} as raw_row_json
    from source
),

with_standard_id as (
    select
        *,
        {{ format_yyyymmdd('game_date') }}
        || '_' || away_team_tricode
        || '_' || home_team_tricode as standard_game_id
    from renamed
),

checked as (
    select
        *,
        {{ key_string(['game_id']) }} as row_key,
        cast(null as {{ dbt.type_string() }}) as out_of_scope_reason,
        {{ reject_reasons([
            check_not_null(['game_id', 'game_date', 'home_team_tricode', 'away_team_tricode']),
            check_known_team('home_team_tricode'),
            check_known_team('away_team_tricode'),
            check('home_team_tricode = away_team_tricode',
                  "'home_team_tricode = away_team_tricode = \"' || home_team_tricode || '\"'"),
            check('game_status not in (1, 2, 3)',
                  "'game_status = ' || " ~ show_value('game_status') ~ " || ' is not 1, 2 or 3'"),
            check_range(['home_team_score', 'away_team_score'], min_value=0, max_value=250),
        ]) }} as invalid_reason
    from with_standard_id
),

classified as (
    {{ classify_rows(
        'checked',
        key_columns=['game_id'],
        order_by='game_status desc nulls last, processed_at desc nulls last, data_source',
        fingerprint_columns=[
            'game_id', 'season_year', 'game_date', 'game_date_est', 'game_status',
            'home_team_tricode', 'away_team_tricode', 'home_team_score', 'away_team_score',
            'is_regular_season', 'is_playoffs', 'arena_city', 'neutral_site_flag', 'data_source',
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
