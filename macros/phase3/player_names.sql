{#- strip_player_suffix(lookup_expr): a player_lookup without its trailing generational suffix
    (iii, ii, iv, jr, sr, v; the longest first), for suffix-insensitive name matching of vendor
    spellings ('michaelporterjr' -> 'michaelporter', 'garypaytonii' -> 'garypayton'). Lookups are
    letters only, so a name that happens to end in one of those letters is shortened too: apply it
    to both sides of a comparison and require a unique match (int_prop_player_resolution). A
    suffix is only stripped when at least three characters remain. -#}
{% macro strip_player_suffix(lookup_expr) -%}
    case
        when {{ dbt.length(lookup_expr) }} > 5 and {{ dbt.right(lookup_expr, 3) }} = 'iii'
            then substr({{ lookup_expr }}, 1, {{ dbt.length(lookup_expr) }} - 3)
        when {{ dbt.length(lookup_expr) }} > 4 and {{ dbt.right(lookup_expr, 2) }} in ('ii', 'iv', 'jr', 'sr')
            then substr({{ lookup_expr }}, 1, {{ dbt.length(lookup_expr) }} - 2)
        when {{ dbt.length(lookup_expr) }} > 3 and {{ dbt.right(lookup_expr, 1) }} = 'v'
            then substr({{ lookup_expr }}, 1, {{ dbt.length(lookup_expr) }} - 1)
        else {{ lookup_expr }}
    end
{%- endmacro %}

{#- name_match_method_rank(method_expr): exact 1, alias 2, suffix 3, anything else (unmatched) 4;
    the lower rank wins when two vendor spellings resolve to the same player for a game. -#}
{% macro name_match_method_rank(method_expr) -%}
    case {{ method_expr }}
        when 'exact' then 1
        when 'alias' then 2
        when 'suffix' then 3
        else 4
    end
{%- endmacro %}
