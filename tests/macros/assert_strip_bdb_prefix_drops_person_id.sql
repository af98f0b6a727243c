-- strip_bdb_prefix() drops a leading NBA person-id digit run and nothing else (0 rows = pass)
-- runs with the staging layer that uses the macro (selected by `dbt build --select staging+`)
-- depends_on: {{ ref('stg_raw__row_accounting') }}
{% set cases = [
    ['1630552jalenjohnson', 'jalenjohnson'],
    ['2544lebronjames', 'lebronjames'],
    ['lebronjames', 'lebronjames'],
    [' 203954JoelEmbiid ', 'joelembiid'],
    ['jalenwilliams2', 'jalenwilliams2'],
    ['12345', none],
] -%}

with

cases as (
    {{ values_table(['raw_lookup', 'expected_lookup'], cases) }}
),

checked as (
    select
        raw_lookup,
        expected_lookup,
        {{ strip_bdb_prefix('raw_lookup') }} as actual_lookup
    from cases
)

select * from checked
where
    actual_lookup <> expected_lookup
    or (actual_lookup is null and expected_lookup is not null)
    or (actual_lookup is not null and expected_lookup is null)
