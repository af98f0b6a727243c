{#-
    Custom schemas are the production dataset names verbatim (nba_analytics, nba_precompute, ...),
    on BigQuery and in the local DuckDB file alike, so people, dashboards and alerts keep working.
    A developer sharing a BigQuery project sets NBA_PROPS_DATASET_PREFIX (e.g. "dev_alice_") to
    write next to production instead of over it.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- set prefix = env_var('NBA_PROPS_DATASET_PREFIX', '') -%}
    {%- if custom_schema_name is none -%}
        {{ prefix ~ target.schema }}
    {%- else -%}
        {{ prefix ~ (custom_schema_name | trim) }}
    {%- endif -%}
{%- endmacro %}
