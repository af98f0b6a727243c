{#-
    classify_rows(relation, key_columns, order_by, fingerprint_columns)
    The dedupe helper ("latest per key") of the staging layer. Returns a SELECT over `relation`
    (a CTE name) that adds:
      correction_rank  1 for the row kept for its key, among the usable rows of that key
      row_fingerprint  hash of fingerprint_columns (the payload, processed_at excluded)
      row_status       'used' | 'superseded' | 'duplicate' | 'invalid' | 'out_of_scope'
      reject_reason    why a row was set aside (NULL when used)
    `relation` must have the columns out_of_scope_reason and invalid_reason (NULL when fine),
    processed_at and row_key. Rows that are out of scope or invalid never compete for the key, so a
    broken late correction cannot displace a good earlier row. `order_by` decides the winner (first
    wins); the fingerprint is appended as the final tie-break, so the choice is deterministic.
    A losing row whose fingerprint equals the winner's is an exact 'duplicate'; otherwise it is
    'superseded' (a correction replaced it).
-#}
{% macro classify_rows(relation, key_columns, order_by, fingerprint_columns) -%}
    {%- set window -%}
        partition by {{ key_columns | join(', ') }}, fingerprinted.usable_flag
        order by {{ order_by }}, fingerprinted.row_fingerprint
    {%- endset -%}
    select
        ranked.*,
        case
            when ranked.out_of_scope_reason is not null then 'out_of_scope'
            when ranked.invalid_reason is not null then 'invalid'
            when ranked.correction_rank = 1 then 'used'
            when ranked.row_fingerprint = ranked.kept_row_fingerprint then 'duplicate'
            else 'superseded'
        end as row_status,
        case
            when ranked.out_of_scope_reason is not null then ranked.out_of_scope_reason
            when ranked.invalid_reason is not null then ranked.invalid_reason
            when ranked.correction_rank = 1 then null
            when ranked.row_fingerprint = ranked.kept_row_fingerprint
                then 'exact duplicate of the kept row for ' || ranked.row_key
            else 'superseded by a later correction for ' || ranked.row_key
                || ' (kept row processed at ' || {{ nba_props.show_value('ranked.kept_processed_at') }} || ')'
        end as reject_reason
    from (
        select
            fingerprinted.*,
            row_number() over ({{ window }}) as correction_rank,
            first_value(fingerprinted.row_fingerprint) over ({{ window }}) as kept_row_fingerprint,
            first_value(fingerprinted.processed_at) over ({{ window }}) as kept_processed_at
        from (
            select
                classify_input.*,
                {{ nba_props.row_fingerprint(fingerprint_columns) }} as row_fingerprint,
                case
                    when classify_input.out_of_scope_reason is null
                        and classify_input.invalid_reason is null then 1
                    else 0
                end as usable_flag
            from {{ relation }} as classify_input
        ) as fingerprinted
    ) as ranked
{%- endmacro %}


{#- raw_row_id(): a per-query surrogate for one raw row: hash of the raw JSON plus an ordinal among
    identical raw rows. Exact copies differ only in the status they were given (one is kept, the
    others are duplicates), so the ordinal follows the status: every build gives each id the same
    status. Needs the columns raw_row_json and row_status. -#}
{% macro raw_row_id() -%}
    {{ dbt.hash("raw_row_json || '#' || cast(row_number() over (partition by raw_row_json order by row_status) as " ~ dbt.type_string() ~ ")") }}
{%- endmacro %}
