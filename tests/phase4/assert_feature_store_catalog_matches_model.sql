{#- The feature list exists three times: the seed feature_catalog (documentation), the macro
    feature_store_features() (what the model builds) and the model's columns. Fails on any
    difference in index, name, source or version, and when feature_count differs from the catalog. -#}
{%- set features = feature_store_features() -%}
{%- set model_columns = [] -%}
{%- if execute and env_var('DBT_OFFLINE_COMPILE', '') != '1' -%}
    {%- for column in adapter.get_columns_in_relation(ref('ml_feature_store')) -%}
        {%- do model_columns.append(column.name | lower) -%}
    {%- endfor -%}
{%- endif -%}

with

catalog as (
    select
        feature_index,
        feature_name,
        source_model,
        feature_version
    from {{ ref('feature_catalog') }}
),

macro_features as (
    {% for feature in features -%}
        select
            {{ loop.index0 }} as feature_index,
            '{{ feature.name }}' as feature_name,
            '{{ feature.source }}' as source_model,
            '{{ feature_store_version() }}' as feature_version
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

model_columns as (
    {% for column_name in model_columns -%}
        select '{{ column_name }}' as column_name
        {% if not loop.last %}union all{% endif %}
    {% else -%}
        select cast(null as {{ dbt.type_string() }}) as column_name
        from catalog
        where false
    {% endfor %}
),

model_feature_counts as (
    select distinct feature_count
    from {{ ref('ml_feature_store') }}
),

problems as (
    select
        coalesce(catalog.feature_index, macro_features.feature_index) as feature_index,
        'catalog and feature_store_features() differ' as problem
    from catalog
    full outer join macro_features
        on catalog.feature_index = macro_features.feature_index
    where
        catalog.feature_index is null
        or macro_features.feature_index is null
        or catalog.feature_name != macro_features.feature_name
        or catalog.source_model != macro_features.source_model
        or catalog.feature_version != macro_features.feature_version
    union all
    select
        catalog.feature_index,
        'catalog feature is not a column of ml_feature_store' as problem
    from catalog
    left join model_columns
        on catalog.feature_name = model_columns.column_name
    where model_columns.column_name is null
    union all
    select
        -1 as feature_index,
        'feature_count differs from the catalog' as problem
    from model_feature_counts
    where model_feature_counts.feature_count != (select count(*) from catalog)
)

select * from problems
