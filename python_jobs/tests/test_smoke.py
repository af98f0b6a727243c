"""Smoke tests (production ran 38 before every deploy): everything imports, every verb answers --help."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest

import python_jobs
from python_jobs import cli

pytestmark = pytest.mark.smoke


def _all_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(python_jobs.__path__, prefix="python_jobs."):
        if ".tests" in info.name or info.name == "python_jobs.__main__":
            continue
        names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("module_name", _all_modules())
def test_module_imports(module_name: str) -> None:
    importlib.import_module(module_name)


@pytest.mark.parametrize("verb", sorted(cli.VERBS))
def test_verb_help(verb: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main([verb, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert f"nba-props {verb}" in out


def test_every_verb_module_has_the_interface() -> None:
    for verb, module_name in cli.VERBS.items():
        module = importlib.import_module(module_name)
        for attr in ("HELP", "add_arguments", "run"):
            assert hasattr(module, attr), f"{module_name} (verb {verb}) lacks {attr}"


def test_module_entry_point_runs() -> None:
    proc = subprocess.run([sys.executable, "-m", "python_jobs", "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    for verb in cli.VERBS:
        assert verb in proc.stdout


def test_unknown_verb_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["no-such-verb"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
