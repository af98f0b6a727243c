-- one row per (game_id, player_lookup): the latest injury-report status known at the game's
-- prediction time (int_games.prediction_at, never after tip-off): a report published later is news
-- the prediction could not have had (reports are hourly, US Eastern report_date + report_hour,
-- compared as UTC timestamps)
with

games as (
    select * from {{ ref('int_games') }}
),

injury_reports as (
    select * from {{ ref('stg_nba_raw__nbac_injury_report') }}
),

reports as (
    select
        injury_reports.game_id,
        games.game_date,
        games.tipoff_at,
        games.prediction_at,
        injury_reports.team_abbr,
        injury_reports.player_lookup,
        injury_reports.player_name,
        injury_reports.injury_status,
        injury_reports.reason,
        injury_reports.reason_category,
        injury_reports.report_date,
        injury_reports.report_hour,
        {{ context_eastern_to_utc('injury_reports.report_date', 'injury_reports.report_hour') }} as reported_at,
        injury_reports.processed_at
    from injury_reports
    inner join games
        on injury_reports.game_id = games.game_id
),

-- strictly before the prediction time: a report stamped at that hour is already too late
pre_tip_reports as (
    select
        reports.*,
        count(*) over (
            partition by reports.game_id, reports.player_lookup
        ) as pre_tip_report_count,
        row_number() over (
            partition by reports.game_id, reports.player_lookup
            order by
                reports.reported_at desc,
                reports.processed_at desc,
                reports.injury_status asc
        ) as report_rank
    from reports
    where reports.reported_at < reports.prediction_at
),

final as (
    select
        game_id,
        game_date,
        team_abbr,
        player_lookup,
        player_name,
        injury_status,
        reason,
        reason_category,
        report_date,
        report_hour,
        reported_at,
        tipoff_at,
        prediction_at,
        pre_tip_report_count,
        processed_at as source_processed_at
    from pre_tip_reports
    where report_rank = 1
)

select * from final
