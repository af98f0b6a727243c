-- player_lookup() must normalise every tricky name exactly as production does (0 rows = pass)
-- runs with the staging layer that uses the macro (selected by `dbt build --select staging+`)
-- depends_on: {{ ref('stg_raw__row_accounting') }}
{% set cases = [
    ['LeBron James Jr.', 'lebronjamesjr'],
    ['Dāvis Bertāns', 'davisbertans'],
    ['Nikola Jokić', 'nikolajokic'],
    ['Luka Dončić', 'lukadoncic'],
    ['Alperen Şengün', 'alperensengun'],
    ['İsmail Yıldız', 'ismailyildiz'],
    ['Dennis Schröder', 'dennisschroder'],
    ['Kristaps Porziņģis', 'kristapsporzingis'],
    ['Théo Maledon', 'theomaledon'],
    ["D'Angelo Russell", 'dangelorussell'],
    ['Karl-Anthony Towns', 'karlanthonytowns'],
    ['  P.J. Washington  ', 'pjwashington'],
    ['Gary Trent Jr', 'garytrentjr'],
    ['Larry Nance, Jr.', 'larrynancejr'],
    ['Tim Hardaway Junior', 'timhardawayjr'],
    ['Glenn Robinson Senior', 'glennrobinsonsr'],
    ['Gary Payton Sr.', 'garypaytonsr'],
    ['Marvin Bagley III', 'marvinbagleyiii'],
    ['OG ANUNOBY', 'oganunoby'],
    ['Nicolas Claxton_', 'nicolasclaxton'],
    ['Junior Bridgeman', 'juniorbridgeman'],
    ['---', none],
    ['', none],
] -%}

with

cases as (
    {{ values_table(['player_name', 'expected_lookup'], cases) }}
),

checked as (
    select
        player_name,
        expected_lookup,
        {{ player_lookup('player_name') }} as actual_lookup
    from cases
)

select * from checked
where
    actual_lookup <> expected_lookup
    or (actual_lookup is null and expected_lookup is not null)
    or (actual_lookup is not null and expected_lookup is null)
