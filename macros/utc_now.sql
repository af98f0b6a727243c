{#- utc_now(): the current instant as a naive UTC timestamp, the warehouse's convention for every
    timestamp the job layer writes (DuckDB's now() is zone-aware and would compare in local time). -#}
{% macro utc_now() %}
    {{- return(adapter.dispatch('utc_now', 'nba_props')()) -}}
{% endmacro %}

{% macro default__utc_now() %}current_timestamp(){% endmacro %}

{% macro duckdb__utc_now() %}cast(timezone('UTC', now()) as timestamp){% endmacro %}
