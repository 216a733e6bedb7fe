"""How visitplan is installed and started: shipped data, one version, licence, dependencies.

The non-editable install itself (a wheel in a fresh venv, one plan from an empty folder) is
run by ``scripts/check-install.sh`` in CI; these tests check the same promises on the
editable install the suite runs on.
"""

from __future__ import annotations

import ast
import importlib.metadata as md
import re
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest

import scheduler
from scheduler.app.common import default_config_path
from scheduler.district.config import load_config

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# Declared for what they install, not for an import of ours: zoneinfo reads the IANA time
# zones (Asia/Seoul for the calendar files) from tzdata where the system has none;
# starlette parses the web page's forms with python-multipart.
NOT_IMPORTED = {"tzdata", "python-multipart"}


def _shipped() -> Path:
    folder = resources.files("scheduler.data")
    assert isinstance(folder, Path), "scheduler.data is not an unpacked folder"
    return folder


def _requirement_name(req: str) -> str:
    return re.split(r"[\s\[<>=!~;]", req, maxsplit=1)[0].lower().replace("_", "-")


def _imported_top_level(folder: Path) -> set[str]:
    """Top-level modules imported anywhere in ``folder`` (function-level imports too)."""
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def _distributions_of(modules: set[str]) -> set[str]:
    by_module = md.packages_distributions()
    return {d.lower().replace("_", "-") for m in modules for d in by_module.get(m, [])}


def test_version_has_one_source() -> None:
    assert "version" not in PYPROJECT["project"]
    assert PYPROJECT["project"]["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "scheduler.__version__"
    }
    assert md.version("visitplan") == scheduler.__version__


def test_licence_is_an_spdx_expression_with_its_file() -> None:
    assert PYPROJECT["project"]["license"] == "MIT"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Permission is hereby granted, free of charge" in text


def test_the_jung_gu_data_ships_inside_the_package() -> None:
    folder = _shipped()
    cfg = load_config(folder / "jung-gu.toml")
    assert cfg.centers_path == folder / "dong_centers.csv"
    assert cfg.boundaries_path == folder / "jung_gu_dongs.geojson"
    assert cfg.centers_path.is_file() and cfg.boundaries_path.is_file()
    # The design keeps the files at the top of the repository; the package reads those.
    assert (ROOT / "data" / "dong_centers.csv").read_bytes() == cfg.centers_path.read_bytes()


def test_an_empty_folder_uses_the_shipped_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert default_config_path() == _shipped() / "jung-gu.toml"


def test_a_config_in_the_working_folder_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = tmp_path / "data" / "jung-gu.toml"
    own.parent.mkdir()
    own.write_text((_shipped() / "jung-gu.toml").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert default_config_path() == own


def test_a_plan_from_an_empty_folder_never_loads_the_pvrp_engine(tmp_path: Path) -> None:
    code = (
        "import runpy, sys\n"
        "sys.argv = ['visitplan', 'plan', '--month', '2027-01']\n"
        "try:\n"
        "    runpy.run_module('scheduler', run_name='__main__')\n"
        "except SystemExit as e:\n"
        "    status = e.code\n"
        "print('LOADED', sorted(m for m in ('pyvrp', 'highspy') if m in sys.modules))\n"
        "sys.exit(status)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "maps" / "2027-01" / "map.html").stat().st_size > 0
    assert "LOADED []" in run.stdout


def test_every_declared_dependency_is_imported() -> None:
    declared = {_requirement_name(r) for r in PYPROJECT["project"]["dependencies"]}
    pvrp = {_requirement_name(r) for r in PYPROJECT["project"]["optional-dependencies"]["pvrp"]}
    imported = _distributions_of(_imported_top_level(ROOT / "scheduler"))
    assert declared - NOT_IMPORTED - imported == set()
    assert pvrp - imported == set()


def test_every_imported_package_is_declared() -> None:
    modules = _imported_top_level(ROOT / "scheduler") - set(sys.stdlib_module_names) - {"scheduler"}
    extras = PYPROJECT["project"]["optional-dependencies"]
    declared = {_requirement_name(r) for r in PYPROJECT["project"]["dependencies"] + extras["pvrp"]}
    undeclared = {m for m in modules if not _distributions_of({m}) & declared}
    assert undeclared == set()
