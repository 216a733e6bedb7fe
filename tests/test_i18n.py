"""The message catalog: every code in both languages with the same fields."""

import pytest

from scheduler.i18n import LANGS, catalog, text


def test_every_message_has_both_languages_with_the_same_fields() -> None:
    """A sentence missing in one language, or with other fields, is a bug."""
    for msg in catalog().values():
        assert msg.ko.strip() and msg.en.strip(), msg.code
        assert msg.fields("ko") == msg.fields("en"), msg.code


def test_text_fills_fields_and_refuses_unknown_codes() -> None:
    """Known codes give filled sentences; unknown codes and languages raise."""
    assert text("error.hint", "ko", hint="x") == "도움말: x"
    assert text("error.hint", "en", hint="x") == "Hint: x"
    with pytest.raises(KeyError):
        text("no.such.code", "ko")
    with pytest.raises(ValueError, match=r"unsupported language 'fr'; use one of ko, en"):
        text("error.hint", "fr", hint="x")
    assert LANGS == ("ko", "en")
