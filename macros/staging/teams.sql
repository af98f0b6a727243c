{#-
    normalize_team_abbr(expr): upper/trim a team code and map known variants through the
    team_abbr_aliases seed (BRK -> BKN, CHO -> CHA, PHO -> PHX, NO -> NOP, GS -> GSW, ...).
    Empty strings become NULL. Unknown codes pass through unchanged (check them with is_known_team).
    Implemented as a scalar subquery on the seed so the mapping has one home (the seed).
-#}
{% macro normalize_team_abbr(expr) -%}
    {{ return(adapter.dispatch('normalize_team_abbr', 'nba_props')(expr)) }}
{%- endmacro %}

{% macro default__normalize_team_abbr(expr) -%}
    coalesce(
        (
            -- seed columns renamed first, so an unqualified expr (e.g. team_abbr) cannot be
            -- captured by a same-named seed column inside this correlated subquery
            select max(team_alias.alias_target_code)
            from (
                select
                    upper(trim(cast(raw_abbr as {{ dbt.type_string() }}))) as alias_source_code,
                    team_abbr as alias_target_code
                from {{ ref('team_abbr_aliases') }}
            ) as team_alias
            where team_alias.alias_source_code = upper(trim(cast({{ expr }} as {{ dbt.type_string() }})))
        ),
        nullif(upper(trim(cast({{ expr }} as {{ dbt.type_string() }}))), '')
    )
{%- endmacro %}

{% macro duckdb__normalize_team_abbr(expr) -%}
    {{ return(nba_props.default__normalize_team_abbr(expr)) }}
{%- endmacro %}

{% macro bigquery__normalize_team_abbr(expr) -%}
    {{ return(nba_props.default__normalize_team_abbr(expr)) }}
{%- endmacro %}


{#- is_known_team(expr): true when the (already normalised) code is one of the 30 teams in the
    nba_teams seed; false for unknown codes and NULL. -#}
{% macro is_known_team(expr) -%}
    coalesce(
        {{ expr }} in (select known_team.team_abbr from {{ ref('nba_teams') }} as known_team),
        false
    )
{%- endmacro %}


{#- team_from_name(expr): a team full name or tricode -> tricode. Tricodes (and aliases) resolve
    through normalize_team_abbr; names resolve by their last word, which is unique among the 30
    nicknames ('Los Angeles Clippers' and 'LA Clippers' -> LAC, 'Portland Trail Blazers' -> POR).
    NULL when nothing matches. -#}
{% macro team_from_name(expr) -%}
    {{ return(adapter.dispatch('team_from_name', 'nba_props')(expr)) }}
{%- endmacro %}

{% macro default__team_from_name(expr) -%}
    coalesce(
        case
            when {{ nba_props.is_known_team(nba_props.normalize_team_abbr(expr)) }}
                then {{ nba_props.normalize_team_abbr(expr) }}
        end,
        (
            select max(team_by_name.name_team_code)
            from (
                select team_abbr as name_team_code, team_name as name_team_name
                from {{ ref('nba_teams') }}
            ) as team_by_name
            where lower(regexp_extract(team_by_name.name_team_name, '([A-Za-z0-9]+)\s*$', 1))
                = lower(regexp_extract(cast({{ expr }} as varchar), '([A-Za-z0-9]+)\s*$', 1))
        )
    )
{%- endmacro %}

{% macro bigquery__team_from_name(expr) -%}
    coalesce(
        case
            when {{ nba_props.is_known_team(nba_props.normalize_team_abbr(expr)) }}
                then {{ nba_props.normalize_team_abbr(expr) }}
        end,
        (
            select max(team_by_name.name_team_code)
            from (
                select team_abbr as name_team_code, team_name as name_team_name
                from {{ ref('nba_teams') }}
            ) as team_by_name
            where lower(regexp_extract(team_by_name.name_team_name, r'([A-Za-z0-9]+)\s*$'))
                = lower(regexp_extract(cast({{ expr }} as string), r'([A-Za-z0-9]+)\s*$'))
        )
    )
{%- endmacro %}
