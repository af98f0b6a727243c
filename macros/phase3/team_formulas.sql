{#- Phase 3 team formulas, written once (team offence, team defence and the shot-zone model). -#}

{#- team_shot_zone(distance, subtype): 'paint' (<= 8 ft), 'three' ('3pt' subtype or >= 23.75 ft),
    else 'mid_range'; NULL when the distance is NULL. -#}
{% macro team_shot_zone(distance, subtype) -%}
    case
        when {{ distance }} is null then null
        when {{ distance }} <= 8.0 then 'paint'
        when lower(coalesce({{ subtype }}, '')) like '%3pt%' or {{ distance }} >= 23.75 then 'three'
        else 'mid_range'
    end
{%- endmacro %}

{#- team_possessions(fga, fta, tov, oreb): FGA + 0.44·FTA + TOV − OREB (double). -#}
{% macro team_possessions(fga, fta, tov, oreb) -%}
    (cast({{ fga }} as {{ type_double() }}) + 0.44 * {{ fta }} + {{ tov }} - {{ oreb }})
{%- endmacro %}

{#- team_rating(points, possessions): 100·points/possessions, NULL when possessions is 0. -#}
{% macro team_rating(points, possessions) -%}
    (100.0 * {{ points }} / nullif({{ possessions }}, 0))
{%- endmacro %}

{#- team_pace(possessions, team_minutes): possessions·48/(team_minutes/5), overtime-normalised
    (team_minutes are player-minutes: 240 in regulation, +25 per overtime). -#}
{% macro team_pace(possessions, team_minutes) -%}
    ({{ possessions }} * 48.0 / nullif({{ team_minutes }} / 5.0, 0))
{%- endmacro %}

{#- team_ts_pct(points, fga, fta): points/(2·(FGA + 0.44·FTA)), NULL when the denominator is 0. -#}
{% macro team_ts_pct(points, fga, fta) -%}
    ({{ points }} / nullif(2.0 * ({{ fga }} + 0.44 * {{ fta }}), 0))
{%- endmacro %}

{#- team_overtime_periods(team_minutes): greatest(0, round((team_minutes − 240)/25)). -#}
{% macro team_overtime_periods(team_minutes) -%}
    cast(greatest(0, round(({{ team_minutes }} - 240.0) / 25.0)) as {{ dbt.type_int() }})
{%- endmacro %}

{#- team_nominal_minutes(team_minutes): 240 + 25 per overtime period. Real box scores sum rounded
    player minutes (237-244 in regulation), so pace divides by the nominal length instead. -#}
{% macro team_nominal_minutes(team_minutes) -%}
    (240.0 + 25.0 * {{ team_overtime_periods(team_minutes) }})
{%- endmacro %}

{#- team_minutes_complete(team_minutes): the player-minutes of a team add up to a whole game, 240 +
    25 per overtime, within 8 player-minutes of rounding (NULL minutes are not complete). -#}
{% macro team_minutes_complete(team_minutes) -%}
    coalesce(
        {{ team_minutes }} >= 232.0
        and abs({{ team_minutes }} - {{ team_nominal_minutes(team_minutes) }}) <= 8.0,
        false
    )
{%- endmacro %}
