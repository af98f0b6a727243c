-- Which raw rows were set aside, and why: the first query to run after loading new files.
-- Compile with `dbt compile --select raw_rejects_by_reason` and run the result in DuckDB.
with

rejects as (
    select * from {{ ref('stg_raw__rejects') }}
),

final as (
    select
        rejects.table_name,
        rejects.reject_category,
        rejects.reject_reason,
        count(*) as rows_set_aside,
        min(rejects.processed_at) as first_seen_at,
        max(rejects.processed_at) as last_seen_at
    from rejects
    group by rejects.table_name, rejects.reject_category, rejects.reject_reason
)

select * from final
order by rows_set_aside desc
