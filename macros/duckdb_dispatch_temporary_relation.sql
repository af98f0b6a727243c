{#- Overrides dbt-duckdb 1.11.1's macro of the same name (root-project macros win) for Python
    models only. Its incremental materialization writes a Python model's new rows to a "temporary"
    relation that is really a table in the main schema and, since it is flagged temporary, never
    drops it: every daily run left a player_composite_factors__dbt_tmp<timestamp> table behind
    (found by python_jobs/tests/reliability/test_idempotency.py). Flagged non-temporary, it is a
    table beside the target that the materialization drops after the merge. The other branches are
    the adapter's own, unchanged (the original cannot be called once overridden). -#}
{% macro duckdb__dispatch_temporary_relation(target_relation, batch_id='') %}
    {% if adapter.is_motherduck() %}
        {% set relation = target_relation.incorporate(
            path=adapter.get_temp_relation_path(target_relation, batch_id)
        ) %}
        {% do run_query(create_schema(relation)) %}
        {% if not adapter.disable_transactions() %}
            {% do adapter.commit() %}
        {% endif %}
        {% do return({'relation': relation, 'temporary': false}) %}
    {% elif model is mapping and model.get('language') == 'python' %}
        {% do return({'relation': make_temp_relation(target_relation), 'temporary': false}) %}
    {% else %}
        {% do return({'relation': make_temp_relation(target_relation), 'temporary': true}) %}
    {% endif %}
{% endmacro %}
