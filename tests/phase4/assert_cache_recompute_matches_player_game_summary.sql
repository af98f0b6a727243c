-- recompute a sample of features independently from player_game_summary with a strict
-- `< date` window and compare: points_avg_last_10 (played games this season) and days_rest
-- (days since the previous played game within 365 days, minus 1). Sample: cache dates on the
-- 1st, 8th, 15th and 22nd of each month.
with

daily_cache as (
    select * from {{ ref('player_daily_cache') }}
    where extract(day from cache_date) in (1, 8, 15, 22)
),

player_games as (
    select * from {{ ref('player_game_summary') }}
    where
        not coalesce(is_dnp, false)
        and minutes_played > 0
        and points is not null
),

history as (
    select
        daily_cache.cache_date,
        daily_cache.player_lookup,
        daily_cache.season_year as cache_season_year,
        player_games.season_year,
        player_games.game_date,
        player_games.points,
        row_number() over (
            partition by
                daily_cache.cache_date,
                daily_cache.player_lookup,
                player_games.season_year
            order by player_games.game_date desc, player_games.game_id desc
        ) as season_recency_rank
    from daily_cache
    inner join player_games
        on
            daily_cache.player_lookup = player_games.player_lookup
            and daily_cache.cache_date > player_games.game_date
            and player_games.game_date >= {{ dbt.dateadd('day', -365, 'daily_cache.cache_date') }}
),

recomputed as (
    select
        cache_date,
        player_lookup,
        count(case when season_year = cache_season_year then 1 end) as games_played_season,
        avg(
            case when season_year = cache_season_year and season_recency_rank <= 10 then points end
        ) as points_avg_last_10,
        {{ dbt.datediff('max(game_date)', 'cache_date', 'day') }} - 1 as days_rest -- noqa: LT05
    from history
    group by cache_date, player_lookup
),

compared as (
    select
        daily_cache.cache_date,
        daily_cache.player_lookup,
        daily_cache.points_avg_last_10,
        recomputed.points_avg_last_10 as recomputed_points_avg_last_10,
        daily_cache.days_rest,
        recomputed.days_rest as recomputed_days_rest,
        coalesce(recomputed.games_played_season, 0) as recomputed_games_played_season,
        daily_cache.games_played_season
    from daily_cache
    left join recomputed
        on
            daily_cache.cache_date = recomputed.cache_date
            and daily_cache.player_lookup = recomputed.player_lookup
),

final as (
    select * from compared
    where
        games_played_season <> recomputed_games_played_season
        or (
            games_played_season >= 3
            and not coalesce(abs(points_avg_last_10 - recomputed_points_avg_last_10) < 0.006, false)
        )
        or not coalesce(days_rest = recomputed_days_rest, days_rest is null and recomputed_days_rest is null)
)

select * from final
