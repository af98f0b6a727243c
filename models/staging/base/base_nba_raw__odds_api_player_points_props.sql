-- every raw Odds API prop snapshot, cleaned and classified (used / superseded / duplicate / invalid)
{{ config(partition_by=bq_date_partition('partition_date')) }}
{%- set over_check = check_american_price('over_price_american_as_sent', 'over_price_american') %}
{%- set under_check = check_american_price('under_price_american_as_sent', 'under_price_american') %}
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
        cast(over_price_american as {{ dbt.type_bigint() }}) as over_price_american_as_sent,
        cast(under_price_american as {{ dbt.type_bigint() }}) as under_price_american_as_sent,
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
        ]) }} as invalid_reason
    from flagged
),

-- a broken price does not make the line unusable: the price is set to NULL, the row is kept and
-- value_issue_reason says why (counted in data_quality_set_aside)
valued as (
    select
        *,
        {{ value_or_null('over_price_american_as_sent', over_check) }} as over_price_american,
        {{ value_or_null('under_price_american_as_sent', under_check) }} as under_price_american,
        {{ reject_reasons([over_check, under_check]) }} as value_issue_reason
    from checked
),

classified as (
    {{ classify_rows(
        'valued',
        key_columns=['game_id', 'player_lookup', 'bookmaker', 'snapshot_timestamp'],
        order_by='processed_at desc nulls last',
        fingerprint_columns=[
            'game_id', 'odds_api_event_id', 'game_date', 'game_start_time', 'home_team_abbr',
            'away_team_abbr', 'snapshot_timestamp', 'minutes_before_tipoff', 'bookmaker',
            'player_name', 'player_lookup', 'points_line', 'over_price_american_as_sent',
            'under_price_american_as_sent',
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
