-- stg_raw__rejects holds exactly the rows counted as set aside, per table and category
-- (0 rows = pass)
with

accounting as (
    select * from {{ ref('stg_raw__row_accounting') }}
),

rejects as (
    select
        table_name,
        count(*) as n_rejects,
        sum(case when reject_category = 'invalid' then 1 else 0 end) as n_invalid,
        sum(case when reject_category = 'superseded' then 1 else 0 end) as n_superseded,
        sum(case when reject_category = 'duplicate' then 1 else 0 end) as n_duplicate,
        sum(case when reject_category = 'out_of_scope' then 1 else 0 end) as n_out_of_scope
    from {{ ref('stg_raw__rejects') }}
    group by table_name
),

compared as (
    select
        accounting.table_name,
        accounting.rows_set_aside,
        coalesce(rejects.n_rejects, 0) as n_rejects,
        accounting.rows_invalid,
        coalesce(rejects.n_invalid, 0) as n_invalid,
        accounting.rows_superseded,
        coalesce(rejects.n_superseded, 0) as n_superseded,
        accounting.rows_duplicate,
        coalesce(rejects.n_duplicate, 0) as n_duplicate,
        accounting.rows_out_of_scope,
        coalesce(rejects.n_out_of_scope, 0) as n_out_of_scope
    from accounting
    left join rejects
        on accounting.table_name = rejects.table_name
)

select * from compared
where
    rows_set_aside <> n_rejects
    or rows_invalid <> n_invalid
    or rows_superseded <> n_superseded
    or rows_duplicate <> n_duplicate
    or rows_out_of_scope <> n_out_of_scope
