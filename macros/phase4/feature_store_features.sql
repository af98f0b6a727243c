{#- feature_store_features(): the ml_feature_store feature list, in index order (the same list as
    seeds/feature_catalog.csv; tests/phase4/assert_feature_store_catalog_matches_model.sql keeps the
    three in step). Each entry: name, group, required (must be present for is_quality_ready),
    optional (depends on an optional source: no line, no play-by-play, no injury report, first
    meeting; excluded from the quality score), fallback (the row column naming the source when a
    Phase 3 fallback can stand in; such values score 0.87 instead of 1), source (the primary source,
    as in the catalog). -#}
{% macro feature_store_features() %}
    {%- set f = [
        {'name': 'points_avg_last_5', 'group': 'recent_form', 'required': true, 'optional': false, 'fallback': 'recent_form_source', 'source': 'player_daily_cache'},
        {'name': 'points_avg_last_10', 'group': 'recent_form', 'required': true, 'optional': false, 'fallback': 'recent_form_source', 'source': 'player_daily_cache'},
        {'name': 'points_avg_season', 'group': 'recent_form', 'required': true, 'optional': false, 'fallback': 'recent_form_source', 'source': 'player_daily_cache'},
        {'name': 'points_std_last_10', 'group': 'recent_form', 'required': false, 'optional': false, 'fallback': 'recent_form_source', 'source': 'player_daily_cache'},
        {'name': 'points_avg_last_3', 'group': 'recent_form', 'required': false, 'optional': false, 'fallback': none, 'source': 'player_game_summary'},
        {'name': 'recent_trend', 'group': 'recent_form', 'required': false, 'optional': false, 'fallback': none, 'source': 'player_game_summary'},
        {'name': 'pts_slope_10g', 'group': 'recent_form', 'required': false, 'optional': false, 'fallback': none, 'source': 'player_game_summary'},
        {'name': 'pts_vs_season_zscore', 'group': 'recent_form', 'required': false, 'optional': false, 'fallback': none, 'source': 'calculated'},
        {'name': 'minutes_avg_last_10', 'group': 'minutes_usage', 'required': true, 'optional': false, 'fallback': 'recent_form_source', 'source': 'player_daily_cache'},
        {'name': 'minutes_avg_season', 'group': 'minutes_usage', 'required': false, 'optional': false, 'fallback': none, 'source': 'player_game_summary'},
        {'name': 'minutes_change', 'group': 'minutes_usage', 'required': false, 'optional': false, 'fallback': none, 'source': 'player_game_summary'},
        {'name': 'minutes_volatility_last_10', 'group': 'minutes_usage', 'required': false, 'optional': false, 'fallback': none, 'source': 'player_game_summary'},
        {'name': 'ppm_avg_last_10', 'group': 'minutes_usage', 'required': false, 'optional': false, 'fallback': none, 'source': 'player_game_summary'},
        {'name': 'usage_rate_last_10', 'group': 'minutes_usage', 'required': false, 'optional': false, 'fallback': none, 'source': 'player_daily_cache'},
        {'name': 'ts_pct_last_10', 'group': 'minutes_usage', 'required': false, 'optional': false, 'fallback': none, 'source': 'player_daily_cache'},
        {'name': 'pct_free_throw', 'group': 'minutes_usage', 'required': false, 'optional': false, 'fallback': none, 'source': 'player_game_summary'},
        {'name': 'days_rest', 'group': 'fatigue_rest', 'required': false, 'optional': false, 'fallback': none, 'source': 'upcoming_player_game_context'},
        {'name': 'back_to_back', 'group': 'fatigue_rest', 'required': false, 'optional': false, 'fallback': none, 'source': 'upcoming_player_game_context'},
        {'name': 'games_in_last_7_days', 'group': 'fatigue_rest', 'required': true, 'optional': false, 'fallback': none, 'source': 'upcoming_player_game_context'},
        {'name': 'minutes_in_last_7_days', 'group': 'fatigue_rest', 'required': false, 'optional': false, 'fallback': none, 'source': 'upcoming_player_game_context'},
        {'name': 'rest_advantage', 'group': 'fatigue_rest', 'required': false, 'optional': false, 'fallback': none, 'source': 'upcoming_player_game_context'},
        {'name': 'fatigue_score', 'group': 'composite', 'required': true, 'optional': false, 'fallback': none, 'source': 'player_composite_factors'},
        {'name': 'shot_zone_mismatch_score', 'group': 'composite', 'required': false, 'optional': false, 'fallback': none, 'source': 'player_composite_factors'},
        {'name': 'pace_score', 'group': 'composite', 'required': false, 'optional': false, 'fallback': none, 'source': 'player_composite_factors'},
        {'name': 'usage_spike_score', 'group': 'composite', 'required': false, 'optional': false, 'fallback': none, 'source': 'player_composite_factors'},
        {'name': 'total_composite_adjustment', 'group': 'composite', 'required': false, 'optional': false, 'fallback': none, 'source': 'player_composite_factors'},
        {'name': 'opponent_def_rating', 'group': 'opponent', 'required': true, 'optional': false, 'fallback': 'opponent_defense_source', 'source': 'team_defense_zone_analysis'},
        {'name': 'opponent_pace', 'group': 'opponent', 'required': true, 'optional': false, 'fallback': none, 'source': 'upcoming_player_game_context'},
        {'name': 'opponent_paint_defense_vs_league', 'group': 'opponent', 'required': false, 'optional': true, 'fallback': none, 'source': 'team_defense_zone_analysis'},
        {'name': 'opponent_mid_range_defense_vs_league', 'group': 'opponent', 'required': false, 'optional': true, 'fallback': none, 'source': 'team_defense_zone_analysis'},
        {'name': 'opponent_three_pt_defense_vs_league', 'group': 'opponent', 'required': false, 'optional': true, 'fallback': none, 'source': 'team_defense_zone_analysis'},
        {'name': 'pct_paint', 'group': 'shot_profile', 'required': false, 'optional': true, 'fallback': none, 'source': 'player_shot_zone_analysis'},
        {'name': 'pct_mid_range', 'group': 'shot_profile', 'required': false, 'optional': true, 'fallback': none, 'source': 'player_shot_zone_analysis'},
        {'name': 'pct_three', 'group': 'shot_profile', 'required': false, 'optional': true, 'fallback': none, 'source': 'player_shot_zone_analysis'},
        {'name': 'team_pace', 'group': 'team_context', 'required': true, 'optional': false, 'fallback': 'team_context_source', 'source': 'player_daily_cache'},
        {'name': 'team_off_rating', 'group': 'team_context', 'required': false, 'optional': false, 'fallback': none, 'source': 'player_daily_cache'},
        {'name': 'team_win_pct', 'group': 'team_context', 'required': false, 'optional': false, 'fallback': none, 'source': 'team_offense_game_summary'},
        {'name': 'home_away', 'group': 'game_context', 'required': true, 'optional': false, 'fallback': none, 'source': 'upcoming_player_game_context'},
        {'name': 'game_total_line', 'group': 'game_context', 'required': false, 'optional': true, 'fallback': none, 'source': 'upcoming_player_game_context'},
        {'name': 'game_spread', 'group': 'game_context', 'required': false, 'optional': true, 'fallback': none, 'source': 'upcoming_player_game_context'},
        {'name': 'implied_team_total', 'group': 'game_context', 'required': false, 'optional': true, 'fallback': none, 'source': 'calculated'},
        {'name': 'vegas_points_line', 'group': 'vegas', 'required': false, 'optional': true, 'fallback': none, 'source': 'upcoming_player_game_context'},
        {'name': 'vegas_opening_line', 'group': 'vegas', 'required': false, 'optional': true, 'fallback': none, 'source': 'upcoming_player_game_context'},
        {'name': 'vegas_line_move', 'group': 'vegas', 'required': false, 'optional': true, 'fallback': none, 'source': 'upcoming_player_game_context'},
        {'name': 'has_vegas_line', 'group': 'vegas', 'required': false, 'optional': false, 'fallback': none, 'source': 'upcoming_player_game_context'},
        {'name': 'line_vs_season_avg', 'group': 'vegas', 'required': false, 'optional': true, 'fallback': none, 'source': 'calculated'},
        {'name': 'avg_points_vs_opponent', 'group': 'matchup_history', 'required': false, 'optional': true, 'fallback': none, 'source': 'player_game_summary'},
        {'name': 'games_vs_opponent', 'group': 'matchup_history', 'required': false, 'optional': false, 'fallback': none, 'source': 'player_game_summary'},
        {'name': 'dnp_rate', 'group': 'availability', 'required': false, 'optional': false, 'fallback': none, 'source': 'player_game_summary'},
        {'name': 'injury_risk', 'group': 'availability', 'required': false, 'optional': true, 'fallback': none, 'source': 'upcoming_player_game_context'},
        {'name': 'is_questionable', 'group': 'availability', 'required': false, 'optional': true, 'fallback': none, 'source': 'upcoming_player_game_context'},
        {'name': 'star_teammates_out', 'group': 'availability', 'required': false, 'optional': true, 'fallback': none, 'source': 'upcoming_player_game_context'},
        {'name': 'market_line_median', 'group': 'market', 'required': false, 'optional': true, 'fallback': none, 'source': 'int_player_prop_market'},
        {'name': 'market_books', 'group': 'market', 'required': false, 'optional': true, 'fallback': none, 'source': 'int_player_prop_market'},
        {'name': 'market_line_range', 'group': 'market', 'required': false, 'optional': true, 'fallback': none, 'source': 'int_player_prop_market'},
        {'name': 'market_price_skew', 'group': 'market', 'required': false, 'optional': true, 'fallback': none, 'source': 'int_player_prop_market'},
        {'name': 'market_fair_line', 'group': 'market', 'required': false, 'optional': true, 'fallback': none, 'source': 'calculated'},
    ] -%}
    {{ return(f) }}
{% endmacro %}


