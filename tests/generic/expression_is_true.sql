{#- Fails for every row where the boolean SQL expression is not true (model-level test; use
    config.where to restrict rows). dbt_utils.expression_is_true without the package. -#}
{% test expression_is_true(model, expression) %}

select *
from {{ model }}
where not coalesce({{ expression }}, false)

{% endtest %}
