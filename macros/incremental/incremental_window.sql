{#-
    The date window an incremental run recomputes, as constant literals (BigQuery prunes
    partitions only on constant filters; DuckDB does not care).

    - Backfill: --vars '{backfill_start: 2025-01-01, backfill_end: 2025-01-31}' recomputes exactly
      that range (backfill_end optional).
    - Daily: from max(<column>) already in the table minus var('lookback_days') (default 3), so
      late corrections inside the lookback land.
    - extra_days widens the start for reads that need history before the window (rolling features).
    - Offline BigQuery compile (DBT_OFFLINE_COMPILE=1) never queries: it uses var('offline_max_date').

    Returns (start_date, end_date_or_none) as ISO strings.
-#}
{% macro incremental_window(column, extra_days=0) %}
    {%- set lookback = var('lookback_days', 3) | int -%}
    {%- set start_var = var('backfill_start', none) -%}
    {%- set end_var = var('backfill_end', none) -%}
    {%- if start_var -%}
        {%- set start = modules.datetime.date.fromisoformat(start_var | string) -%}
    {%- else -%}
        {%- set max_date = none -%}
        {%- if env_var('DBT_OFFLINE_COMPILE', '') == '1' -%}
            {%- set max_date = modules.datetime.date.fromisoformat(var('offline_max_date', '2025-01-15')) -%}
        {%- elif execute -%}
            {%- set res = run_query('select max(' ~ column ~ ') from ' ~ this) -%}
            {%- set max_date = res.columns[0].values()[0] -%}
        {%- endif -%}
        {%- if max_date is none -%}
            {{ return((none, end_var | string if end_var else none)) }}
        {%- endif -%}
        {%- if max_date is string -%}
            {%- set max_date = modules.datetime.date.fromisoformat(max_date[:10]) -%}
        {%- endif -%}
        {%- set start = max_date - modules.datetime.timedelta(days=lookback) -%}
    {%- endif -%}
    {%- set start = start - modules.datetime.timedelta(days=extra_days | int) -%}
    {{ return((start.isoformat(), (end_var | string) if end_var else none)) }}
{% endmacro %}


{#- A SQL predicate for incremental_window(): `<column> >= date '...' [and <column> <= date '...']`,
    or `true` when the table is empty. -#}
{% macro incremental_predicate(column, extra_days=0, window_column=none) %}
    {%- set window = incremental_window(window_column or column, extra_days) -%}
    {%- set parts = [] -%}
    {%- if window[0] -%}{%- do parts.append(column ~ " >= date '" ~ window[0] ~ "'") -%}{%- endif -%}
    {%- if window[1] -%}{%- do parts.append(column ~ " <= date '" ~ window[1] ~ "'") -%}{%- endif -%}
    {{- parts | join(' and ') if parts else 'true' -}}
{% endmacro %}
