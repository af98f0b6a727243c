{#- Small cross-database helpers used by the staging layer. -#}

{#- type_double(): an 8-byte float (dbt.type_float() is a 4-byte FLOAT on DuckDB). -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'nba_props')()) }}
{%- endmacro %}
{% macro default__type_double() -%}double{%- endmacro %}
{% macro bigquery__type_double() -%}float64{%- endmacro %}


{#- is_nan(expr): true for a floating NaN (a CSV "NaN" casts to one; comparisons do not catch it on BigQuery). -#}
{% macro is_nan(expr) -%}
    {{ return(adapter.dispatch('is_nan', 'nba_props')(expr)) }}
{%- endmacro %}
{% macro default__is_nan(expr) -%}isnan({{ expr }}){%- endmacro %}
{% macro bigquery__is_nan(expr) -%}is_nan({{ expr }}){%- endmacro %}


{#- clean_string(expr): cast to string, trim, '' -> NULL. -#}
{% macro clean_string(expr) -%}
    nullif(trim(cast({{ expr }} as {{ dbt.type_string() }})), '')
{%- endmacro %}


{#- lower_string(expr): clean_string + lower case (statuses, bookmaker keys, ...). -#}
{% macro lower_string(expr) -%}
    lower({{ nba_props.clean_string(expr) }})
{%- endmacro %}


{#- show_value(expr): a value as text for a human-readable message; NULL shows as NULL. -#}
{% macro show_value(expr) -%}
    coalesce(cast({{ expr }} as {{ dbt.type_string() }}), 'NULL')
{%- endmacro %}


{#- format_yyyymmdd(date_expr): DATE -> 'YYYYMMDD'. -#}
{% macro format_yyyymmdd(date_expr) -%}
    {{ return(adapter.dispatch('format_yyyymmdd', 'nba_props')(date_expr)) }}
{%- endmacro %}
{% macro default__format_yyyymmdd(date_expr) -%}
    strftime(cast({{ date_expr }} as date), '%Y%m%d')
{%- endmacro %}
{% macro bigquery__format_yyyymmdd(date_expr) -%}
    format_date('%Y%m%d', cast({{ date_expr }} as date))
{%- endmacro %}


{#- row_to_json(relation_alias): the whole row of a FROM item as JSON text. -#}
{% macro row_to_json(relation_alias) -%}
    {{ return(adapter.dispatch('row_to_json', 'nba_props')(relation_alias)) }}
{%- endmacro %}
{% macro default__row_to_json(relation_alias) -%}
    cast(to_json({{ relation_alias }}) as varchar)
{%- endmacro %}
{% macro bigquery__row_to_json(relation_alias) -%}
    to_json_string({{ relation_alias }})
{%- endmacro %}


{#- key_string(columns): 'col=value|col=value' text naming a row's key (NULL parts shown as NULL). -#}
{% macro key_string(columns) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("'" ~ column ~ "=' || " ~ nba_props.show_value(column)) -%}
    {%- endfor -%}
    {{ parts | join(" || '|' || ") }}
{%- endmacro %}


{#- row_fingerprint(columns): hash of the given columns (NULL-safe), used to tell an exact
    duplicate snapshot from a real correction. -#}
{% macro row_fingerprint(columns) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '<null>')") -%}
    {%- endfor -%}
    {{ dbt.hash(parts | join(" || '|' || ")) }}
{%- endmacro %}




{#- bookmaker_key(expr): a bookmaker display name as a lower-case key: 'DraftKings' -> 'draftkings',
    'BettingPros Consensus' -> 'bettingpros_consensus' (runs of non-alphanumerics become '_'). -#}
{% macro bookmaker_key(expr) -%}
    {{ return(adapter.dispatch('bookmaker_key', 'nba_props')(expr)) }}
{%- endmacro %}
{% macro default__bookmaker_key(expr) -%}
    nullif(trim(regexp_replace(lower(trim(cast({{ expr }} as varchar))), '[^a-z0-9]+', '_', 'g'), '_'), '')
{%- endmacro %}
{% macro bigquery__bookmaker_key(expr) -%}
    nullif(trim(regexp_replace(lower(trim(cast({{ expr }} as string))), r'[^a-z0-9]+', '_'), '_'), '')
{%- endmacro %}


{#- regexp_matches(expr, pattern): true when the string matches the (RE2) pattern anywhere;
    anchor the pattern for a full match. NULL input gives NULL. -#}
{% macro regexp_matches(expr, pattern) -%}
    {{ return(adapter.dispatch('regexp_matches', 'nba_props')(expr, pattern)) }}
{%- endmacro %}
{% macro default__regexp_matches(expr, pattern) -%}
    regexp_matches({{ expr }}, '{{ pattern }}')
{%- endmacro %}
{% macro bigquery__regexp_matches(expr, pattern) -%}
    regexp_contains({{ expr }}, r'{{ pattern }}')
{%- endmacro %}


{#- values_table(column_names, rows): an inline table of literal rows, for macro tests.
    rows is a list of lists of Python values (str, int, float, none). DuckDB uses VALUES; BigQuery
    has no VALUES clause, so it uses UNNEST over an array of STRUCTs. -#}
{% macro sql_literal(value) -%}
    {{ return(adapter.dispatch('sql_literal', 'nba_props')(value)) }}
{%- endmacro %}
{% macro default__sql_literal(value) -%}
    {%- if value is none -%}null
    {%- elif value is string -%}'{{ value | replace("'", "''") }}'
    {%- else -%}{{ value }}
    {%- endif -%}
{%- endmacro %}
{% macro bigquery__sql_literal(value) -%}
    {%- if value is none -%}null
    {%- elif value is string -%}'{{ value | replace("\\", "\\\\") | replace("'", "\\'") }}'
    {%- else -%}{{ value }}
    {%- endif -%}
{%- endmacro %}

{% macro values_table(column_names, rows) -%}
    {{ return(adapter.dispatch('values_table', 'nba_props')(column_names, rows)) }}
{%- endmacro %}
{% macro default__values_table(column_names, rows) -%}
    select * from (
        values
        {%- for row in rows %}
            ({% for value in row %}{{ nba_props.sql_literal(value) }}{% if not loop.last %}, {% endif %}{% endfor %}){% if not loop.last %},{% endif %}
        {%- endfor %}
    ) as inline_values ({{ column_names | join(', ') }})
{%- endmacro %}
{% macro bigquery__values_table(column_names, rows) -%}
    select * from unnest([
        {%- for row in rows %}
        struct({% for value in row %}{{ nba_props.sql_literal(value) }} as {{ column_names[loop.index0] }}{% if not loop.last %}, {% endif %}{% endfor %}){% if not loop.last %},{% endif %}
        {%- endfor %}
    ])
{%- endmacro %}
