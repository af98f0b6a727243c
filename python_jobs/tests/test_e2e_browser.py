"""Browser tests: the demo's dashboard, backtest report and lineage site render in headless Chromium.

Run by `make e2e` after `nba-props demo` has written them (CI runs it after `make test`).
Screenshots are kept in build/e2e/screenshots as test artifacts.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from python_jobs.paths import PROJECT_DIR

pytestmark = pytest.mark.e2e

E2E_DIR = Path(os.environ.get("NBA_PROPS_E2E_DIR", PROJECT_DIR / "build" / "e2e"))
SCREENSHOTS = E2E_DIR / "screenshots"
# Flags that keep Chromium quiet on a machine without network (no background connections).
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--virtual-time-budget=20000", "--window-size=1400,1000",
]


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        raise RuntimeError("chromium not found: install Debian's chromium package (make e2e does)")
    return path


def _render(url: str, name: str, tmp_path: Path) -> str:
    """The DOM after scripts ran, and a screenshot of the page."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base = [_chromium(), *CHROMIUM_FLAGS]
    shot = subprocess.run([*base, f"--user-data-dir={tmp_path / 'shot'}", f"--screenshot={SCREENSHOTS / name}.png",
                           url], capture_output=True, text=True, timeout=180)
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert (SCREENSHOTS / f"{name}.png").stat().st_size > 10_000, "screenshot is blank"
    dom = subprocess.run([*base, f"--user-data-dir={tmp_path / 'dom'}", "--dump-dom", url],
                         capture_output=True, text=True, timeout=180)
    assert dom.returncode == 0, dom.stderr[-2000:]
    return dom.stdout


def _artifact(name: str) -> Path:
    path = E2E_DIR / name
    if not path.exists():
        pytest.fail(f"{path} missing: run `make e2e` (it runs the demo first)")
    return path


def test_dashboard_shows_charts_and_coloured_health_tables(tmp_path: Path) -> None:
    dom = _render(_artifact("dashboard.html").as_uri(), "dashboard", tmp_path)
    charts = re.findall(r'<svg class="chart" data-chart="([^"]+)"', dom)
    assert len(charts) >= 4, charts
    # charts with data draw series or bars, not the "no data yet" placeholder
    assert dom.count('class="series"') + dom.count('class="bar"') >= 4
    assert 'data-table="prediction-coverage"' in dom
    assert re.search(r"background:#(d8f0d8|fff2c2|ffe0b8|f8d0d0)", dom), "no status colouring"


def test_backtest_report_shows_accuracy_plots(tmp_path: Path) -> None:
    dom = _render(_artifact("report.html").as_uri(), "report", tmp_path)
    for chart in ("mae-over-time", "calibration", "hit-rate-by-edge", "cumulative-units"):
        assert f'data-chart="{chart}"' in dom
    assert 'data-table="system-summary"' in dom
    assert "no data yet" not in dom.split('data-chart="mae-over-time"')[1].split("</svg>")[0]


def test_docs_site_renders_the_lineage_graph(tmp_path: Path) -> None:
    docs = _artifact("docs.html")
    dom = _render(docs.as_uri() + "#!/overview?g_v=1", "lineage", tmp_path)
    assert "Lineage Graph" in dom
    assert 'data-id="layer2-node"' in dom, "the graph canvas was not drawn"
    overview = _render(docs.as_uri() + "#!/overview", "docs-overview", tmp_path)
    assert "The phases" in overview
