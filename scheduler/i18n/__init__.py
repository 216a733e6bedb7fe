"""One message catalog for every human-readable sentence, Korean first, English too.

The engine returns codes and numbers; this package turns them into sentences for the
terminal, the map, the exports and the web page. Each area of the program keeps its
messages in its own module here (``msgs_<area>.py``, a ``MESSAGES`` dict of
``code -> (korean, english)`` templates with ``{named}`` fields); :func:`text`
looks a code up and fills in the fields. ``tests/test_i18n.py`` checks that every
code has both languages with the same fields.
"""

from scheduler.i18n.catalog import LANGS, Message, catalog, check_lang, has, templates, text

__all__ = ["LANGS", "Message", "catalog", "check_lang", "has", "templates", "text"]
