{#- Row checks of the staging layer: each check_* macro returns a fragment that is a message
    ending in '; ' when the row fails, else ''. reject_reasons() joins them into invalid_reason. -#}

{#- reject_reasons(checks): the messages of every failing check joined with '; ', or NULL when
    the row passes all of them. -#}
{% macro reject_reasons(checks) -%}
    nullif(rtrim(
        {{ checks | join("\n        || ") }},
        '; '
    ), '')
{%- endmacro %}


{#- check(condition, message_sql): message when the condition is true. A NULL condition passes, so
    write conditions that are true exactly when the row is bad. A NULL message still rejects. -#}
{% macro check(condition, message_sql) -%}
    case when {{ condition }} then coalesce({{ message_sql }}, 'invalid value') || '; ' else '' end
{%- endmacro %}


{#- check_not_null(columns): one check per column that must be present (key parts). -#}
{% macro check_not_null(columns) -%}
    {%- set parts = [] -%}
    {%- for column in ([columns] if columns is string else columns) -%}
        {%- do parts.append(nba_props.check(column ~ " is null", "'" ~ column ~ " is NULL'")) -%}
    {%- endfor -%}
    {{ parts | join("\n        || ") }}
{%- endmacro %}


{#- check_known_team(column, allow=[]): the normalised code must be one of the 30 teams of the
    nba_teams seed (NULL passes: use check_not_null for required codes); codes in allow pass. -#}
{% macro check_known_team(column, allow=[]) -%}
    {%- set condition -%}
        {{ column }} is not null
        {%- for code in allow %} and {{ column }} <> '{{ code }}'{% endfor %}
        and not {{ nba_props.is_known_team(column) }}
    {%- endset -%}
    {%- set message = "'" ~ column ~ " \"' || " ~ column ~ " || '\" is not a known team code'" -%}
    {{ nba_props.check(condition, message) }}
{%- endmacro %}


{#- check_range(columns, min_value=none, max_value=none): NULL passes; outside [min, max] fails. -#}
{% macro check_range(columns, min_value=none, max_value=none) -%}
    {%- set parts = [] -%}
    {%- for column in ([columns] if columns is string else columns) -%}
        {%- if min_value is not none -%}
            {%- do parts.append(nba_props.check(
                column ~ " < " ~ min_value,
                "'" ~ column ~ " = ' || " ~ nba_props.show_value(column) ~ " || ' is below " ~ min_value ~ "'")) -%}
        {%- endif -%}
        {%- if max_value is not none -%}
            {%- do parts.append(nba_props.check(
                column ~ " > " ~ max_value,
                "'" ~ column ~ " = ' || " ~ nba_props.show_value(column) ~ " || ' is above " ~ max_value ~ " (absurd)'")) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ parts | join("\n        || ") }}
{%- endmacro %}


{#- check_made_le_attempted(made, attempted): made must not exceed attempted. -#}
{% macro check_made_le_attempted(made, attempted) -%}
    {%- set message = "'" ~ made ~ " = ' || " ~ nba_props.show_value(made) ~ " || ' exceeds "
        ~ attempted ~ " = ' || " ~ nba_props.show_value(attempted) -%}
    {{ nba_props.check(made ~ " > " ~ attempted, message) }}
{%- endmacro %}


{#- check_points_add_up(points, fgm, tpm, ftm): 2*(FGM-3PM) + 3*3PM + FTM must equal points when
    all four are present. -#}
{% macro check_points_add_up(points, fgm, tpm, ftm) -%}
    {%- set computed = "2 * (" ~ fgm ~ " - " ~ tpm ~ ") + 3 * " ~ tpm ~ " + " ~ ftm -%}
    {%- set message = "'" ~ points ~ " = ' || " ~ nba_props.show_value(points)
        ~ " || ' does not add up: 2*(FGM-3PM)+3*3PM+FTM = ' || " ~ nba_props.show_value(computed) -%}
    {{ nba_props.check(computed ~ " <> " ~ points, message) }}
{%- endmacro %}


{#- check_player_box_stats(): the checks shared by the two player box scores (gamebook and
    live box score), on the standard stat column names. -#}
{% macro check_player_box_stats() -%}
    {%- set counting = [
        'points', 'field_goals_made', 'field_goals_attempted', 'three_pointers_made',
        'three_pointers_attempted', 'free_throws_made', 'free_throws_attempted',
        'offensive_rebounds', 'defensive_rebounds', 'total_rebounds', 'assists', 'steals',
        'blocks', 'turnovers', 'personal_fouls'
    ] -%}
    {%- set parts = [
        nba_props.check_range(counting + ['minutes_played'], min_value=0),
        nba_props.check_range('points', max_value=100),
        nba_props.check_range('minutes_played', max_value=70),
        nba_props.check_range(['field_goals_attempted', 'total_rebounds'], max_value=60),
        nba_props.check_range(['three_pointers_attempted', 'free_throws_attempted', 'offensive_rebounds',
                               'defensive_rebounds', 'assists'], max_value=40),
        nba_props.check_range(['steals', 'blocks', 'turnovers'], max_value=20),
        nba_props.check_range('personal_fouls', max_value=6),
        nba_props.check_range('plus_minus', min_value=-80, max_value=80),
        nba_props.check_made_le_attempted('field_goals_made', 'field_goals_attempted'),
        nba_props.check_made_le_attempted('three_pointers_made', 'three_pointers_attempted'),
        nba_props.check_made_le_attempted('free_throws_made', 'free_throws_attempted'),
        nba_props.check_made_le_attempted('three_pointers_made', 'field_goals_made'),
        nba_props.check_made_le_attempted('three_pointers_attempted', 'field_goals_attempted'),
        nba_props.check_points_add_up('points', 'field_goals_made', 'three_pointers_made', 'free_throws_made'),
        nba_props.check(
            'offensive_rebounds + defensive_rebounds <> total_rebounds',
            "'total_rebounds = ' || " ~ nba_props.show_value('total_rebounds')
            ~ " || ' is not offensive + defensive = ' || "
            ~ nba_props.show_value('offensive_rebounds + defensive_rebounds')),
    ] -%}
    {{ parts | join("\n        || ") }}
{%- endmacro %}


{#- check_stats_not_in_future(date_column, stat_column): a row with stats cannot describe a game
    that had not happened when it landed (game date after the UTC date of processed_at, which is
    always later than the US Eastern date). Deliberately not compared with today's date, so a
    build gives the same result whenever it runs. -#}
{% macro check_stats_not_in_future(date_column, stat_column) -%}
    {{ nba_props.check(
        stat_column ~ " is not null and " ~ date_column ~ " > cast(processed_at as date)",
        "'" ~ date_column ~ " = ' || " ~ nba_props.show_value(date_column)
        ~ " || ' is in the future (processed at ' || " ~ nba_props.show_value('processed_at')
        ~ " || ') but the row has stats'") }}
{%- endmacro %}


{#- check_american_price(column, label): an American price must be <= -100 or >= +100 (NULL passes).
    Used for values that are set to NULL rather than rejecting the row: a line with a broken price
    is still a line. -#}
{% macro check_american_price(column, label) -%}
    {{ nba_props.check(
        column ~ " > -100 and " ~ column ~ " < 100",
        "'" ~ label ~ " = ' || " ~ nba_props.show_value(column) ~ " || ' is not a valid American price (set to NULL)'") }}
{%- endmacro %}


{#- value_or_null(column, check_fragment): the column, or NULL when the check fails. -#}
{% macro value_or_null(column, check_fragment) -%}
    case when ({{ check_fragment }}) = '' then {{ column }} end
{%- endmacro %}
