-- every raw game-line row, cleaned and classified (used / superseded / duplicate / invalid /
{{ config(partition_by=bq_date_partition('partition_date')) }}
-- out_of_scope: markets other than spreads and totals)
with

source as (
    select * from {{ source('nba_raw', 'odds_api_game_lines') }}
    where {{ changed_partitions_filter(source('nba_raw', 'odds_api_game_lines'), 'game_date') }}
),

renamed as (
    select
        cast(snapshot_timestamp as {{ dbt.type_timestamp() }}) as snapshot_timestamp,
        {{ clean_string('game_id') }} as game_id,
        cast(commence_time as {{ dbt.type_timestamp() }}) as commence_time,
        cast(game_date as date) as game_date,
        {{ normalize_team_abbr('home_team_abbr') }} as home_team_abbr,
        {{ normalize_team_abbr('away_team_abbr') }} as away_team_abbr,
        {{ lower_string('bookmaker_key') }} as bookmaker_key,
        {{ lower_string('market_key') }} as market_key,
        {{ clean_string('outcome_name') }} as outcome_name,
        cast(outcome_price as {{ type_double() }}) as outcome_price,
        cast(outcome_point as {{ type_double() }}) as outcome_point,
        cast(processed_at as {{ dbt.type_timestamp() }}) as processed_at,
        {{ partition_date_expr('game_date') }} as partition_date,
        {{ row_to_json('source') }} as raw_row_json
    from source
),

resolved as (
    select
        *,
        case
            when market_key = 'totals' then lower(outcome_name)
            when market_key = 'spreads' then {{ team_from_name('outcome_name') }}
        end as outcome_side_raw
    from renamed
),

sided as (
    select
        snapshot_timestamp,
        game_id,
        commence_time,
        game_date,
        home_team_abbr,
        away_team_abbr,
        bookmaker_key,
        market_key,
        outcome_name,
        outcome_price,
        outcome_point,
        processed_at,
        partition_date,
        raw_row_json,
        case when market_key = 'spreads' then outcome_side_raw end as outcome_team_abbr,
        case
            when market_key = 'totals' and outcome_side_raw in ('over', 'under') then outcome_side_raw
            when market_key = 'spreads' and outcome_side_raw = home_team_abbr then 'home'
            when market_key = 'spreads' and outcome_side_raw = away_team_abbr then 'away'
        end as outcome_side
    from resolved
),

checked as (
    select
        *,
        {{ key_string(['snapshot_timestamp', 'game_id', 'bookmaker_key', 'market_key', 'outcome_name']) }} as row_key,
        case
            when market_key is null or market_key not in ('spreads', 'totals')
                then 'market_key "' || {{ show_value('market_key') }} || '" is not spreads or totals'
        end as out_of_scope_reason,
        {{ reject_reasons([
            check_not_null(['snapshot_timestamp', 'game_id', 'bookmaker_key', 'market_key',
                            'outcome_name', 'game_date', 'home_team_abbr', 'away_team_abbr',
                            'outcome_point']),
            check_known_team('home_team_abbr'),
            check_known_team('away_team_abbr'),
            check('outcome_side is null',
                  "'outcome_name \"' || outcome_name || '\" is not over/under or one of the two teams'"),
            check('outcome_price <= 1',
                  "'outcome_price = ' || " ~ show_value('outcome_price') ~ " || ' is not valid decimal odds'"),
            check("market_key = 'totals' and (outcome_point < 150 or outcome_point > 300)",
                  "'total outcome_point = ' || " ~ show_value('outcome_point') ~ " || ' is outside 150-300'"),
            check("market_key = 'spreads' and abs(outcome_point) > 40",
                  "'spread outcome_point = ' || " ~ show_value('outcome_point') ~ " || ' is outside -40..40'"),
        ]) }} as invalid_reason
    from sided
),

classified as (
    {{ classify_rows(
        'checked',
        key_columns=['snapshot_timestamp', 'game_id', 'bookmaker_key', 'market_key', 'outcome_name'],
        order_by='processed_at desc nulls last',
        fingerprint_columns=[
            'snapshot_timestamp', 'game_id', 'commence_time', 'game_date', 'home_team_abbr',
            'away_team_abbr', 'bookmaker_key', 'market_key', 'outcome_name', 'outcome_price',
            'outcome_point',
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
