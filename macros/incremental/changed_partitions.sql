{#-
    changed_partitions_filter(source_relation, date_column)

    The staging base tables are incremental by date partition (partition_date = the row's date, or
    1900-01-01 when it has none). A partition is rebuilt when its raw rows differ from what was
    built: a partition that is new, or whose row count or newest processed_at changed (appended
    snapshots, late corrections, a replaced file, a late load of old data). Every other partition is
    left alone, so a daily run costs what the new data costs, not what the history costs; and because
    a rebuilt partition is rebuilt whole, the result is the same as a full refresh.

    Rendered as a constant list on the raw date column itself (`game_date in (date '2025-01-14',
    ...)`, plus `or game_date is null` when the undated partition changed), computed when the model
    runs: BigQuery prunes the raw table's partitions only on a constant filter on its partition
    column, and refuses any query without one on tables with require_partition_filter (see
    python_jobs/bigquery_layout.py). The full build reads every partition through an explicit
    always-true filter on that column for the same reason. A partition whose raw rows were all
    deleted is not detected: run a --full-refresh after deleting raw data.
-#}
{% macro partition_date_expr(date_column) -%}
    coalesce(cast({{ date_column }} as date), date '1900-01-01')
{%- endmacro %}


{#- every partition, as a filter BigQuery accepts as a partition filter (true for every row) -#}
{% macro all_partitions_filter(date_column) -%}
    ({{ date_column }} >= date '0001-01-01' or {{ date_column }} is null)
{%- endmacro %}


{#- partition_date values -> the same rows as `partition_date_expr(date_column) in (...)`, written on
    the bare column so BigQuery can prune -#}
{% macro partition_dates_filter(date_column, dates) -%}
    {%- set literals = [] -%}
    {%- set undated = [] -%}
    {%- for d in dates -%}
        {%- if (d | string)[:10] == '1900-01-01' -%}{%- do undated.append(d) -%}{%- endif -%}
        {%- do literals.append("date '" ~ (d | string)[:10] ~ "'") -%}
    {%- endfor -%}
    ({{ date_column }} in ({{ literals | join(', ') }}){% if undated %} or {{ date_column }} is null{% endif %})
{%- endmacro %}


{% macro changed_partitions_filter(source_relation, date_column) %}
    {%- if not is_incremental() -%}
        {{- return(all_partitions_filter(date_column)) -}}
    {%- endif -%}
    {%- if env_var('DBT_OFFLINE_COMPILE', '') == '1' or not execute -%}
        {{- return(partition_dates_filter(date_column, [var('offline_max_date', '2025-01-15')])) -}}
    {%- endif -%}
    {%- set sql -%}
        with raw_partitions as (
            select
                {{ partition_date_expr(date_column) }} as partition_date,
                count(*) as row_count,
                max(cast(processed_at as {{ dbt.type_timestamp() }})) as max_processed_at
            from {{ source_relation }}
            where {{ all_partitions_filter(date_column) }}
            group by 1
        ),

        built_partitions as (
            select
                partition_date,
                count(*) as row_count,
                max(processed_at) as max_processed_at
            from {{ this }}
            group by 1
        )

        select raw_partitions.partition_date
        from raw_partitions
        left join built_partitions
            on raw_partitions.partition_date = built_partitions.partition_date
        where built_partitions.partition_date is null
            or raw_partitions.row_count <> built_partitions.row_count
            or coalesce(raw_partitions.max_processed_at, cast('1970-01-01' as {{ dbt.type_timestamp() }}))
            <> coalesce(built_partitions.max_processed_at, cast('1970-01-01' as {{ dbt.type_timestamp() }}))
        order by 1
    {%- endset -%}
    {%- set dates = run_query(sql).columns[0].values() -%}
    {%- if dates | length == 0 -%}
        {{- return('false') -}}
    {%- endif -%}
    {{- return(partition_dates_filter(date_column, dates)) -}}
{% endmacro %}
