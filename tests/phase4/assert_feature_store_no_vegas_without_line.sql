-- Vegas features are NULL without a line (never imputed), and present with one
select
    game_date,
    player_lookup,
    has_vegas_line,
    vegas_points_line,
    vegas_opening_line,
    vegas_line_move,
    line_vs_season_avg,
    vegas_line_source
from {{ ref('ml_feature_store') }}
where
    (
        has_vegas_line = 0
        and (
            vegas_points_line is not null
            or vegas_opening_line is not null
            or vegas_line_move is not null
            or line_vs_season_avg is not null
            or vegas_line_source is not null
        )
    )
    or (has_vegas_line = 1 and vegas_points_line is null)
