{#- Phase 3 player formulas, written once (player_game_summary, int_player_prop_lines; grading
    reuses over_under_result). Documented in macros/phase3/player_macros.yml. -#}


{#- player_bookmaker_priority(bookmaker_key): draftkings 1, fanduel 2, bettingpros_consensus 99,
    any other book 50 (order ties alphabetically by the key afterwards). -#}
{% macro player_bookmaker_priority(bookmaker_key) -%}
    case lower({{ bookmaker_key }})
        when 'draftkings' then 1
        when 'fanduel' then 2
        when 'bettingpros_consensus' then 99
        when 'bettingpros consensus' then 99
        else 50
    end
{%- endmacro %}


{#- dnp_reason_category(expr): keyword match on the lower-cased DNP reason, first hit wins:
    injury → rest → personal → coach_decision → 'other' (also for a NULL reason). The caller
    decides when the column applies (NULL for active players). -#}
{% macro dnp_reason_category(expr) -%}
    {%- set categories = [
        ('injury', ['injury', 'illness', 'sprain', 'strain', 'sore', 'pain', 'surgery', 'concussion',
                    'knee', 'ankle', 'back', 'hamstring', 'shoulder', 'hip', 'foot', 'calf', 'quad',
                    'groin', 'wrist', 'elbow']),
        ('rest', ['rest', 'load management', 'recovery', 'maintenance', 'precautionary']),
        ('personal', ['personal', 'family', 'birth', 'funeral', 'bereavement']),
        ('coach_decision', ['coach', 'decision', 'not with team', 'suspension', 'team decision',
                            'disciplinary']),
    ] -%}
    case
        {%- for category, keywords in categories %}
        when
            {%- for keyword in keywords %}
            {% if not loop.first %}or {% endif %}lower(coalesce({{ expr }}, '')) like '%{{ keyword }}%'
            {%- endfor %}
            then '{{ category }}'
        {%- endfor %}
        else 'other'
    end
{%- endmacro %}


{#- over_under_result(points, line): 'OVER' when points > line, 'UNDER' when points < line,
    'PUSH' when equal; NULL when either side is NULL (pass NULL points for a DNP). -#}
{% macro over_under_result(points, line) -%}
    case
        when {{ points }} is null or {{ line }} is null then null
        when {{ points }} > {{ line }} then 'OVER'
        when {{ points }} < {{ line }} then 'UNDER'
        else 'PUSH'
    end
{%- endmacro %}


{#- player_quality_tier(score): gold >= 95, silver >= 75, bronze >= 50, poor >= 25, else unusable. -#}
{% macro player_quality_tier(score) -%}
    case
        when {{ score }} >= 95 then 'gold'
        when {{ score }} >= 75 then 'silver'
        when {{ score }} >= 50 then 'bronze'
        when {{ score }} >= 25 then 'poor'
        else 'unusable'
    end
{%- endmacro %}
