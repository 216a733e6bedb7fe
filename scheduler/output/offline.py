"""Vendored web assets, inlined so that a generated page needs no network.

The assets live in ``scheduler/assets`` (see ``assets/VERSIONS.md``): a pinned copy
of Leaflet and this program's own map script and stylesheet. :func:`leaflet_head`
returns them as inline ``<style>``/``<script>`` blocks, with every ``url(...)`` in
the stylesheets turned into a ``data:`` URI. :func:`find_external_refs` checks a
page for anything that would still reach outside the file.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from functools import cache
from html.parser import HTMLParser
from importlib import resources
from importlib.abc import Traversable
from typing import ClassVar

LEAFLET_VERSION = "1.9.4"
MARKERCLUSTER_VERSION = "1.5.3"
_SOURCE_MAP_RE = re.compile(r"\n?//# sourceMappingURL=\S*\s*$")

_URL_RE = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.IGNORECASE)
_IMPORT_RE = re.compile(r"@import\s+(?:url\()?\s*['\"]?([^'\")\s;]+)", re.IGNORECASE)
_MIME = {".png": "image/png", ".svg": "image/svg+xml", ".woff2": "font/woff2", ".woff": "font/woff"}


def assets_root() -> Traversable:
    """The folder of vendored assets inside the installed package."""
    return resources.files("scheduler") / "assets"


def asset_bytes(relpath: str) -> bytes:
    """The bytes of one asset, e.g. ``leaflet/leaflet.js``."""
    node = assets_root()
    for part in relpath.split("/"):
        node = node / part
    return node.read_bytes()


def asset_text(relpath: str) -> str:
    """The UTF-8 text of one asset, with `\\n` line ends."""
    return asset_bytes(relpath).decode("utf-8").replace("\r\n", "\n")


def data_uri(relpath: str) -> str:
    """An asset as a ``data:`` URI (base64)."""
    suffix = "." + relpath.rsplit(".", 1)[-1].lower()
    mime = _MIME.get(suffix) or mimetypes.guess_type(relpath)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(asset_bytes(relpath)).decode('ascii')}"


def inline_css_urls(css: str, base: str) -> str:
    """Replace each relative ``url(...)`` in ``css`` by a data URI of the asset under ``base``.

    ``data:`` and fragment (``#...``) URLs are kept; an absolute URL raises ``ValueError``.
    """

    def repl(m: re.Match[str]) -> str:
        url = m.group(2).strip()
        if url.startswith(("data:", "#")):
            return m.group(0)
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", url, re.IGNORECASE):
            raise ValueError(f"external url in a vendored stylesheet: {url}")
        return f'url("{data_uri(f"{base}/{url}")}")'

    return _URL_RE.sub(repl, css)


def _script_block(js: str) -> str:
    if re.search(r"</script", js, re.IGNORECASE):
        raise ValueError("an inlined script contains '</script'")
    return f"<script>\n{js}\n</script>"


def _style_block(css: str) -> str:
    if re.search(r"</style", css, re.IGNORECASE):
        raise ValueError("an inlined stylesheet contains '</style'")
    return f"<style>\n{css}\n</style>"


@cache
def leaflet_head() -> str:
    """Leaflet's stylesheet (images inlined) and script as inline HTML blocks."""
    css = inline_css_urls(asset_text("leaflet/leaflet.css"), "leaflet")
    js = asset_text("leaflet/leaflet.js")
    return _style_block(css) + "\n" + _script_block(js)


@cache
def visitplan_css() -> str:
    """This program's map stylesheet (screen and print) as an inline block."""
    return _style_block(inline_css_urls(asset_text("visitplan/map.css"), "visitplan"))


@cache
def visitplan_js() -> str:
    """This program's map script (panel, filters, legend) as an inline block."""
    return _script_block(asset_text("visitplan/map.js"))


@cache
def markercluster_head() -> str:
    """Leaflet.markercluster's stylesheets and script as inline blocks (after Leaflet's).

    The script's trailing source-map comment names a file that is not shipped, so it is dropped.
    """
    css = "\n".join(
        inline_css_urls(asset_text(f"markercluster/{name}"), "markercluster")
        for name in ("MarkerCluster.css", "MarkerCluster.Default.css")
    )
    js = _SOURCE_MAP_RE.sub("", asset_text("markercluster/leaflet.markercluster.js"))
    return _style_block(css) + "\n" + _script_block(js)


@cache
def cluster_css() -> str:
    """This program's extra stylesheet for clustered (city-wide) maps."""
    return _style_block(inline_css_urls(asset_text("visitplan/cluster.css"), "visitplan"))


@cache
def cluster_js() -> str:
    """This program's extra script for clustered maps (district filter, clustered focus)."""
    return _script_block(asset_text("visitplan/cluster.js"))


class _RefFinder(HTMLParser):
    """Collects every attribute and CSS reference that would load or link outside."""

    _ATTRS: ClassVar[frozenset[str]] = frozenset(
        {
            "src",
            "href",
            "srcset",
            "poster",
            "data",
            "action",
            "formaction",
            "background",
            "xlink:href",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in self._ATTRS and not _is_internal(value):
                self.refs.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self.refs.extend(css_external_refs(value))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.refs.extend(css_external_refs(data))


def _is_internal(url: str) -> bool:
    url = url.strip()
    return url.startswith(("data:", "#")) or url == ""


def css_external_refs(css: str) -> list[str]:
    """``url(...)`` and ``@import`` targets in ``css`` that are not ``data:`` or ``#`` URLs."""
    out = [f"url({m.group(2)})" for m in _URL_RE.finditer(css) if not _is_internal(m.group(2))]
    out += [f"@import {m.group(1)}" for m in _IMPORT_RE.finditer(css)]
    return out


def find_external_refs(html: str) -> list[str]:
    """Every ``src``/``href``/``url(...)`` in the page's markup and styles that is not inline.

    Script bodies are code, not markup, so string literals inside them (such as
    Leaflet's own attribution link, which the page replaces at run time) are not
    counted; the browser tests check the real network traffic.
    """
    finder = _RefFinder()
    finder.feed(html)
    finder.close()
    return finder.refs
