{#-
    Root override of dbt's is_incremental(). dbt's version asks the warehouse whether the table
    exists, which hangs a BigQuery compile with no reachable BigQuery. With DBT_OFFLINE_COMPILE=1
    the answer comes from the var offline_is_incremental instead, so both branches of every
    incremental model can be compiled (and parsed as BigQuery SQL) offline. Unset: dbt's behaviour.
-#}
{% macro is_incremental() %}
    {%- if env_var('DBT_OFFLINE_COMPILE', '') == '1' -%}
        {{ return(var('offline_is_incremental', false)) }}
    {%- else -%}
        {{ return(dbt.is_incremental()) }}
    {%- endif -%}
{% endmacro %}
