{#-
    player_lookup(name_expr): the normalised player name used as the player key everywhere.
    NFKC -> Turkish dotless/dotted i -> strip diacritics -> casefold -> trailing junior/senior/jr./sr.
    suffixes -> jr/sr -> drop every non-alphanumeric. Empty results become NULL.
    "LeBron James Jr." -> lebronjamesjr, "Dāvis Bertāns" -> davisbertans.
-#}
{% macro player_lookup(name_expr) -%}
    {{ return(adapter.dispatch('player_lookup', 'nba_props')(name_expr)) }}
{%- endmacro %}

{#- DuckDB has no NFKC function: nfc_normalize + strip_accents (compatibility letters such as
    full-width forms are not folded; they are then dropped as non-alphanumerics). -#}
{% macro duckdb__player_lookup(name_expr) -%}
    nullif(
        regexp_replace(
            regexp_replace(
                regexp_replace(
                    trim(lower(strip_accents(replace(replace(replace(
                        nfc_normalize(cast({{ name_expr }} as varchar)),
                        'İ', 'i'), 'ı', 'i'), 'ß', 'ss')))),
                    '[\s,]+junior$', ' jr'
                ),
                '[\s,]+senior$', ' sr'
            ),
            '[^a-z0-9]', '', 'g'
        ),
        ''
    )
{%- endmacro %}

{% macro bigquery__player_lookup(name_expr) -%}
    {%- if target.name == 'bigquery_emulator' -%}
        {{ return(nba_props.emulator__player_lookup(name_expr)) }}
    {%- endif %}
    nullif(
        regexp_replace(
            regexp_replace(
                regexp_replace(
                    trim(normalize_and_casefold(regexp_replace(normalize(replace(replace(
                        normalize(cast({{ name_expr }} as string), NFKC),
                        'İ', 'i'), 'ı', 'i'), NFD), r'\pM', ''), NFKC)),
                    r'[\s,]+junior$', ' jr'
                ),
                r'[\s,]+senior$', ' sr'
            ),
            r'[^a-z0-9]', ''
        ),
        ''
    )
{%- endmacro %}

{#- The CI's BigQuery emulator (crucible 0.1.0a2) has no NORMALIZE / NORMALIZE_AND_CASEFOLD, so on
    the bigquery_emulator target the accents are folded with TRANSLATE over the accented Latin
    lower-case letters (Latin-1, Latin Extended-A/B), after lower(). That gives the same keys as
    the DuckDB and BigQuery versions for Latin names; the NFKC path above is compiled and parsed
    offline (make bq-compile) but only runs on real BigQuery. -#}
{% macro emulator__player_lookup(name_expr) -%}
    nullif(
        regexp_replace(
            regexp_replace(
                regexp_replace(
                    trim(translate(
                        lower(replace(replace(replace(cast({{ name_expr }} as string), 'İ', 'i'), 'ı', 'i'), 'ß', 'ss')),
                        'àáâãäåçèéêëìíîïñòóôõöùúûüýÿāăąćĉċčďēĕėęěĝğġģĥĩīĭįĵķĺļľńņňōŏőŕŗřśŝşšţťũūŭůűųŵŷźżžơưǎǐǒǔǖǘǚǜǟǡǧǩǫǭǰǵǹǻȁȃȅȇȉȋȍȏȑȓȕȗșțȟȧȩȫȭȯȱȳ',
                        'aaaaaaceeeeiiiinooooouuuuyyaaaccccdeeeeegggghiiiijklllnnnooorrrssssttuuuuuuwyzzzouaiouuuuuaagkoojgnaaaeeiioorruusthaeooooy'
                    )),
                    r'[\s,]+junior$', ' jr'
                ),
                r'[\s,]+senior$', ' sr'
            ),
            r'[^a-z0-9]', ''
        ),
        ''
    )
{%- endmacro %}

{% macro default__player_lookup(name_expr) -%}
    {{ return(nba_props.duckdb__player_lookup(name_expr)) }}
{%- endmacro %}


{#- strip_bdb_prefix(expr): BigDataBall prefixes lookups with the NBA person id since Oct 2024
    ('1630552jalenjohnson' -> 'jalenjohnson'); also lower-cases and trims. -#}
{% macro strip_bdb_prefix(expr) -%}
    {{ return(adapter.dispatch('strip_bdb_prefix', 'nba_props')(expr)) }}
{%- endmacro %}

{% macro duckdb__strip_bdb_prefix(expr) -%}
    nullif(regexp_replace(lower(trim(cast({{ expr }} as varchar))), '^[0-9]+', ''), '')
{%- endmacro %}

{% macro bigquery__strip_bdb_prefix(expr) -%}
    nullif(regexp_replace(lower(trim(cast({{ expr }} as string))), r'^[0-9]+', ''), '')
{%- endmacro %}

{% macro default__strip_bdb_prefix(expr) -%}
    {{ return(nba_props.duckdb__strip_bdb_prefix(expr)) }}
{%- endmacro %}


{#- last_first_to_first_last(expr): 'Jackson Jr., Jaren' -> 'Jaren Jackson Jr.' (injury report names);
    names without a comma are returned trimmed. -#}
{% macro last_first_to_first_last(expr) -%}
    {{ return(adapter.dispatch('last_first_to_first_last', 'nba_props')(expr)) }}
{%- endmacro %}

{% macro duckdb__last_first_to_first_last(expr) -%}
    regexp_replace(trim(cast({{ expr }} as varchar)), '^([^,]+?)\s*,\s*(.+)$', '\2 \1')
{%- endmacro %}

{% macro bigquery__last_first_to_first_last(expr) -%}
    regexp_replace(trim(cast({{ expr }} as string)), r'^([^,]+?)\s*,\s*(.+)$', r'\2 \1')
{%- endmacro %}

{% macro default__last_first_to_first_last(expr) -%}
    {{ return(nba_props.duckdb__last_first_to_first_last(expr)) }}
{%- endmacro %}
