"""Which models each phase has, read from the dbt manifest (so "no models yet" is detectable)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from python_jobs import dbt


@dataclass(frozen=True)
class ModelInfo:
    name: str
    unique_id: str
    relation_name: str | None
    tags: frozenset[str]
    materialized: str | None = None


@dataclass(frozen=True)
class ProjectModels:
    models: dict[str, ModelInfo]  # unique_id -> model

    def tagged(self, tag: str) -> dict[str, ModelInfo]:
        """name -> model, for every enabled model carrying the tag."""
        return {m.name: m for m in self.models.values() if tag in m.tags}

    def by_unique_id(self, unique_id: str) -> ModelInfo | None:
        return self.models.get(unique_id)


def from_manifest(manifest) -> ProjectModels:
    models = {}
    for uid, node in manifest.nodes.items():
        if str(getattr(node.resource_type, "value", node.resource_type)) != "model":
            continue
        models[uid] = ModelInfo(node.name, uid, getattr(node, "relation_name", None), frozenset(node.tags or ()),
                                getattr(node.config, "materialized", None))
    return ProjectModels(models)


def load(db: str | os.PathLike[str] | None, target_path: str | os.PathLike[str] | None = None) -> ProjectModels:
    """Parse the project (partial parsing makes this ~1 s) and list its models."""
    res = dbt.invoke(["--quiet", "parse"], db=db, target_path=target_path)
    if res.exception is not None or res.result is None:
        raise RuntimeError(f"dbt parse failed: {type(res.exception).__name__}: {res.exception}")
    return from_manifest(res.result)
