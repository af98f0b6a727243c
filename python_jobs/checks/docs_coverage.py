"""Documentation gate for the lineage site: run after `dbt docs generate` (manifest + catalog).

Fails when a model, source, seed or exposure has no description, when a public model (a phase,
grading or monitoring model, not staging or intermediate) has a column in the warehouse that its
YAML does not describe, or when the overview page is missing.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from python_jobs.paths import PROJECT_DIR

PUBLIC_FOLDERS = ("phase3_analytics", "phase4_precompute", "phase5_predictions", "grading", "monitoring")


def target_dir() -> Path:
    path = Path(os.environ.get("DBT_TARGET_PATH", "target"))
    return path if path.is_absolute() else PROJECT_DIR / path


def is_public(node: dict) -> bool:
    fqn = node.get("fqn", [])
    return node.get("resource_type") == "model" and len(fqn) > 1 and fqn[1] in PUBLIC_FOLDERS \
        and "intermediate" not in fqn


def problems(manifest: dict, catalog: dict) -> list[str]:
    out = []
    for uid, node in manifest["nodes"].items():
        if node["resource_type"] in ("model", "seed") and not node.get("description", "").strip():
            out.append(f"{uid}: no description")
    for uid, source in manifest["sources"].items():
        if not source.get("description", "").strip():
            out.append(f"{uid}: no description")
    for uid, exposure in manifest.get("exposures", {}).items():
        if not exposure.get("description", "").strip():
            out.append(f"{uid}: no description")
    if not any(doc.get("name") == "__overview__" and doc.get("package_name") == manifest["metadata"].get("project_name")
               for doc in manifest.get("docs", {}).values()):
        out.append("no __overview__ doc block in the project")
    for uid, node in manifest["nodes"].items():
        if not is_public(node):
            continue
        catalog_node = catalog.get("nodes", {}).get(uid)
        if catalog_node is None:
            out.append(f"{uid}: not in the catalog (was it built before docs generate?)")
            continue
        documented = {name.lower(): col.get("description", "").strip() for name, col in node["columns"].items()}
        for column in catalog_node["columns"]:
            if not documented.get(column.lower()):
                out.append(f"{uid}: column {column} is not described")
    return out


def main() -> int:
    target = target_dir()
    try:
        manifest = json.loads((target / "manifest.json").read_text())
        catalog = json.loads((target / "catalog.json").read_text())
    except FileNotFoundError as exc:
        print(f"docs check: {exc.filename} missing: run `nba-props docs` first", file=sys.stderr)
        return 2
    found = problems(manifest, catalog)
    for line in found:
        print(f"  {line}", file=sys.stderr)
    public = sum(1 for n in manifest["nodes"].values() if is_public(n))
    if found:
        print(f"docs check: {len(found)} problem(s)", file=sys.stderr)
        return 1
    print(f"docs check: every model, source, seed and exposure described; {public} public models describe "
          "every column")
    return 0


if __name__ == "__main__":
    sys.exit(main())
