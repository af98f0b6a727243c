-- every raw live box score row, cleaned and classified (used / superseded / duplicate / invalid)
{{ config(partition_by=bq_date_partition('partition_date')) }}
with

source as (
    select * from {{ source('nba_raw', 'nbac_player_boxscores') }}
    where {{ changed_partitions_filter(source('nba_raw', 'nbac_player_boxscores'), 'game_date') }}
),

renamed as (
    select
        {{ clean_string('game_id') }} as game_id,
        cast(game_date as date) as game_date,
        cast(season_year as {{ dbt.type_bigint() }}) as season_year,
        {{ lower_string('game_status') }} as game_status,
        {{ lower_string('game_status') }} = 'final' as is_final,
        cast(nba_player_id as {{ dbt.type_bigint() }}) as nba_player_id,
        {{ clean_string('player_full_name') }} as player_full_name,
        coalesce(
            {{ player_lookup('player_full_name') }},
            {{ player_lookup('player_lookup') }}
        ) as player_lookup,
        {{ clean_string('player_lookup') }} as raw_player_lookup,
        {{ normalize_team_abbr('team_abbr') }} as team_abbr,
        cast(starter as {{ dbt.type_boolean() }}) as is_starter,
        {{ clean_string('minutes') }} as minutes,
        {{ minutes_to_decimal('minutes') }} as minutes_played,
        cast(points as {{ dbt.type_bigint() }}) as points,
        cast(field_goals_made as {{ dbt.type_bigint() }}) as field_goals_made,
        cast(field_goals_attempted as {{ dbt.type_bigint() }}) as field_goals_attempted,
        cast(three_pointers_made as {{ dbt.type_bigint() }}) as three_pointers_made,
        cast(three_pointers_attempted as {{ dbt.type_bigint() }}) as three_pointers_attempted,
        cast(free_throws_made as {{ dbt.type_bigint() }}) as free_throws_made,
        cast(free_throws_attempted as {{ dbt.type_bigint() }}) as free_throws_attempted,
        cast(offensive_rebounds as {{ dbt.type_bigint() }}) as offensive_rebounds,
        cast(defensive_rebounds as {{ dbt.type_bigint() }}) as defensive_rebounds,
        cast(total_rebounds as {{ dbt.type_bigint() }}) as total_rebounds,
        cast(assists as {{ dbt.type_bigint() }}) as assists,
        cast(steals as {{ dbt.type_bigint() }}) as steals,
        cast(blocks as {{ dbt.type_bigint() }}) as blocks,
        cast(turnovers as {{ dbt.type_bigint() }}) as turnovers,
        cast(personal_fouls as {{ dbt.type_bigint() }}) as personal_fouls,
        cast(plus_minus as {{ dbt.type_bigint() }}) as plus_minus,
        cast(processed_at as {{ dbt.type_timestamp() }}) as processed_at,
        {{ partition_date_expr('game_date') }} as partition_date,
        {{ row_to_json('source') }} as raw_row_json
    from source
),

checked as (
    select
        *,
        {{ key_string(['game_id', 'player_lookup']) }} as row_key,
        cast(null as {{ dbt.type_string() }}) as out_of_scope_reason,
        {{ reject_reasons([
            check_not_null(['game_id', 'player_lookup', 'game_date', 'team_abbr']),
            check_known_team('team_abbr'),
            check("upper(minutes) <> 'DNP' and minutes_played is null",
                  "'minutes \"' || minutes || '\" cannot be parsed (only players who appeared are listed)'"),
            check_player_box_stats(),
            check_stats_not_in_future('game_date', 'coalesce(points, field_goals_attempted, minutes_played)'),
        ]) }} as invalid_reason
    from renamed
),

classified as (
    {{ classify_rows(
        'checked',
        key_columns=['game_id', 'player_lookup'],
        order_by='processed_at desc nulls last',
        fingerprint_columns=[
            'game_id', 'game_date', 'season_year', 'game_status', 'nba_player_id',
            'player_full_name', 'player_lookup', 'team_abbr', 'is_starter', 'minutes', 'points', 'field_goals_made', 'field_goals_attempted',
            'three_pointers_made', 'three_pointers_attempted', 'free_throws_made',
            'free_throws_attempted', 'offensive_rebounds', 'defensive_rebounds', 'total_rebounds',
            'assists', 'steals', 'blocks', 'turnovers', 'personal_fouls', 'plus_minus',
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
