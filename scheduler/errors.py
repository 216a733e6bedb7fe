"""One exception hierarchy for the whole program.

Only :mod:`scheduler.cli` turns these into messages and exit codes:

====================  =========
exception             exit code
====================  =========
``DataError``         2  (bad input file, option or config)
``OutputError``       2  (an output folder that must not be overwritten)
``InfeasibleError``   3  (no plan exists, or none was found in time)
``Interrupted``       130
``InternalError``     70 (a bug, e.g. the solver and the validator disagree)
====================  =========
"""

from __future__ import annotations

from dataclasses import dataclass, field


class SchedulerError(Exception):
    """Base class of every error this program raises on purpose."""

    exit_code = 1


@dataclass
class Location:
    """Where in an input a bad value sits: file, row (1-based data row), column, value."""

    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: object = None


class DataError(SchedulerError):
    """Bad input: a file, a config entry or a command-line option.

    ``message`` says what is wrong, ``hint`` what to do; ``file``, ``row``,
    ``column`` and ``value`` locate it (row = line number in the file, header = 1).
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        hint: str | None = None,
        code: str | None = None,
        params: dict[str, object] | None = None,
        hint_code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        # Catalog codes (scheduler.i18n) for the message and the hint; ``message`` and
        # ``hint`` stay the English text for logs and for callers without a catalog.
        self.code = code
        self.params = dict(params or {})
        self.hint_code = hint_code
        self.file = file
        self.row = row
        self.column = column
        self.value = value
        self.hint = hint

    def __str__(self) -> str:  # one line, as the CLI prints it
        where = []
        if self.file:
            where.append(str(self.file))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        head = ", ".join(where)
        text = f"{head}: {self.message}" if head else self.message
        if self.value is not None and self.value != "":
            text += f" (value: {self.value!r})"
        elif self.value == "":
            text += " (value: empty)"
        if self.hint:
            text += f". Hint: {self.hint}"
        return text


class OutputError(SchedulerError):
    """An output location that cannot or must not be written."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        code: str | None = None,
        params: dict[str, object] | None = None,
        hint_code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.code = code
        self.params = dict(params or {})
        self.hint_code = hint_code

    def __str__(self) -> str:
        return f"{self.message}. Hint: {self.hint}" if self.hint else self.message


@dataclass
class Conflict:
    """One reason a problem has no plan, in the planner's terms (both languages)."""

    rule: str
    message_ko: str
    message_en: str
    remedy_ko: str = ""
    remedy_en: str = ""
    numbers: dict[str, object] = field(default_factory=dict)


class InfeasibleError(SchedulerError):
    """No plan satisfies the rules (proven), or none was found within the time limit."""

    exit_code = 3

    def __init__(self, conflicts: list[Conflict], *, proven: bool = True) -> None:
        self.conflicts = conflicts
        self.proven = proven
        super().__init__("; ".join(c.message_en for c in conflicts))

    def message(self, lang: str = "ko") -> str:
        lines = []
        for c in self.conflicts:
            msg = c.message_ko if lang == "ko" else c.message_en
            remedy = c.remedy_ko if lang == "ko" else c.remedy_en
            lines.append(f"{msg} {remedy}".strip())
        return "\n".join(lines)


class Interrupted(SchedulerError):
    """The user pressed Ctrl-C."""

    exit_code = 130


class InternalError(SchedulerError):
    """A bug, not bad input: e.g. the solver returned a plan the validator rejects."""

    exit_code = 70
