{#- Every feature's quality and source columns agree with its value: a missing value has quality 0
    and no source; a present one has quality 100 from its primary source or 87 from the Phase 3
    fallback, and the source says which. -#}
{%- set features = feature_store_features() -%}

with

feature_store as (
    select * from {{ ref('ml_feature_store') }}
),

problems as (
    {% for feature in features -%}
        select
            feature_store.game_date,
            feature_store.player_lookup,
            '{{ feature.name }}' as feature_name
        from feature_store
        where
            not coalesce(
                (
                    feature_store.{{ feature.name }} is null
                    and feature_store.{{ feature.name }}_quality = 0
                    and feature_store.{{ feature.name }}_source is null
                )
                or (
                    feature_store.{{ feature.name }} is not null
                    and feature_store.{{ feature.name }}_quality = 100
                    and feature_store.{{ feature.name }}_source = '{{ feature.source }}'
                )
                {%- if feature.fallback %}
                    or (
                        feature_store.{{ feature.name }} is not null
                        and feature_store.{{ feature.name }}_quality = 87
                        and feature_store.{{ feature.name }}_source = 'upcoming_player_game_context'
                    )
                {%- endif %},
                false
            )
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select * from problems
