{#- Fails for every combination of the given columns that occurs more than once (the grain test
    for compound keys; dbt_utils.unique_combination_of_columns without the package). -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

with

grouped as (
    select
        {{ combination_of_columns | join(', ') }},
        count(*) as n_rows
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}
)

select * from grouped
where n_rows > 1

{% endtest %}
