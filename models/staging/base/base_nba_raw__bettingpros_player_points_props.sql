-- every raw BettingPros row, cleaned and classified (used / superseded / duplicate / invalid /
-- out_of_scope: markets other than points)
{{ config(partition_by=bq_date_partition('partition_date')) }}
{%- set odds_check = check_american_price('odds_american_as_sent', 'odds_american') %}
{%- set opening_check = check(
    'opening_line_as_sent < 0.5 or opening_line_as_sent > 80 or ' ~ is_nan('opening_line_as_sent'),
    "'opening_line = ' || " ~ show_value('opening_line_as_sent') ~ " || ' is outside 0.5..80 (set to NULL)'") %}
with

source as (
    select * from {{ source('nba_raw', 'bettingpros_player_points_props') }}
    where {{ changed_partitions_filter(source('nba_raw', 'bettingpros_player_points_props'), 'game_date') }}
),

renamed as (
    select
        cast(game_date as date) as game_date,
        {{ lower_string('market_type') }} as market_type,
        {{ clean_string('offer_id') }} as offer_id,
        {{ lower_string('bet_side') }} as bet_side,
        {{ clean_string('player_name') }} as player_name,
        coalesce(
            {{ player_lookup('player_name') }},
            {{ player_lookup('player_lookup') }}
        ) as player_lookup,
        {{ clean_string('player_lookup') }} as raw_player_lookup,
        case
            when upper({{ clean_string('player_team') }}) = 'FA' then 'FA'
            else {{ normalize_team_abbr('player_team') }}
        end as player_team,
        {{ clean_string('bookmaker') }} as bookmaker,
        {{ bookmaker_key('bookmaker') }} as bookmaker_key,
        cast(points_line as {{ type_double() }}) as points_line,
        cast(odds_american as {{ dbt.type_bigint() }}) as odds_american_as_sent,
        cast(opening_line as {{ type_double() }}) as opening_line_as_sent,
        cast(is_active as {{ dbt.type_boolean() }}) as is_active,
        cast(is_best_line as {{ dbt.type_boolean() }}) as is_best_line,
        cast(bookmaker_last_update as {{ dbt.type_timestamp() }}) as bookmaker_last_update,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(processed_at as {{ dbt.type_timestamp() }}) as processed_at,
        {{ partition_date_expr('game_date') }} as partition_date,
        {{ row_to_json('source') }} as raw_row_json
    from source
),

checked as (
    select
        *,
        {{ key_string(['offer_id', 'bet_side', 'bookmaker_key', 'created_at']) }} as row_key,
        case
            when market_type is null or market_type <> 'points'
                then 'market_type "' || {{ show_value('market_type') }} || '" is not the points market'
        end as out_of_scope_reason,
        {{ reject_reasons([
            check_not_null(['offer_id', 'bet_side', 'bookmaker_key', 'created_at', 'game_date',
                            'player_lookup', 'points_line']),
            check("bet_side not in ('over', 'under')",
                  "'bet_side \"' || bet_side || '\" is not over or under'"),
            check_known_team('player_team', allow=['FA']),
            check_range('points_line', min_value=0.5, max_value=80),
        ]) }} as invalid_reason
    from renamed
),

-- a broken price or opening line does not make the current line unusable: the value is set to
-- NULL, the row is kept, and value_issue_reason says why (counted in data_quality_set_aside)
valued as (
    select
        *,
        {{ value_or_null('odds_american_as_sent', odds_check) }} as odds_american,
        {{ value_or_null('opening_line_as_sent', opening_check) }} as opening_line,
        {{ reject_reasons([odds_check, opening_check]) }} as value_issue_reason
    from checked
),

classified as (
    {{ classify_rows(
        'valued',
        key_columns=['offer_id', 'bet_side', 'bookmaker_key', 'created_at'],
        order_by='processed_at desc nulls last',
        fingerprint_columns=[
            'game_date', 'market_type', 'offer_id', 'bet_side', 'player_name', 'player_lookup',
            'player_team', 'bookmaker', 'points_line', 'odds_american_as_sent', 'opening_line_as_sent', 'is_active',
            'is_best_line', 'bookmaker_last_update', 'created_at',
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
