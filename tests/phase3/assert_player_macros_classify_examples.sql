-- dnp_reason_category, over_under_result and player_quality_tier return the hand-written expected
-- value for each example; fails per mismatching example.
with

examples as (
    {{ values_table(
        ['reason', 'expected_category', 'points', 'line', 'expected_result', 'score', 'expected_tier'],
        [
            ["DNP - Coach's Decision", 'coach_decision', 20, 19.5, 'OVER', 100, 'gold'],
            ['Injury/Illness - Left Ankle; Sprain', 'injury', 19, 19.5, 'UNDER', 95, 'gold'],
            ['Rest', 'rest', 20, 20.0, 'PUSH', 94, 'silver'],
            ['Load Management', 'rest', none, 20.5, none, 75, 'silver'],
            ['Personal Reasons', 'personal', 20, none, none, 74, 'bronze'],
            ['Not With Team', 'coach_decision', 0, 0.5, 'UNDER', 50, 'bronze'],
            ['G League - Two-Way', 'other', 31, 30.5, 'OVER', 49, 'poor'],
            ['Suspension', 'coach_decision', 5, 5.0, 'PUSH', 25, 'poor'],
            ['Injury/Illness - Right Hamstring; Strain', 'injury', 5, 4.5, 'OVER', 24, 'unusable'],
            [none, 'other', none, none, none, 0, 'unusable'],
        ]
    ) }}
),

checked as (
    select
        examples.*,
        {{ dnp_reason_category('examples.reason') }} as actual_category,
        {{ over_under_result('examples.points', 'examples.line') }} as actual_result,
        {{ player_quality_tier('examples.score') }} as actual_tier
    from examples
),

final as (
    select * from checked
    where
        actual_category != expected_category
        or coalesce(actual_result, 'NULL') != coalesce(expected_result, 'NULL')
        or actual_tier != expected_tier
)

select * from final
