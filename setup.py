"""Build glue for the one thing ``pyproject.toml`` cannot say: ship the top-level ``data/``
folder (kept there by design) as the package ``scheduler.data``. Everything else about the
build is in ``pyproject.toml``; see ``docs/tooling.md``."""

from setuptools import find_namespace_packages, setup

setup(
    packages=[
        *find_namespace_packages(include=["scheduler", "scheduler.*"], exclude=["*.__pycache__"]),
        "scheduler.data",
        *(f"scheduler.data.{name}" for name in find_namespace_packages(where="data")),
    ],
    package_dir={"scheduler.data": "data"},
)
