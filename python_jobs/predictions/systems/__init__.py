"""The prediction systems, one module each, sharing the interface in ``base``."""

from __future__ import annotations

from python_jobs.predictions.systems.base import PredictionSystem
from python_jobs.predictions.systems.ensemble import Ensemble
from python_jobs.predictions.systems.gbm import GradientBoosted
from python_jobs.predictions.systems.moving_average import MovingAverage
from python_jobs.predictions.systems.similarity import Similarity
from python_jobs.predictions.systems.zone_matchup import ZoneMatchup

# every system, in run order: the ensemble combines the others, so it comes last
SYSTEMS: dict[str, type[PredictionSystem]] = {
    cls.system_id: cls for cls in (MovingAverage, ZoneMatchup, Similarity, GradientBoosted, Ensemble)
}
BASE_SYSTEMS: tuple[str, ...] = tuple(s for s in SYSTEMS if s != Ensemble.system_id)


def get(system_id: str) -> PredictionSystem:
    try:
        return SYSTEMS[system_id]()
    except KeyError:
        raise ValueError(f"unknown system {system_id!r}; systems: {', '.join(SYSTEMS)}") from None
