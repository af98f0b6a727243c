{#- BigQuery day partitioning on a DATE column; none elsewhere (dbt-duckdb reads partition_by as
    a file-partitioning option and refuses a dict). Use: config(partition_by=bq_date_partition('game_date')). -#}
{% macro bq_date_partition(field) %}
    {{- return({'field': field, 'data_type': 'date', 'granularity': 'day'} if target.type == 'bigquery' else none) -}}
{% endmacro %}
