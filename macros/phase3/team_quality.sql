{#-
    team_quality_columns(base_score, issues): quality_score, quality_tier and quality_issues of the
    Phase 3 team tables.
    - base_score: SQL expression, the source score (team box 100, reconstructed from players 85).
    - issues: list of [condition_sql, issue_name, penalty]; each true condition subtracts its penalty
      and adds its name to quality_issues ('; '-joined text, NULL when there is no issue; text rather
      than an array so that both adapters agree).
    Tier from the score: >= 95 gold, >= 75 silver, >= 50 bronze, >= 25 poor, else unusable.
-#}
{% macro team_quality_columns(base_score, issues) -%}
    {%- set penalties = [] -%}
    {%- set names = [] -%}
    {%- for issue in issues -%}
        {%- do penalties.append("case when " ~ issue[0] ~ " then " ~ issue[2] ~ " else 0 end") -%}
        {%- do names.append("coalesce(case when " ~ issue[0] ~ " then '" ~ issue[1] ~ "; ' end, '')") -%}
    {%- endfor -%}
    {%- set score -%}
        greatest(0, ({{ base_score }}) - {{ penalties | join(' - ') if penalties else '0' }})
    {%- endset -%}
    {%- set issue_text = names | join(' || ') if names else "''" -%}
    cast({{ score }} as {{ dbt.type_int() }}) as quality_score,
    {{ team_quality_tier(score) }} as quality_tier,
    case
        when ({{ issue_text }}) = '' then null
        else substr(({{ issue_text }}), 1, length(({{ issue_text }})) - 2)
    end as quality_issues
{%- endmacro %}

{#- team_quality_tier(score): the tier of a 0-100 quality score. -#}
{% macro team_quality_tier(score) -%}
    case
        when ({{ score }}) >= 95 then 'gold'
        when ({{ score }}) >= 75 then 'silver'
        when ({{ score }}) >= 50 then 'bronze'
        when ({{ score }}) >= 25 then 'poor'
        else 'unusable'
    end
{%- endmacro %}
