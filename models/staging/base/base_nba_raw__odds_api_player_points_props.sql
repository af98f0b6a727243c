-- every raw Odds API prop snapshot, cleaned and classified (used / superseded / duplicate / invalid)
{{ config(partition_by=bq_date_partition('partition_date')) }}
with

source as (
    select * from {{ source('nba_raw', 'odds_api_player_points_props') }}
    where {{ changed_partitions_filter(source('nba_raw', 'odds_api_player_points_props'), 'game_date') }}
),

renamed as (
    select
        {{ clean_string('game_id') }} as game_id,
        {{ clean_string('odds_api_event_id') }} as odds_api_event_id,
        cast(game_date as date) as game_date,
        cast(game_start_time as {{ dbt.type_timestamp() }}) as game_start_time,
        {{ normalize_team_abbr('home_team_abbr') }} as home_team_abbr,
        {{ normalize_team_abbr('away_team_abbr') }} as away_team_abbr,
        cast(snapshot_timestamp as {{ dbt.type_timestamp() }}) as snapshot_timestamp,
        coalesce(
            cast(minutes_before_tipoff as {{ dbt.type_bigint() }}),
            {{ dbt.datediff('snapshot_timestamp', 'game_start_time', 'minute') }}
        ) as minutes_before_tipoff,
        {{ lower_string('bookmaker') }} as bookmaker,
        {{ clean_string('player_name') }} as player_name,
        coalesce(
            {{ player_lookup('player_name') }},
            {{ player_lookup('player_lookup') }}
        ) as player_lookup,
        {{ clean_string('player_lookup') }} as raw_player_lookup,
        cast(points_line as {{ type_double() }}) as points_line,
        cast(over_price_american as {{ dbt.type_bigint() }}) as over_price_american,
        cast(under_price_american as {{ dbt.type_bigint() }}) as under_price_american,
        cast(processed_at as {{ dbt.type_timestamp() }}) as processed_at,
        {{ partition_date_expr('game_date') }} as partition_date,
        {{ row_to_json('source') }} as raw_row_json
    from source
),

flagged as (
    select
        *,
        -- in-game snapshots are kept (not rejected) but flagged: later models use pre-game only
        coalesce(minutes_before_tipoff >= 0, false) as is_pre_game
    from renamed
),

checked as (
    select
        *,
        {{ key_string(['game_id', 'player_lookup', 'bookmaker', 'snapshot_timestamp']) }} as row_key,
        cast(null as {{ dbt.type_string() }}) as out_of_scope_reason,
        {{ reject_reasons([
            check_not_null(['game_id', 'player_lookup', 'bookmaker', 'snapshot_timestamp', 'game_date',
                            'points_line']),
            check_known_team('home_team_abbr'),
            check_known_team('away_team_abbr'),
            check_range('points_line', min_value=0.5, max_value=80),
            check('over_price_american > -100 and over_price_american < 100',
                  "'over_price_american = ' || " ~ show_value('over_price_american')
                  ~ " || ' is not a valid American price'"),
            check('under_price_american > -100 and under_price_american < 100',
                  "'under_price_american = ' || " ~ show_value('under_price_american')
                  ~ " || ' is not a valid American price'"),
        ]) }} as invalid_reason
    from flagged
),

classified as (
    {{ classify_rows(
        'checked',
        key_columns=['game_id', 'player_lookup', 'bookmaker', 'snapshot_timestamp'],
        order_by='processed_at desc nulls last',
        fingerprint_columns=[
            'game_id', 'odds_api_event_id', 'game_date', 'game_start_time', 'home_team_abbr',
            'away_team_abbr', 'snapshot_timestamp', 'minutes_before_tipoff', 'bookmaker',
            'player_name', 'player_lookup', 'points_line', 'over_price_american',
            'under_price_american',
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
