-- point in time: every input of a feature-store row comes from games strictly before its date
select
    game_date,
    player_lookup,
    latest_input_game_date
from {{ ref('ml_feature_store') }}
where latest_input_game_date >= game_date
