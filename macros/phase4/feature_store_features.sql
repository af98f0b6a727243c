{#- feature_store_features(): the ml_feature_store feature list, in index order (the same list as
    seeds/feature_catalog.csv; tests/phase4/assert_feature_store_catalog_matches_model.sql keeps the
    three in step). Each entry: name, group, required (must be present for is_quality_ready),
    optional (depends on an optional source: no line, no play-by-play, no injury report, first
    meeting; excluded from the quality score), fallback (has a Phase 3 fallback source whose
    values score 0.87 instead of 1). -#}
{% macro feature_store_features() %}
    {%- set f = [
        {'name': 'points_avg_last_5', 'group': 'recent_form', 'required': true, 'optional': false, 'fallback': 'recent_form_source'},
        {'name': 'points_avg_last_10', 'group': 'recent_form', 'required': true, 'optional': false, 'fallback': 'recent_form_source'},
        {'name': 'points_avg_season', 'group': 'recent_form', 'required': true, 'optional': false, 'fallback': 'recent_form_source'},
        {'name': 'points_std_last_10', 'group': 'recent_form', 'required': false, 'optional': false, 'fallback': 'recent_form_source'},
        {'name': 'points_avg_last_3', 'group': 'recent_form', 'required': false, 'optional': false, 'fallback': none},
        {'name': 'recent_trend', 'group': 'recent_form', 'required': false, 'optional': false, 'fallback': none},
        {'name': 'pts_slope_10g', 'group': 'recent_form', 'required': false, 'optional': false, 'fallback': none},
        {'name': 'pts_vs_season_zscore', 'group': 'recent_form', 'required': false, 'optional': false, 'fallback': none},
        {'name': 'minutes_avg_last_10', 'group': 'minutes_usage', 'required': true, 'optional': false, 'fallback': 'recent_form_source'},
        {'name': 'minutes_avg_season', 'group': 'minutes_usage', 'required': false, 'optional': false, 'fallback': none},
        {'name': 'minutes_change', 'group': 'minutes_usage', 'required': false, 'optional': false, 'fallback': none},
        {'name': 'minutes_volatility_last_10', 'group': 'minutes_usage', 'required': false, 'optional': false, 'fallback': none},
        {'name': 'ppm_avg_last_10', 'group': 'minutes_usage', 'required': false, 'optional': false, 'fallback': none},
        {'name': 'usage_rate_last_10', 'group': 'minutes_usage', 'required': false, 'optional': false, 'fallback': none},
        {'name': 'ts_pct_last_10', 'group': 'minutes_usage', 'required': false, 'optional': false, 'fallback': none},
        {'name': 'pct_free_throw', 'group': 'minutes_usage', 'required': false, 'optional': false, 'fallback': none},
        {'name': 'days_rest', 'group': 'fatigue_rest', 'required': false, 'optional': false, 'fallback': none},
        {'name': 'back_to_back', 'group': 'fatigue_rest', 'required': false, 'optional': false, 'fallback': none},
        {'name': 'games_in_last_7_days', 'group': 'fatigue_rest', 'required': true, 'optional': false, 'fallback': none},
        {'name': 'minutes_in_last_7_days', 'group': 'fatigue_rest', 'required': false, 'optional': false, 'fallback': none},
        {'name': 'rest_advantage', 'group': 'fatigue_rest', 'required': false, 'optional': false, 'fallback': none},
        {'name': 'fatigue_score', 'group': 'composite', 'required': true, 'optional': false, 'fallback': none},
        {'name': 'shot_zone_mismatch_score', 'group': 'composite', 'required': false, 'optional': false, 'fallback': none},
        {'name': 'pace_score', 'group': 'composite', 'required': false, 'optional': false, 'fallback': none},
        {'name': 'usage_spike_score', 'group': 'composite', 'required': false, 'optional': false, 'fallback': none},
        {'name': 'total_composite_adjustment', 'group': 'composite', 'required': false, 'optional': false, 'fallback': none},
        {'name': 'opponent_def_rating', 'group': 'opponent', 'required': true, 'optional': false, 'fallback': 'opponent_defense_source'},
        {'name': 'opponent_pace', 'group': 'opponent', 'required': true, 'optional': false, 'fallback': none},
        {'name': 'opponent_paint_defense_vs_league', 'group': 'opponent', 'required': false, 'optional': true, 'fallback': none},
        {'name': 'opponent_mid_range_defense_vs_league', 'group': 'opponent', 'required': false, 'optional': true, 'fallback': none},
        {'name': 'opponent_three_pt_defense_vs_league', 'group': 'opponent', 'required': false, 'optional': true, 'fallback': none},
        {'name': 'pct_paint', 'group': 'shot_profile', 'required': false, 'optional': true, 'fallback': none},
        {'name': 'pct_mid_range', 'group': 'shot_profile', 'required': false, 'optional': true, 'fallback': none},
        {'name': 'pct_three', 'group': 'shot_profile', 'required': false, 'optional': true, 'fallback': none},
        {'name': 'team_pace', 'group': 'team_context', 'required': true, 'optional': false, 'fallback': 'team_context_source'},
        {'name': 'team_off_rating', 'group': 'team_context', 'required': false, 'optional': false, 'fallback': none},
        {'name': 'team_win_pct', 'group': 'team_context', 'required': false, 'optional': false, 'fallback': none},
        {'name': 'home_away', 'group': 'game_context', 'required': true, 'optional': false, 'fallback': none},
        {'name': 'game_total_line', 'group': 'game_context', 'required': false, 'optional': true, 'fallback': none},
        {'name': 'game_spread', 'group': 'game_context', 'required': false, 'optional': true, 'fallback': none},
        {'name': 'implied_team_total', 'group': 'game_context', 'required': false, 'optional': true, 'fallback': none},
        {'name': 'vegas_points_line', 'group': 'vegas', 'required': false, 'optional': true, 'fallback': none},
        {'name': 'vegas_opening_line', 'group': 'vegas', 'required': false, 'optional': true, 'fallback': none},
        {'name': 'vegas_line_move', 'group': 'vegas', 'required': false, 'optional': true, 'fallback': none},
        {'name': 'has_vegas_line', 'group': 'vegas', 'required': false, 'optional': false, 'fallback': none},
        {'name': 'line_vs_season_avg', 'group': 'vegas', 'required': false, 'optional': true, 'fallback': none},
        {'name': 'avg_points_vs_opponent', 'group': 'matchup_history', 'required': false, 'optional': true, 'fallback': none},
        {'name': 'games_vs_opponent', 'group': 'matchup_history', 'required': false, 'optional': false, 'fallback': none},
        {'name': 'dnp_rate', 'group': 'availability', 'required': false, 'optional': false, 'fallback': none},
        {'name': 'injury_risk', 'group': 'availability', 'required': false, 'optional': true, 'fallback': none},
        {'name': 'is_questionable', 'group': 'availability', 'required': false, 'optional': true, 'fallback': none},
        {'name': 'star_teammates_out', 'group': 'availability', 'required': false, 'optional': true, 'fallback': none},
    ] -%}
    {{ return(f) }}
{% endmacro %}


{#- feature_store_version(): the version string of the feature list above; bump it (and the seed's
    feature_version) whenever a feature is added, removed, reordered or redefined. -#}
{% macro feature_store_version() %}
    {{- return('v1') -}}
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


{#- feature_store_source_quality(feature_expr, fallback_column): the quality of one feature value:
    0 when NULL, 0.87 when its source column says it came from the Phase 3 fallback, else 1. -#}
{% macro feature_store_source_quality(feature_expr, fallback_column=none) %}
    {%- set fallback_branch = (
        " when feature_values." ~ fallback_column ~ " = 'upcoming_player_game_context' then 0.87"
    ) if fallback_column else '' -%}
    {{- '(case when ' ~ feature_expr ~ ' is null then 0.0' ~ fallback_branch ~ ' else 1.0 end)' -}}
{% endmacro %}
