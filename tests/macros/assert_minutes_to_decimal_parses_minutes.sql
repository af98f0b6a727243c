-- minutes_to_decimal() parses MM:SS, team minutes, ISO durations and decimals; '', 'DNP', NULL and
-- garbage give NULL (0 rows = pass)
-- runs with the staging layer that uses the macro (selected by `dbt build --select staging+`)
-- depends_on: {{ ref('stg_raw__row_accounting') }}
{% set cases = [
    ['35:30', 35.5],
    ['9:06', 9.1],
    [' 00:45 ', 0.75],
    ['240:00', 240.0],
    ['265:00', 265.0],
    ['PT34M12.00S', 34.2],
    ['34', 34.0],
    ['12.5', 12.5],
    ['', none],
    ['DNP', none],
    ['dnp', none],
    [none, none],
    ['abc', none],
    ['12:75', none],
    ['xx:yy', none],
    ['-5:00', none],
] -%}

with

cases as (
    {{ values_table(['minutes_text', 'expected_minutes'], cases) }}
),

checked as (
    select
        minutes_text,
        expected_minutes,
        {{ minutes_to_decimal('minutes_text') }} as actual_minutes
    from cases
)

select * from checked
where
    abs(actual_minutes - expected_minutes) > 0.000001
    or (actual_minutes is null and expected_minutes is not null)
    or (actual_minutes is not null and expected_minutes is null)
