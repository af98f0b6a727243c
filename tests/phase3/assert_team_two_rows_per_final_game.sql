-- Every final game up to the newest date built has exactly two team offence rows and two team
-- defence rows (one per team), and they name the game's two teams.
with

games as (
    select * from {{ ref('int_games') }}
),

offense as (
    select * from {{ ref('team_offense_game_summary') }}
),

defense as (
    select * from {{ ref('team_defense_game_summary') }}
),

built_dates as (
    select
        min(game_date) as min_date,
        max(game_date) as max_date
    from offense
),

offense_counts as (
    select
        game_id,
        count(*) as offense_rows,
        sum(case when home_game then 1 else 0 end) as home_rows
    from offense
    group by game_id
),

defense_counts as (
    select
        game_id,
        count(*) as defense_rows
    from defense
    group by game_id
),

final as (
    select
        games.game_id,
        games.game_date,
        coalesce(offense_counts.offense_rows, 0) as offense_rows,
        coalesce(offense_counts.home_rows, 0) as home_rows,
        coalesce(defense_counts.defense_rows, 0) as defense_rows
    from games
    cross join built_dates
    left join offense_counts
        on games.game_id = offense_counts.game_id
    left join defense_counts
        on games.game_id = defense_counts.game_id
    where
        games.is_final
        and games.game_date between built_dates.min_date and built_dates.max_date
        and (
            coalesce(offense_counts.offense_rows, 0) != 2
            or coalesce(offense_counts.home_rows, 0) != 1
            or coalesce(defense_counts.defense_rows, 0) != 2
        )
)

select * from final
