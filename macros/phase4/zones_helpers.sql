{#- Helpers of the Phase 4 zone models (team_defense_zone_analysis, player_shot_zone_analysis).
    Documented in models/phase4_precompute/_phase4_precompute__zones.yml. -#}


{#- zones_days_into_season(season_start_expr, date_expr): whole days from the season's first
    scheduled game to the analysis date (0 on opening night). -#}
{% macro zones_days_into_season(season_start_expr, date_expr) -%}
    {{ dbt.datediff(season_start_expr, date_expr, 'day') }}
{%- endmacro %}


{#- zones_min_games_required(days_expr, base, cap, full, ramp_days=21): the minimum-games ramp.
    While days_into_season <= ramp_days the minimum is least(base + floor(days / 3), cap);
    afterwards it is full. Shot zones: (3, 9, 10); team defence: (5, 14, 15). -#}
{% macro zones_min_games_required(days_expr, base, cap, full, ramp_days=21) -%}
    case
        when {{ days_expr }} <= {{ ramp_days }}
            then least({{ base }} + cast(floor({{ days_expr }} / 3.0) as {{ dbt.type_int() }}), {{ cap }})
        else {{ full }}
    end
{%- endmacro %}


{#- zones_ratio(numerator, denominator): numerator / denominator as a double, NULL when the
    denominator is 0 or NULL (safe_divide without BigQuery). -#}
{% macro zones_ratio(numerator, denominator) -%}
    cast({{ numerator }} as {{ type_double() }}) / nullif(cast({{ denominator }} as {{ type_double() }}), 0)
{%- endmacro %}
