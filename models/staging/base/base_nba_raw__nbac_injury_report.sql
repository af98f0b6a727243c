-- every raw injury-report row, cleaned and classified (used / superseded / duplicate / invalid)
{{ config(partition_by=bq_date_partition('partition_date')) }}
with

source as (
    select * from {{ source('nba_raw', 'nbac_injury_report') }}
    where {{ changed_partitions_filter(source('nba_raw', 'nbac_injury_report'), 'report_date') }}
),

renamed as (
    select
        cast(report_date as date) as report_date,
        cast(report_hour as {{ dbt.type_bigint() }}) as report_hour,
        cast(game_date as date) as game_date,
        {{ clean_string('game_id') }} as game_id,
        {{ normalize_team_abbr('team') }} as team_abbr,
        {{ clean_string('player_name_original') }} as player_name_original,
        {{ clean_string(last_first_to_first_last('player_name_original')) }} as player_name,
        coalesce(
            {{ player_lookup(last_first_to_first_last('player_name_original')) }},
            {{ player_lookup('player_lookup') }}
        ) as player_lookup,
        {{ clean_string('player_lookup') }} as raw_player_lookup,
        {{ lower_string('injury_status') }} as injury_status,
        {{ clean_string('reason') }} as reason,
        {{ lower_string('reason_category') }} as reason_category,
        cast(processed_at as {{ dbt.type_timestamp() }}) as processed_at,
        {{ partition_date_expr('report_date') }} as partition_date,
        {{ row_to_json('source') }} as raw_row_json
    from source
),

checked as (
    select
        *,
        {{ key_string(['report_date', 'report_hour', 'game_id', 'player_lookup']) }} as row_key,
        cast(null as {{ dbt.type_string() }}) as out_of_scope_reason,
        {{ reject_reasons([
            check_not_null(['report_date', 'report_hour', 'game_id', 'player_lookup', 'game_date',
                            'injury_status']),
            check_range('report_hour', min_value=0, max_value=23),
            check_known_team('team_abbr'),
            check("injury_status not in ('out', 'doubtful', 'questionable', 'probable', 'available')",
                  "'injury_status \"' || injury_status || '\" is not out, doubtful, questionable,"
                  ~ " probable or available'"),
        ]) }} as invalid_reason
    from renamed
),

classified as (
    {{ classify_rows(
        'checked',
        key_columns=['report_date', 'report_hour', 'game_id', 'player_lookup'],
        order_by='processed_at desc nulls last',
        fingerprint_columns=[
            'report_date', 'report_hour', 'game_date', 'game_id', 'team_abbr',
            'player_name_original', 'player_lookup', 'injury_status', 'reason', 'reason_category',
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
