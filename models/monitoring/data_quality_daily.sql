-- one row per day of dbt runs: how many data tests and unit tests ran, failed and warned, with
-- the failing rows counted, so a quality regression shows as a trend rather than a log line
-- (the failing rows themselves are stored by store_failures in the *_dbt_test__audit schema)
with

dbt_results as (
    select * from {{ source('orchestration', 'dbt_run_results') }}
    where resource_type in ('test', 'unit_test')
),

latest_per_test_and_day as (
    select
        cast(dbt_results.completed_at as date) as run_date,
        dbt_results.unique_id,
        dbt_results.status,
        dbt_results.failures,
        row_number() over (
            partition by cast(dbt_results.completed_at as date), dbt_results.unique_id
            order by dbt_results.completed_at desc
        ) as recency
    from dbt_results
),

daily as (
    select
        dbt_results.run_date,
        count(*) as test_runs,
        sum(case when dbt_results.status = 'pass' then 1 else 0 end) as passed,
        sum(case when dbt_results.status = 'fail' then 1 else 0 end) as failed,
        sum(case when dbt_results.status = 'warn' then 1 else 0 end) as warned,
        sum(case when dbt_results.status = 'error' then 1 else 0 end) as errored,
        sum(coalesce(dbt_results.failures, 0)) as failing_rows
    from (
        select
            cast(completed_at as date) as run_date,
            status,
            failures
        from dbt_results
    ) as dbt_results
    group by dbt_results.run_date
),

distinct_tests as (
    select
        latest_per_test_and_day.run_date,
        count(*) as distinct_tests,
        sum(case when latest_per_test_and_day.status in ('fail', 'error') then 1 else 0 end)
            as tests_failing_at_day_end
    from latest_per_test_and_day
    where latest_per_test_and_day.recency = 1
    group by latest_per_test_and_day.run_date
),

final as (
    select
        daily.run_date,
        cast(daily.test_runs as {{ dbt.type_bigint() }}) as test_runs,
        cast(daily.passed as {{ dbt.type_bigint() }}) as passed,
        cast(daily.failed as {{ dbt.type_bigint() }}) as failed,
        cast(daily.warned as {{ dbt.type_bigint() }}) as warned,
        cast(daily.errored as {{ dbt.type_bigint() }}) as errored,
        cast(daily.failing_rows as {{ dbt.type_bigint() }}) as failing_rows,
        cast(distinct_tests.distinct_tests as {{ dbt.type_bigint() }}) as distinct_tests,
        cast(distinct_tests.tests_failing_at_day_end as {{ dbt.type_bigint() }}) as tests_failing_at_day_end,
        100.0 * daily.passed / daily.test_runs as pass_pct
    from daily
    inner join distinct_tests
        on daily.run_date = distinct_tests.run_date
)

select * from final
