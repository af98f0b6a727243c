-- every raw gamebook row, cleaned and classified (used / superseded / duplicate / invalid)
{{ config(partition_by=bq_date_partition('partition_date')) }}
with

source as (
    select * from {{ source('nba_raw', 'nbac_gamebook_player_stats') }}
    where {{ changed_partitions_filter(source('nba_raw', 'nbac_gamebook_player_stats'), 'game_date') }}
),

renamed as (
    select
        {{ clean_string('game_id') }} as game_id,
        cast(game_date as date) as game_date,
        cast(season_year as {{ dbt.type_bigint() }}) as season_year,
        {{ normalize_team_abbr('team_abbr') }} as team_abbr,
        {{ normalize_team_abbr('home_team_abbr') }} as home_team_abbr,
        {{ normalize_team_abbr('away_team_abbr') }} as away_team_abbr,
        {{ clean_string('player_name') }} as player_name,
        coalesce(
            {{ player_lookup('player_name') }},
            {{ player_lookup('player_lookup') }}
        ) as player_lookup,
        {{ clean_string('player_lookup') }} as raw_player_lookup,
        cast(nba_player_id as {{ dbt.type_bigint() }}) as nba_player_id,
        {{ lower_string('player_status') }} as player_status,
        {{ clean_string('dnp_reason') }} as dnp_reason,
        cast(is_starter as {{ dbt.type_boolean() }}) as is_starter,
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
            check_not_null(['game_id', 'player_lookup', 'game_date', 'team_abbr', 'player_status']),
            check_known_team('team_abbr'),
            check_known_team('home_team_abbr'),
            check_known_team('away_team_abbr'),
            check('team_abbr <> home_team_abbr and team_abbr <> away_team_abbr',
                  "'team_abbr \"' || team_abbr || '\" is neither home \"' || home_team_abbr"
                  ~ " || '\" nor away \"' || away_team_abbr || '\"'"),
            check("player_status not in ('active', 'dnp', 'inactive')",
                  "'player_status \"' || player_status || '\" is not active, dnp or inactive'"),
            check("player_status = 'active' and upper(minutes) <> 'DNP' and minutes_played is null",
                  "'minutes \"' || minutes || '\" cannot be parsed on an active row'"),
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
            'game_id', 'game_date', 'season_year', 'team_abbr', 'home_team_abbr', 'away_team_abbr',
            'player_name', 'player_lookup', 'nba_player_id', 'player_status', 'dnp_reason',
            'is_starter', 'minutes', 'points', 'field_goals_made', 'field_goals_attempted',
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
