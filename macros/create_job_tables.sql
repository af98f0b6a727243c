{#- create_job_tables(): on-run-start hook. Creates every source table marked
    `meta: {written_by: python_jobs}` that does not exist yet, from its declared columns, so a fresh
    warehouse builds the models that read job output before the job first ran. An existing table
    only gets the declared columns it lacks added (never dropped or retyped). Skipped during offline BigQuery compiles (no connection there). -#}
{% macro create_job_tables() %}
    {%- if not execute or env_var('DBT_OFFLINE_COMPILE', '') == '1' -%}
        {{ return('') }}
    {%- endif -%}
    {%- for source in graph.sources.values() if (source.source_meta or {}).get('written_by') == 'python_jobs'
        or (source.meta or {}).get('written_by') == 'python_jobs' -%}
        {%- set relation = api.Relation.create(
            database=source.database, schema=source.schema, identifier=source.identifier
        ) -%}
        {%- if adapter.get_relation(relation.database, relation.schema, relation.identifier) is none -%}
            {%- do adapter.create_schema(relation) -%}
            {%- set columns = [] -%}
            {%- for column in source.columns.values() -%}
                {%- do columns.append(adapter.quote(column.name) ~ ' ' ~ job_table_type(column.data_type)) -%}
            {%- endfor -%}
            {%- call statement('create_' ~ source.identifier) -%}
                create table if not exists {{ relation }} ({{ columns | join(', ') }})
            {%- endcall -%}
            {#- hooks run before dbt's own commits: make the table visible to this and later runs -#}
            {%- do adapter.commit() -%}
            {%- do adapter.cache_added(relation.incorporate(type='table')) -%}
            {{ log('created job table ' ~ relation, info=true) }}
        {%- else -%}
            {#- a table from an older release: add the declared columns it lacks (at the end), so the
                models reading it build; nothing is dropped or retyped -#}
            {%- set present = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
            {%- for column in source.columns.values() if column.name | lower not in present -%}
                {%- call statement('add_' ~ source.identifier ~ '_' ~ column.name) -%}
                    alter table {{ relation }} add column {{ adapter.quote(column.name) }} {{ job_table_type(column.data_type) }}
                {%- endcall -%}
                {%- do adapter.commit() -%}
                {{ log('added column ' ~ column.name ~ ' to job table ' ~ relation, info=true) }}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return('') }}
{% endmacro %}


{#- job_table_type(bigquery_type): a contract type (BigQuery's name) in this adapter's dialect. -#}
{% macro job_table_type(bigquery_type) %}
    {%- set t = (bigquery_type or 'string') | lower -%}
    {%- if target.type == 'bigquery' -%}
        {{- return(t | upper) -}}
    {%- endif -%}
    {%- set duckdb_types = {
        'string': 'varchar', 'int64': 'bigint', 'float64': 'double', 'bool': 'boolean',
        'date': 'date', 'timestamp': 'timestamp', 'json': 'json'
    } -%}
    {%- if t not in duckdb_types -%}
        {{ exceptions.raise_compiler_error('job_table_type: no local type for contract type ' ~ bigquery_type) }}
    {%- endif -%}
    {{- return(duckdb_types[t]) -}}
{% endmacro %}
