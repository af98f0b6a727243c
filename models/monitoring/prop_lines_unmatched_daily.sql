-- one row per (game_date, line_source, vendor_player_lookup) whose name resolved to no player of
-- the game's two teams (int_prop_player_resolution: not exact, alias or suffix): the prop rows it
-- carries and the games it was seen in, with the date's linked share for the feed, so a user sees
-- which spellings to add to seeds/player_name_aliases.csv
with

resolution as (
    select * from {{ ref('int_prop_player_resolution') }}
),

-- per vendor name and date: linked when any of its rows resolved
names_per_date as (
    select
        game_date,
        line_source,
        vendor_player_lookup,
        max(case when name_match_method != 'unmatched' then 1 else 0 end) as is_linked
    from resolution
    group by
        game_date,
        line_source,
        vendor_player_lookup
),

date_share as (
    select
        game_date,
        line_source,
        count(*) as vendor_names,
        sum(is_linked) as linked_vendor_names
    from names_per_date
    group by
        game_date,
        line_source
),

unmatched as (
    select
        resolution.game_date,
        resolution.line_source,
        resolution.vendor_player_lookup,
        sum(resolution.prop_rows) as unmatched_prop_rows,
        count(distinct resolution.game_id) as games,
        max(case when resolution.game_id is null then 1 else 0 end) as has_unplaced_rows
    from resolution
    inner join names_per_date
        on
            resolution.game_date = names_per_date.game_date
            and resolution.line_source = names_per_date.line_source
            and resolution.vendor_player_lookup = names_per_date.vendor_player_lookup
    where names_per_date.is_linked = 0
    group by
        resolution.game_date,
        resolution.line_source,
        resolution.vendor_player_lookup
),

final as (
    select
        unmatched.game_date,
        unmatched.line_source,
        unmatched.vendor_player_lookup,
        cast(unmatched.unmatched_prop_rows as {{ dbt.type_bigint() }}) as unmatched_prop_rows,
        cast(unmatched.games as {{ dbt.type_bigint() }}) as games,
        unmatched.has_unplaced_rows = 1 as has_unplaced_rows,
        cast(date_share.vendor_names as {{ dbt.type_bigint() }}) as date_vendor_names,
        cast(date_share.linked_vendor_names as {{ dbt.type_bigint() }}) as date_linked_vendor_names,
        cast(
            round(100.0 * date_share.linked_vendor_names / date_share.vendor_names, 2)
            as {{ type_double() }}
        ) as date_linked_pct
    from unmatched
    inner join date_share
        on
            unmatched.game_date = date_share.game_date
            and unmatched.line_source = date_share.line_source
)

select * from final
