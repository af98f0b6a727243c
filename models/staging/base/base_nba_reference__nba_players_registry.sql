-- every raw registry row, cleaned and classified (used / superseded / duplicate / invalid)
-- small and dateless: rebuilt whole every run
{{ config(materialized='table') }}
with

source as (
    select * from {{ source('nba_reference', 'nba_players_registry') }}
),

renamed as (
    select
        {{ clean_string('universal_player_id') }} as universal_player_id,
        coalesce(
            {{ player_lookup('player_name') }},
            {{ player_lookup('player_lookup') }}
        ) as player_lookup,
        {{ clean_string('player_lookup') }} as raw_player_lookup,
        {{ clean_string('player_name') }} as player_name,
        {{ normalize_team_abbr('team_abbr') }} as team_abbr,
        {{ clean_string('season') }} as season,
        {{ clean_string('position') }} as position,  -- noqa: RF04
        cast(birth_date as date) as birth_date,
        cast(processed_at as {{ dbt.type_timestamp() }}) as processed_at,
        {{ row_to_json('source') }} as raw_row_json
    from source
),

checked as (
    select
        *,
        {{ key_string(['player_lookup', 'team_abbr', 'season']) }} as row_key,
        cast(null as {{ dbt.type_string() }}) as out_of_scope_reason,
        {{ reject_reasons([
            check_not_null(['player_lookup', 'team_abbr', 'season', 'universal_player_id']),
            check_known_team('team_abbr'),
            check("not " ~ regexp_matches('season', '^[0-9]{4}-[0-9]{2}$'),
                  "'season \"' || season || '\" is not YYYY-YY'"),
        ]) }} as invalid_reason
    from renamed
),

classified as (
    {{ classify_rows(
        'checked',
        key_columns=['player_lookup', 'team_abbr', 'season'],
        order_by='processed_at desc nulls last, universal_player_id',
        fingerprint_columns=[
            'universal_player_id', 'player_lookup', 'player_name', 'team_abbr', 'season',
            'position', 'birth_date',
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
