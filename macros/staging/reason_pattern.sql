{#- reason_pattern(expr): a reject or NULL reason with its numbers replaced by N, so reasons that
    differ only in the value ("points = 120 is above 100", "points = 131 is above 100") count
    together. -#}
{% macro reason_pattern(expr) -%}
    {{ return(adapter.dispatch('reason_pattern', 'nba_props')(expr)) }}
{%- endmacro %}
{% macro default__reason_pattern(expr) -%}
    regexp_replace({{ expr }}, '-?[0-9]+([.][0-9]+)?', 'N', 'g')
{%- endmacro %}
{% macro bigquery__reason_pattern(expr) -%}
    regexp_replace({{ expr }}, r'-?[0-9]+([.][0-9]+)?', 'N')
{%- endmacro %}
