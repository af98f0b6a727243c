-- every raw row staging set aside as invalid or out of scope is counted in data_quality_set_aside
-- (per table and category): the monitoring view must never lose a rejected row
with

rejects as (
    select
        'base_' || source_name || '__' || table_name as model_name,
        reject_category as category,
        count(*) as rejected_rows
    from {{ ref('stg_raw__rejects') }}
    where reject_category in ('invalid', 'out_of_scope')
    group by 'base_' || source_name || '__' || table_name, reject_category
),

set_aside as (
    select
        model_name,
        category,
        sum(rows_set_aside) as counted_rows
    from {{ ref('data_quality_set_aside') }}
    where layer = 'staging' and category in ('invalid', 'out_of_scope')
    group by model_name, category
),

final as (
    select
        coalesce(rejects.model_name, set_aside.model_name) as model_name,
        coalesce(rejects.category, set_aside.category) as category,
        coalesce(rejects.rejected_rows, 0) as rejected_rows,
        coalesce(set_aside.counted_rows, 0) as counted_rows
    from rejects
    full outer join set_aside
        on
            rejects.model_name = set_aside.model_name
            and rejects.category = set_aside.category
    where coalesce(rejects.rejected_rows, 0) <> coalesce(set_aside.counted_rows, 0)
)

select * from final
