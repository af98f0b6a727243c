{#- Helpers of the Phase 3 context models (upcoming_*_game_context, int_game_lines,
    int_injury_status). Documented in macros/phase3/context_macros.yml. -#}


{#- context_median_over(expr, partition_by): the exact median of expr over a window, as an analytic
    expression (BigQuery's PERCENTILE_CONT is analytic-only; DuckDB has median() as a window
    aggregate). Collapse the window afterwards (group by + max) to get one row per partition. -#}
{% macro context_median_over(expr, partition_by) -%}
    {{ return(adapter.dispatch('context_median_over', 'nba_props')(expr, partition_by)) }}
{%- endmacro %}
{% macro default__context_median_over(expr, partition_by) -%}
    median(cast({{ expr }} as {{ nba_props.type_double() }})) over (partition by {{ partition_by | join(', ') }})
{%- endmacro %}
{% macro bigquery__context_median_over(expr, partition_by) -%}
    percentile_cont(cast({{ expr }} as float64), 0.5) over (partition by {{ partition_by | join(', ') }})
{%- endmacro %}


{#- context_eastern_to_utc(date_expr, hour_expr): a US-Eastern wall-clock date + hour (injury
    report_date / report_hour) as a UTC timestamp (naive on DuckDB, TIMESTAMP on BigQuery), daylight
    saving time included. -#}
{% macro context_eastern_to_utc(date_expr, hour_expr) -%}
    {{ return(adapter.dispatch('context_eastern_to_utc', 'nba_props')(date_expr, hour_expr)) }}
{%- endmacro %}
{% macro default__context_eastern_to_utc(date_expr, hour_expr) -%}
    timezone(
        'UTC',
        timezone('America/New_York', cast({{ date_expr }} as date) + make_time(cast({{ hour_expr }} as bigint), 0, 0))
    )
{%- endmacro %}
{% macro bigquery__context_eastern_to_utc(date_expr, hour_expr) -%}
    timestamp(
        datetime(cast({{ date_expr }} as date), time(cast({{ hour_expr }} as int64), 0, 0)),
        'America/New_York'
    )
{%- endmacro %}


{#- context_great_circle_miles(lat1, lon1, lat2, lon2): haversine distance in statute miles
    (earth radius 3958.8 mi); plain trigonometry, the same SQL on both adapters. -#}
{% macro context_great_circle_miles(lat1, lon1, lat2, lon2) -%}
    {%- set rad = '* 3.141592653589793 / 180.0' -%}
    2 * 3958.8 * asin(sqrt(
        power(sin(({{ lat2 }} - {{ lat1 }}) {{ rad }} / 2), 2)
        + cos({{ lat1 }} {{ rad }}) * cos({{ lat2 }} {{ rad }})
        * power(sin(({{ lon2 }} - {{ lon1 }}) {{ rad }} / 2), 2)
    ))
{%- endmacro %}


{#- context_sample_quality(n_expr, target): 'excellent' when n = target, 'good' >= 70 %,
    'limited' >= 50 %, else 'insufficient' (production's l5/l10 sample quality). -#}
{% macro context_sample_quality(n_expr, target) -%}
    case
        when {{ n_expr }} >= {{ target }} then 'excellent'
        when {{ n_expr }} >= {{ target }} * 0.7 then 'good'
        when {{ n_expr }} >= {{ target }} * 0.5 then 'limited'
        else 'insufficient'
    end
{%- endmacro %}


{#- context_horizon(games_alias): which games the upcoming-context models describe: every final
    game, plus the games of the next slate — from the first game not yet final up to
    var('context_days_ahead', 1) days after it (today's and tomorrow's slates). The horizon comes
    from the data, not the clock, so a rebuild gives the same rows whenever it runs, and games
    months ahead (whose rosters, lines and injuries are not known yet) get no row. -#}
{% macro context_horizon(games_alias) -%}
    ({{ games_alias }}.is_final
        or {{ games_alias }}.game_date <= {{ dbt.dateadd(
            'day', var('context_days_ahead', 1),
            '(select min(next_games.game_date) from ' ~ ref('int_games') ~ ' as next_games where not next_games.is_final)'
        ) }})
{%- endmacro %}
