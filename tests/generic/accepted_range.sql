{#- accepted_range: the rows whose non-NULL value lies outside [min_value, max_value] (either bound
    optional; inclusive unless inclusive=false), like dbt_utils.accepted_range, but its verdict is
    about the health of a date, not one odd row:
    - it warns as soon as one row is out of range (the rows are kept by store_failures and counted
      in data_quality_daily);
    - it fails (error) only when some date has more than max_share_pct percent of its rows out of
      range and at least min_failing_rows of them.
    The date is date_column (default: the first of game_date, analysis_date, cache_date, report_date
    the model has; without one the whole table is one group). Strict contract checks pass
    max_share_pct=0 and min_failing_rows=1: any row out of range is an error.
    How: each failing row carries its date's share (in percent, rounded up); fail_calc is the largest
    share, capped at max_share_pct for dates with fewer than min_failing_rows failing rows, and
    error_if is "> max_share_pct". dbt reports that number as the test's failures. -#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true,
                       date_column=none, max_share_pct=1, min_failing_rows=2) %}
{{ config(
    fail_calc="coalesce(max(case when dq_date_failing_rows >= " ~ min_failing_rows
        ~ " then dq_date_failing_pct else least(dq_date_failing_pct, " ~ max_share_pct ~ ") end), 0)",
    warn_if=">0",
    error_if=">" ~ max_share_pct,
) }}
{#- a namespace: a plain set inside the for loop would not outlive the loop -#}
{%- set found = namespace(column=date_column) -%}
{#- offline BigQuery compiles (make bq-compile) have no connection to ask: the whole table is the group -#}
{%- if found.column is none and execute and env_var('DBT_OFFLINE_COMPILE', '') != '1' -%}
    {%- set names = adapter.get_columns_in_relation(model) | map(attribute='name') | map('lower') | list -%}
    {%- for candidate in ['game_date', 'analysis_date', 'cache_date', 'report_date'] -%}
        {%- if found.column is none and candidate in names -%}
            {%- set found.column = candidate -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif -%}
{%- set group_column = found.column -%}
{%- set group_expr = group_column if group_column is not none else "'all rows'" %}

with

checked as (
    select
        *,
        {{ group_expr }} as dq_date,
        case
            when {{ column_name }} is null then 0
            when
                false
                {%- if min_value is not none %}
                or {{ column_name }} {{ '<' if inclusive else '<=' }} {{ min_value }}
                {%- endif %}
                {%- if max_value is not none %}
                or {{ column_name }} {{ '>' if inclusive else '>=' }} {{ max_value }}
                {%- endif %}
                then 1
            else 0
        end as dq_is_out_of_range
    from {{ model }}
),

per_date as (
    select
        dq_date,
        sum(dq_is_out_of_range) as dq_date_failing_rows,
        count(*) as dq_date_rows
    from checked
    group by dq_date
),

final as (
    select
        checked.*,
        per_date.dq_date_failing_rows,
        per_date.dq_date_rows,
        cast(ceil(100.0 * per_date.dq_date_failing_rows / per_date.dq_date_rows) as {{ dbt.type_int() }})
            as dq_date_failing_pct
    from checked
    inner join per_date
        on
            checked.dq_date = per_date.dq_date
            or (checked.dq_date is null and per_date.dq_date is null)
    where checked.dq_is_out_of_range = 1
)

select * from final

{% endtest %}
