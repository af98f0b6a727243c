{#-
    minutes_to_decimal(expr): a minutes string as decimal minutes (double).
    Accepted: 'MM:SS' / 'M:SS' / 'MMM:SS' (team minutes '265:00'), the NBA live API duration
    'PT34M12.00S', and plain decimal minutes ('34', '34.5').
    '', 'DNP' (any case), NULL and anything unparseable -> NULL.
-#}
{% macro minutes_to_decimal(expr) -%}
    {{ return(adapter.dispatch('minutes_to_decimal', 'nba_props')(expr)) }}
{%- endmacro %}

{% macro duckdb__minutes_to_decimal(expr) -%}
    case
        when regexp_full_match(trim(cast({{ expr }} as varchar)), '\d{1,3}:[0-5]\d')
            then cast(regexp_extract(trim(cast({{ expr }} as varchar)), '^(\d+):', 1) as double)
            + cast(regexp_extract(trim(cast({{ expr }} as varchar)), ':(\d+)$', 1) as double) / 60.0
        when regexp_full_match(upper(trim(cast({{ expr }} as varchar))), 'PT\d{1,3}M\d{1,2}(\.\d+)?S')
            then cast(regexp_extract(upper(trim(cast({{ expr }} as varchar))), '^PT(\d+)M', 1) as double)
            + cast(regexp_extract(upper(trim(cast({{ expr }} as varchar))), 'M([0-9.]+)S$', 1) as double) / 60.0
        when regexp_full_match(trim(cast({{ expr }} as varchar)), '\d{1,3}(\.\d+)?')
            then cast(trim(cast({{ expr }} as varchar)) as double)
    end
{%- endmacro %}

{% macro bigquery__minutes_to_decimal(expr) -%}
    case
        when regexp_contains(trim(cast({{ expr }} as string)), r'^\d{1,3}:[0-5]\d$')
            then cast(regexp_extract(trim(cast({{ expr }} as string)), r'^(\d+):') as float64)
            + cast(regexp_extract(trim(cast({{ expr }} as string)), r':(\d+)$') as float64) / 60.0
        when regexp_contains(upper(trim(cast({{ expr }} as string))), r'^PT\d{1,3}M\d{1,2}(?:\.\d+)?S$')
            then cast(regexp_extract(upper(trim(cast({{ expr }} as string))), r'^PT(\d+)M') as float64)
            + cast(regexp_extract(upper(trim(cast({{ expr }} as string))), r'M([0-9.]+)S$') as float64) / 60.0
        when regexp_contains(trim(cast({{ expr }} as string)), r'^\d{1,3}(?:\.\d+)?$')
            then cast(trim(cast({{ expr }} as string)) as float64)
    end
{%- endmacro %}

{% macro default__minutes_to_decimal(expr) -%}
    {{ return(nba_props.duckdb__minutes_to_decimal(expr)) }}
{%- endmacro %}
