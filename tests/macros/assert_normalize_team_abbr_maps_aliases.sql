-- normalize_team_abbr() upper-cases, trims and maps every alias of the seed; team_from_name()
-- resolves full names; unknown codes pass through (0 rows = pass)
-- runs with the staging layer that uses the macro (selected by `dbt build --select staging+`)
-- depends_on: {{ ref('stg_raw__row_accounting') }}
{% set cases = [
    ['BRK', 'BKN'],
    ['brk', 'BKN'],
    ['CHO', 'CHA'],
    ['PHO', 'PHX'],
    ['NO', 'NOP'],
    ['NOH', 'NOP'],
    ['GS', 'GSW'],
    ['SA', 'SAS'],
    [' ny ', 'NYK'],
    ['UTAH', 'UTA'],
    ['WSH', 'WAS'],
    ['lal', 'LAL'],
    ['BKN', 'BKN'],
    ['XYZ', 'XYZ'],
    ['', none],
] -%}
{% set name_cases = [
    ['Los Angeles Lakers', 'LAL'],
    ['LA Clippers', 'LAC'],
    ['Los Angeles Clippers', 'LAC'],
    ['Portland Trail Blazers', 'POR'],
    ['Philadelphia 76ers', 'PHI'],
    ['PHO', 'PHX'],
    ['Springfield Isotopes', none],
] -%}

with

cases as (
    {{ values_table(['raw_code', 'expected_code'], cases) }}
),

name_cases as (
    {{ values_table(['team_name', 'expected_code'], name_cases) }}
),

checked as (
    select
        raw_code as input_text,
        expected_code,
        {{ normalize_team_abbr('raw_code') }} as actual_code
    from cases
    union all
    select
        team_name as input_text,
        expected_code,
        {{ team_from_name('team_name') }} as actual_code
    from name_cases
)

select * from checked
where
    actual_code <> expected_code
    or (actual_code is null and expected_code is not null)
    or (actual_code is not null and expected_code is null)
