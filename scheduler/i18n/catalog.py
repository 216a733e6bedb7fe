"""The lookup behind :func:`scheduler.i18n.text`; built once, read-only after that."""

from __future__ import annotations

import importlib
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

LANGS = ("ko", "en")

# Every area module; add yours here (one module per area keeps helpers out of each
# other's way and makes a message easy to find).
AREAS = (
    "cli",
    "app",
    "web",
    "common",
    "demand",
    "output",
    "solver",
    "input",
)


@dataclass(frozen=True)
class Message:
    """One catalog entry: a code and its Korean and English templates."""

    code: str
    ko: str
    en: str

    def fields(self, lang: str) -> frozenset[str]:
        """The ``{named}`` fields of the template in ``lang``."""
        tmpl = self.ko if lang == "ko" else self.en
        return frozenset(f for _, f, _, _ in string.Formatter().parse(tmpl) if f)


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise ``ValueError``."""
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; use one of {', '.join(LANGS)}")
    return lang


@cache
def catalog() -> Mapping[str, Message]:
    """Every message of every area, by code (a code defined twice is a bug)."""
    out: dict[str, Message] = {}
    for area in AREAS:
        module = importlib.import_module(f"scheduler.i18n.msgs_{area}")
        for code, (ko, en) in module.MESSAGES.items():
            if code in out:
                raise RuntimeError(f"message code {code!r} defined twice (area {area!r})")
            out[code] = Message(code, ko, en)
    return MappingProxyType(out)


def has(code: str) -> bool:
    """Whether ``code`` is in the catalog."""
    return code in catalog()


def text(code: str, lang: str = "ko", /, **params: object) -> str:
    """The sentence for ``code`` in ``lang`` with ``params`` filled in.

    Raises ``KeyError`` for an unknown code: a missing sentence is a bug to see, not
    to paper over with an English fallback.
    """
    msg = catalog()[code]
    tmpl = msg.ko if check_lang(lang) == "ko" else msg.en
    return tmpl.format(**params)


def templates(prefix: str, lang: str = "ko") -> dict[str, str]:
    """Every template under ``prefix.`` in ``lang``, keyed by the rest of its code, in
    catalog order (for writers that fill their fields themselves, e.g. a label table)."""
    head = prefix + "."
    check_lang(lang)
    return {
        code[len(head) :]: (m.ko if lang == "ko" else m.en)
        for code, m in catalog().items()
        if code.startswith(head)
    }
