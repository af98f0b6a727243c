-- recomputes points_avg_last_10 (this season's last 10 played games) and days_rest (days since the
-- last played game in the previous 365 days, minus 1) straight from player_game_summary with a
-- strict "< game_date" window, and fails on any row that disagrees (0.05 for rounding)
with

features as (
    select
        game_date,
        player_lookup,
        season_year,
        recent_form_source,
        points_avg_last_10,
        days_rest
    from {{ ref('ml_feature_store') }}
),

played as (
    select
        player_lookup,
        game_id,
        game_date,
        season_year,
        points
    from {{ ref('player_game_summary') }}
    where
        not coalesce(is_dnp, false)
        and minutes_played > 0
        and points is not null
),

season_ranked as (
    select
        features.game_date,
        features.player_lookup,
        played.points,
        row_number() over (
            partition by features.game_date, features.player_lookup
            order by played.game_date desc, played.game_id desc
        ) as recency_rank
    from features
    inner join played
        on
            features.player_lookup = played.player_lookup
            and features.season_year = played.season_year
            and features.game_date > played.game_date
),

recomputed_form as (
    select
        game_date,
        player_lookup,
        avg(case when recency_rank <= 10 then 1.0 * points end) as points_avg_last_10
    from season_ranked
    group by game_date, player_lookup
),

recomputed_rest as (
    select
        features.game_date,
        features.player_lookup,
        {{ dbt.datediff('max(played.game_date)', 'features.game_date', 'day') }} - 1 as days_rest -- noqa: LT05
    from features
    inner join played
        on
            features.player_lookup = played.player_lookup
            and features.game_date > played.game_date
            and played.game_date >= {{ dbt.dateadd('day', -365, 'features.game_date') }}
    group by features.game_date, features.player_lookup
)

select
    features.game_date,
    features.player_lookup,
    features.points_avg_last_10,
    recomputed_form.points_avg_last_10 as recomputed_points_avg_last_10,
    features.days_rest,
    recomputed_rest.days_rest as recomputed_days_rest
from features
left join recomputed_form
    on
        features.game_date = recomputed_form.game_date
        and features.player_lookup = recomputed_form.player_lookup
left join recomputed_rest
    on
        features.game_date = recomputed_rest.game_date
        and features.player_lookup = recomputed_rest.player_lookup
where
    (
        features.recent_form_source = 'player_daily_cache'
        and abs(features.points_avg_last_10 - recomputed_form.points_avg_last_10) > 0.05
    )
    or coalesce(features.days_rest, -99) != coalesce(recomputed_rest.days_rest, -99)
