-- one row per (line_source, game_date, game_id, vendor_player_lookup): the box-score player a
-- sportsbook feed's spelling of a name stands for. First match wins: 'exact' (the vendor lookup is
-- a player known for one of the game's two teams: registry for that season and team, or the
-- game's box rows), 'alias' (seed player_name_aliases, the feed's own row before a '*' row),
-- 'suffix' (equal once a trailing jr/sr/ii/iii/iv/v is stripped from both sides, and unique among
-- the game's players), else 'unmatched' (the vendor lookup is kept).
-- BettingPros has no game id: a team row belongs to its team's game that date; a 'FA' row to the
-- game(s) of that date where its name matches a player of either team. Rows placed in no game
-- (unmatched 'FA' rows, a team without a game that date) keep a NULL game_id, for monitoring.
with

games as (
    select * from {{ ref('int_games') }}
),

odds_props as (
    select * from {{ ref('stg_nba_raw__odds_api_player_points_props') }}
),

bettingpros_props as (
    select * from {{ ref('stg_nba_raw__bettingpros_player_points_props') }}
),

registry as (
    select * from {{ ref('stg_nba_reference__nba_players_registry') }}
),

player_box as (
    select * from {{ ref('int_player_game_box') }}
),

aliases as (
    select * from {{ ref('player_name_aliases') }}
),

-- the prop rows int_player_prop_lines can use (before the tip-off cut), per vendor name
odds_names as (
    select
        'odds_api' as line_source,
        odds_props.game_id,
        coalesce(games.game_date, odds_props.game_date) as game_date,
        odds_props.player_lookup as vendor_player_lookup,
        true as is_game_identified,
        count(*) as prop_rows
    from odds_props
    left join games
        on odds_props.game_id = games.game_id
    where
        odds_props.is_pre_game
        and odds_props.player_lookup is not null
        and odds_props.points_line is not null
    group by
        odds_props.game_id,
        coalesce(games.game_date, odds_props.game_date),
        odds_props.player_lookup
),

bettingpros_names as (
    select
        game_date,
        player_lookup as vendor_player_lookup,
        player_team,
        count(*) as prop_rows
    from bettingpros_props
    where
        bet_side = 'over'
        and market_type = 'points'
        and player_lookup is not null
        and points_line is not null
    group by
        game_date,
        player_lookup,
        player_team
),

bettingpros_candidates as (
    select
        'bettingpros' as line_source,
        games.game_id,
        bettingpros_names.game_date,
        bettingpros_names.vendor_player_lookup,
        bettingpros_names.player_team != 'FA' as is_game_identified,
        bettingpros_names.prop_rows
    from bettingpros_names
    inner join games
        on
            bettingpros_names.game_date = games.game_date
            and (
                bettingpros_names.player_team in (games.home_team_abbr, games.away_team_abbr)
                or bettingpros_names.player_team = 'FA'
            )
),

candidates as (
    select * from odds_names
    union all
    select * from bettingpros_candidates
),

candidate_ids as (
    select distinct game_id
    from candidates
),

candidate_games as (
    select
        games.game_id,
        games.season,
        games.home_team_abbr,
        games.away_team_abbr
    from games
    inner join candidate_ids
        on games.game_id = candidate_ids.game_id
),

-- the players known for each game's two teams
game_players as (
    select distinct
        known.game_id,
        known.player_lookup,
        {{ strip_player_suffix('known.player_lookup') }} as stripped_lookup
    from (
        select
            candidate_games.game_id,
            registry.player_lookup
        from candidate_games
        inner join registry
            on
                candidate_games.season = registry.season
                and registry.team_abbr in (candidate_games.home_team_abbr, candidate_games.away_team_abbr)
        union all
        select
            candidate_games.game_id,
            player_box.player_lookup
        from candidate_games
        inner join player_box
            on candidate_games.game_id = player_box.game_id
    ) as known
    where known.player_lookup is not null
),

-- a stripped name is usable only when one player of the game carries it
suffix_keys as (
    select
        game_id,
        stripped_lookup,
        min(player_lookup) as player_lookup
    from game_players
    group by
        game_id,
        stripped_lookup
    having count(distinct player_lookup) = 1
),

candidate_aliases as (
    select
        candidates.*,
        coalesce(source_alias.player_lookup, any_alias.player_lookup) as alias_player_lookup
    from candidates
    left join aliases as source_alias
        on
            candidates.line_source = source_alias.source
            and candidates.vendor_player_lookup = source_alias.alias_lookup
    left join aliases as any_alias
        on
            any_alias.source = '*'
            and candidates.vendor_player_lookup = any_alias.alias_lookup
),

-- an alias places a 'FA' row only in a game where its player is known
matched as (
    select
        candidate_aliases.line_source,
        candidate_aliases.game_id,
        candidate_aliases.game_date,
        candidate_aliases.vendor_player_lookup,
        candidate_aliases.is_game_identified,
        candidate_aliases.prop_rows,
        case
            when exact_player.player_lookup is not null then 'exact'
            when
                candidate_aliases.alias_player_lookup is not null
                and (candidate_aliases.is_game_identified or alias_player.player_lookup is not null)
                then 'alias'
            when suffix_player.player_lookup is not null then 'suffix'
            else 'unmatched'
        end as name_match_method,
        case
            when exact_player.player_lookup is not null then exact_player.player_lookup
            when
                candidate_aliases.alias_player_lookup is not null
                and (candidate_aliases.is_game_identified or alias_player.player_lookup is not null)
                then candidate_aliases.alias_player_lookup
            when suffix_player.player_lookup is not null then suffix_player.player_lookup
            else candidate_aliases.vendor_player_lookup
        end as player_lookup
    from candidate_aliases
    left join game_players as exact_player
        on
            candidate_aliases.game_id = exact_player.game_id
            and candidate_aliases.vendor_player_lookup = exact_player.player_lookup
    left join game_players as alias_player
        on
            candidate_aliases.game_id = alias_player.game_id
            and candidate_aliases.alias_player_lookup = alias_player.player_lookup
    left join suffix_keys as suffix_player
        on
            candidate_aliases.game_id = suffix_player.game_id
            and {{ strip_player_suffix('candidate_aliases.vendor_player_lookup') }} = suffix_player.stripped_lookup
),

placed as (
    select *
    from matched
    where is_game_identified or name_match_method != 'unmatched'
),

placed_bettingpros_names as (
    select distinct
        game_date,
        vendor_player_lookup
    from placed
    where line_source = 'bettingpros'
),

-- BettingPros names placed in no game that date
unplaced as (
    select
        'bettingpros' as line_source,
        cast(null as {{ dbt.type_string() }}) as game_id,
        bettingpros_names.game_date,
        bettingpros_names.vendor_player_lookup,
        false as is_game_identified,
        bettingpros_names.prop_rows,
        'unmatched' as name_match_method,
        bettingpros_names.vendor_player_lookup as player_lookup
    from bettingpros_names
    left join placed_bettingpros_names
        on
            bettingpros_names.game_date = placed_bettingpros_names.game_date
            and bettingpros_names.vendor_player_lookup = placed_bettingpros_names.vendor_player_lookup
    where placed_bettingpros_names.vendor_player_lookup is null
),

all_resolutions as (
    select * from placed
    union all
    select * from unplaced
),

-- one row per vendor name and game (a BettingPros name can come with its team and as 'FA')
deduplicated as (
    select
        line_source,
        game_id,
        game_date,
        vendor_player_lookup,
        player_lookup,
        name_match_method,
        sum(prop_rows) over (
            partition by line_source, game_date, game_id, vendor_player_lookup
        ) as prop_rows,
        row_number() over (
            partition by line_source, game_date, game_id, vendor_player_lookup
            order by {{ name_match_method_rank('name_match_method') }} asc, player_lookup asc
        ) as resolution_rank
    from all_resolutions
),

final as (
    select
        line_source,
        game_id,
        game_date,
        vendor_player_lookup,
        player_lookup,
        name_match_method,
        cast(prop_rows as {{ dbt.type_bigint() }}) as prop_rows
    from deduplicated
    where resolution_rank = 1
)

select * from final
