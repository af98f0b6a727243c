-- the alias seed maps each raw code once, to one of the 30 teams, and never shadows a real code
-- (0 rows = pass)
with

aliases as (
    select * from {{ ref('team_abbr_aliases') }}
),

teams as (
    select * from {{ ref('nba_teams') }}
),

problems as (
    select
        raw_abbr,
        'raw_abbr mapped more than once' as problem
    from aliases
    group by raw_abbr
    having count(*) > 1
    union all
    select
        aliases.raw_abbr,
        'target is not one of the 30 teams' as problem
    from aliases
    left join teams as target_team
        on aliases.team_abbr = target_team.team_abbr
    where target_team.team_abbr is null
    union all
    select
        aliases.raw_abbr,
        'raw_abbr is itself a team code' as problem
    from aliases
    inner join teams as shadowed_team
        on aliases.raw_abbr = shadowed_team.team_abbr
)

select * from problems
