-- Point in time: every context row uses only inputs from games before its game date.
select
    'upcoming_player_game_context' as model_name,
    game_date,
    player_lookup as row_key,
    latest_input_game_date
from {{ ref('upcoming_player_game_context') }}
where latest_input_game_date >= game_date

union all

select
    'upcoming_team_game_context' as model_name,
    game_date,
    team_abbr as row_key,
    latest_input_game_date
from {{ ref('upcoming_team_game_context') }}
where latest_input_game_date >= game_date
