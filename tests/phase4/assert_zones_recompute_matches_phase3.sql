-- recomputes a sample of zone features independently from Phase 3 with a strict "< date" window:
-- a game is among the last N when fewer than N of the entity's later games precede the date
-- (a counting rule instead of the model's row_number); sample = analysis dates on the 1st, 8th,
-- 15th and 22nd of a month
with

player_zones as (
    select * from {{ ref('player_shot_zone_analysis') }}
    where extract(day from analysis_date) in (1, 8, 15, 22)
),

team_zones as (
    select * from {{ ref('team_defense_zone_analysis') }}
    where extract(day from analysis_date) in (1, 8, 15, 22)
),

player_games as (
    select * from {{ ref('player_game_summary') }}
    where not is_dnp and minutes_played > 0
),

team_games as (
    select * from {{ ref('team_defense_game_summary') }}
),

player_candidates as (
    select
        player_zones.analysis_date,
        player_zones.player_lookup,
        player_games.game_date,
        player_games.fg_attempts,
        case when player_games.has_complete_shot_zones then player_games.fg_attempts end as zone_fga,
        case when player_games.has_complete_shot_zones then player_games.paint_attempts end as paint_attempts,
        (
            select count(*)
            from player_games as later_games
            where
                later_games.player_lookup = player_zones.player_lookup
                and later_games.game_date > player_games.game_date
                and later_games.game_date < player_zones.analysis_date
        ) as later_games_count
    from player_zones
    inner join player_games
        on
            player_zones.player_lookup = player_games.player_lookup
            and player_zones.analysis_date > player_games.game_date
            and player_games.game_date >= {{ dbt.dateadd('day', -400, 'player_zones.analysis_date') }}
),

player_recomputed as (
    select
        analysis_date,
        player_lookup,
        count(*) as games_10,
        sum(paint_attempts) * 1.0 / nullif(sum(zone_fga), 0) as paint_rate_10
    from player_candidates
    where later_games_count < 10
    group by analysis_date, player_lookup
),

team_candidates as (
    select
        team_zones.analysis_date,
        team_zones.team_abbr,
        team_games.defensive_rating,
        (
            select count(*)
            from team_games as later_games
            where
                later_games.defending_team_abbr = team_zones.team_abbr
                and later_games.game_date > team_games.game_date
                and later_games.game_date < team_zones.analysis_date
        ) as later_games_count
    from team_zones
    inner join team_games
        on
            team_zones.team_abbr = team_games.defending_team_abbr
            and team_zones.analysis_date > team_games.game_date
            and team_games.game_date >= {{ dbt.dateadd('day', -400, 'team_zones.analysis_date') }}
),

team_recomputed as (
    select
        analysis_date,
        team_abbr,
        count(*) as games_15,
        avg(defensive_rating) as defensive_rating_15
    from team_candidates
    where later_games_count < 15
    group by analysis_date, team_abbr
),

player_mismatches as (
    select
        'player_shot_zone_analysis' as model_name,
        player_zones.analysis_date,
        player_zones.player_lookup as entity
    from player_zones
    left join player_recomputed
        on
            player_zones.analysis_date = player_recomputed.analysis_date
            and player_zones.player_lookup = player_recomputed.player_lookup
    where
        player_zones.games_in_sample_10 != coalesce(player_recomputed.games_10, 0)
        or abs(player_zones.paint_rate_last_10 - player_recomputed.paint_rate_10) > 0.0001
),

team_mismatches as (
    select
        'team_defense_zone_analysis' as model_name,
        team_zones.analysis_date,
        team_zones.team_abbr as entity
    from team_zones
    left join team_recomputed
        on
            team_zones.analysis_date = team_recomputed.analysis_date
            and team_zones.team_abbr = team_recomputed.team_abbr
    where
        team_zones.games_in_sample != coalesce(team_recomputed.games_15, 0)
        or abs(team_zones.defensive_rating_last_15 - team_recomputed.defensive_rating_15) > 0.01
)

select * from player_mismatches
union all
select * from team_mismatches
