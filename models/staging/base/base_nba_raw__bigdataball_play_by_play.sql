-- every raw BigDataBall event, cleaned and classified (used / superseded / duplicate / invalid)
{{ config(partition_by=bq_date_partition('partition_date')) }}
with

source as (
    select * from {{ source('nba_raw', 'bigdataball_play_by_play') }}
    where {{ changed_partitions_filter(source('nba_raw', 'bigdataball_play_by_play'), 'game_date') }}
),

renamed as (
    select
        {{ clean_string('game_id') }} as game_id,
        cast(game_date as date) as game_date,
        {{ clean_string('event_id') }} as event_id,
        cast(event_sequence as {{ dbt.type_bigint() }}) as event_sequence,
        cast(period as {{ dbt.type_bigint() }}) as period,
        {{ lower_string('event_type') }} as event_type,
        {{ lower_string('event_subtype') }} as event_subtype,
        {{ strip_bdb_prefix('player_1_lookup') }} as player_1_lookup,
        {{ clean_string('player_1_lookup') }} as raw_player_1_lookup,
        {{ normalize_team_abbr('player_1_team_abbr') }} as player_1_team_abbr,
        {{ strip_bdb_prefix('player_2_lookup') }} as player_2_lookup,
        {{ clean_string('player_2_lookup') }} as raw_player_2_lookup,
        {{ lower_string('player_2_role') }} as player_2_role,
        cast(shot_made as {{ dbt.type_boolean() }}) as shot_made,
        upper({{ clean_string('shot_type') }}) as shot_type,
        cast(shot_distance as {{ type_double() }}) as shot_distance,
        cast(points_scored as {{ dbt.type_bigint() }}) as points_scored,
        cast(processed_at as {{ dbt.type_timestamp() }}) as processed_at,
        {{ partition_date_expr('game_date') }} as partition_date,
        {{ row_to_json('source') }} as raw_row_json
    from source
),

checked as (
    select
        *,
        {{ key_string(['event_id']) }} as row_key,
        cast(null as {{ dbt.type_string() }}) as out_of_scope_reason,
        {{ reject_reasons([
            check_not_null(['event_id', 'game_id', 'game_date']),
            check_known_team('player_1_team_abbr'),
            check_range('period', min_value=1, max_value=10),
            check_range('points_scored', min_value=0, max_value=4),
            check_range('shot_distance', min_value=0, max_value=94),
            check("shot_type not in ('2PT', '3PT', 'FT')",
                  "'shot_type \"' || shot_type || '\" is not 2PT, 3PT or FT'"),
        ]) }} as invalid_reason
    from renamed
),

classified as (
    {{ classify_rows(
        'checked',
        key_columns=['event_id'],
        order_by='processed_at desc nulls last',
        fingerprint_columns=[
            'game_id', 'game_date', 'event_id', 'event_sequence', 'period', 'event_type',
            'event_subtype', 'player_1_lookup', 'player_1_team_abbr', 'player_2_lookup',
            'player_2_role', 'shot_made', 'shot_type', 'shot_distance', 'points_scored',
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
