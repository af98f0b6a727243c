{#- Overrides dbt-duckdb 1.11.1's macro of the same name for Python models only. Its incremental
    materialization writes a Python model's new rows to a "temporary" relation that is really a
    table in the main schema and, since it is flagged temporary, never drops it: every daily run
    left a player_composite_factors__dbt_tmp<timestamp> table behind (found by
    python_jobs/tests/reliability/test_idempotency.py). Flagged non-temporary, the relation is a
    table beside the target that the materialization drops after the merge. SQL models keep the
    adapter's behaviour. -#}
{% macro duckdb__dispatch_temporary_relation(target_relation, batch_id='') %}
    {%- if model is mapping and model.get('language') == 'python' and not adapter.is_motherduck() -%}
        {% do return({'relation': make_temp_relation(target_relation), 'temporary': false}) %}
    {%- endif -%}
    {% do return(dbt_duckdb.duckdb__dispatch_temporary_relation(target_relation, batch_id)) %}
{% endmacro %}
