"""``visitplan explain DIR --center ID``: why a center got its dates, in a few lines.

The rules that bind come from the plan itself; the next-best alternative and its
cost come from re-solving with the center forbidden on each of its dates
(:mod:`scheduler.analysis.why`).
"""

from __future__ import annotations

from pathlib import Path

import click

from scheduler.analysis.why import explain_center, explanation_lines
from scheduler.cli import cli
from scheduler.cli._common import EXIT_OK, lang_option


@cli.command("explain")
@click.argument("plan_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--center", required=True, help="Center id, e.g. hoehyeon.")
@click.option("--time-limit", "time_limit", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds for each re-solve that measures an alternative.")
@click.option("--no-alternatives", "no_alternatives", is_flag=True,
              help="Skip the re-solves (rules only, instant).")
@lang_option
def explain_cmd(plan_dir: Path, center: str, time_limit: float, no_alternatives: bool, lang: str) -> int:
    """Explain why a center got its dates in a saved plan.

    저장된 일정에서 센터가 그 날짜를 받은 이유를 설명합니다.
    """
    ex = explain_center(plan_dir, center, time_limit_s=time_limit, alternatives=not no_alternatives)
    for line in explanation_lines(ex, lang):
        click.echo(line)
    return EXIT_OK
