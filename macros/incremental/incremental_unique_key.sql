{#-
    incremental_unique_key(replace_key, row_key): the unique_key of an incremental model.

    Production replaces whole dates: insert_overwrite on BigQuery, delete+insert on DuckDB, both
    keyed by the date column (replace_key). The local BigQuery emulator (target bigquery_emulator,
    the CI emulator stage) cannot run insert_overwrite's script (no DECLARE), so that target merges
    instead, and a merge needs a true row key (row_key, the model's grain as its tests state):
    merging on a date alone would match many rows per date. Every other target gets replace_key.
-#}
{% macro incremental_unique_key(replace_key, row_key) %}
    {{- return(row_key if target.name == 'bigquery_emulator' else replace_key) -}}
{% endmacro %}