{#- feature_store_version(): the version string of the feature list above; bump it (and the seed's
    feature_version) whenever a feature is added, removed, reordered or redefined. -#}
{% macro feature_store_version() %}
    {{- return('v2') -}}
{% endmacro %}


{#- feature_store_double(expr): a feature value as the contract's float type (FLOAT64 / DOUBLE). -#}
{% macro feature_store_double(expr) %}
    {{- 'cast(' ~ expr ~ ' as ' ~ type_double() ~ ')' -}}
{% endmacro %}


{#- feature_store_clamp(expr, low, high): expr limited to [low, high], NULL stays NULL (DuckDB's
    least/greatest skip NULLs while BigQuery's return NULL, so they are not used for this). -#}
{% macro feature_store_clamp(expr, low, high) %}
    {{- 'case when (' ~ expr ~ ') is null then null when (' ~ expr ~ ') < ' ~ low ~ ' then ' ~ low
        ~ ' when (' ~ expr ~ ') > ' ~ high ~ ' then ' ~ high ~ ' else (' ~ expr ~ ') end' -}}
{% endmacro %}


{#- feature_store_value_source(feature, alias): the source one feature value came from: the
    fallback column's value when it names the Phase 3 fallback, else the feature's primary source;
    NULL when the value is missing. -#}
{% macro feature_store_value_source(feature, alias) %}
    {%- set value = alias ~ '.' ~ feature.name -%}
    {%- if feature.fallback -%}
        {{- "case when " ~ value ~ " is null then null when " ~ alias ~ "." ~ feature.fallback
            ~ " = 'upcoming_player_game_context' then 'upcoming_player_game_context' else '"
            ~ feature.source ~ "' end" -}}
    {%- else -%}
        {{- "case when " ~ value ~ " is null then null else '" ~ feature.source ~ "' end" -}}
    {%- endif -%}
{% endmacro %}


{#- feature_store_source_quality(feature_expr, fallback_column): the quality of one feature value:
    0 when NULL, 0.87 when its source column says it came from the Phase 3 fallback, else 1. -#}
{% macro feature_store_source_quality(feature_expr, fallback_column=none, alias='feature_values') %}
    {%- set fallback_branch = (
        " when " ~ alias ~ "." ~ fallback_column ~ " = 'upcoming_player_game_context' then 0.87"
    ) if fallback_column else '' -%}
    {{- '(case when ' ~ feature_expr ~ ' is null then 0.0' ~ fallback_branch ~ ' else 1.0 end)' -}}
{% endmacro %}
