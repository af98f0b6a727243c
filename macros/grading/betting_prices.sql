{#- american_implied_probability(price): the probability an American price implies, vig included
    (-120 -> 120 / 220, +105 -> 100 / 205); NULL for a NULL price. -#}
{% macro american_implied_probability(price) -%}
    case
        when {{ price }} < 0 then -{{ price }} / (-{{ price }} + 100.0)
        when {{ price }} > 0 then 100.0 / ({{ price }} + 100.0)
    end
{%- endmacro %}


{#- american_win_units(price): the profit of a winning 1-unit stake at an American price
    (-120 -> 100 / 120, +105 -> 1.05). -#}
{% macro american_win_units(price) -%}
    case
        when {{ price }} < 0 then 100.0 / -{{ price }}
        when {{ price }} > 0 then {{ price }} / 100.0
    end
{%- endmacro %}
