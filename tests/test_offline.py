"""Vendored assets are pinned, inlined, and pages are checked for external references."""

from __future__ import annotations

import hashlib
import re

import pytest

from scheduler.output.offline import (
    LEAFLET_VERSION,
    asset_bytes,
    asset_text,
    css_external_refs,
    find_external_refs,
    inline_css_urls,
    leaflet_head,
    visitplan_css,
    visitplan_js,
)


def _pinned_hashes() -> dict[str, str]:
    text = asset_text("VERSIONS.md")
    return {
        m.group(2): m.group(1) for m in re.finditer(r"^([0-9a-f]{64})  (\S+)$", text, re.MULTILINE)
    }


def test_versions_file_pins_every_vendored_file() -> None:
    """VERSIONS.md lists a SHA-256 for Leaflet's script, stylesheet and images."""
    pinned = _pinned_hashes()
    assert {"leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet/images/layers.png"} <= set(pinned)


@pytest.mark.parametrize("relpath", sorted(_pinned_hashes()))
def test_vendored_file_matches_its_pinned_hash(relpath: str) -> None:
    """Each vendored file is byte-identical to the pinned release."""
    assert hashlib.sha256(asset_bytes(relpath)).hexdigest() == _pinned_hashes()[relpath]


def test_vendored_leaflet_is_the_pinned_version_with_license() -> None:
    """The script says Leaflet 1.9.4 and the BSD license ships beside it."""
    assert f"Leaflet {LEAFLET_VERSION}" in asset_text("leaflet/leaflet.js")[:300]
    assert "BSD 2-Clause" in asset_text("leaflet/LICENSE")


def test_leaflet_head_inlines_images_as_data_uris() -> None:
    """Leaflet's CSS images become data: URIs; no relative or remote url() is left."""
    head = leaflet_head()
    assert "url(images/" not in head
    assert head.count("data:image/png;base64,") >= 3
    style = head[head.index("<style>") : head.index("</style>")]
    assert css_external_refs(style) == []
    assert find_external_refs(head) == []
    assert head.count("<script>") == 1 and head.count("</script>") == 1


def test_own_assets_are_inline_blocks() -> None:
    """The project's CSS and JS come as inline blocks with no external reference."""
    assert visitplan_css().startswith("<style>") and "@media print" in visitplan_css()
    assert visitplan_js().startswith("<script>") and "VP_DATA" in visitplan_js()
    assert find_external_refs(visitplan_css() + visitplan_js()) == []


def test_inline_css_urls_rejects_remote_urls() -> None:
    """A vendored stylesheet pointing at the network is refused."""
    with pytest.raises(ValueError, match="external url"):
        inline_css_urls("a { background: url(https://example.invalid/x.png) }", "leaflet")


def test_inline_css_urls_keeps_data_and_fragment_urls() -> None:
    """data: and #fragment URLs are left alone."""
    css = 'a { b: url(data:image/png;base64,AAAA); c: url("#default#VML") }'
    assert inline_css_urls(css, "leaflet") == css


@pytest.mark.parametrize(
    "markup",
    [
        '<script src="https://cdn.example.invalid/x.js"></script>',
        '<link rel="stylesheet" href="https://cdn.example.invalid/x.css">',
        "<img src=x>",
        '<a href="https://example.invalid">x</a>',
        "<style>a { background: url(https://example.invalid/a.png) }</style>",
        "<style>@import 'https://example.invalid/a.css';</style>",
        '<div style="background:url(//example.invalid/a.png)"></div>',
        "<link href=font.woff2>",
    ],
)
def test_find_external_refs_catches_outside_references(markup: str) -> None:
    """Every kind of outside reference in markup or CSS is reported."""
    assert find_external_refs(f"<html><head></head><body>{markup}</body></html>") != []


def test_find_external_refs_accepts_inline_page() -> None:
    """data: URIs, fragments and strings inside scripts are not references."""
    page = (
        '<html><head><style>a{b:url("data:image/png;base64,AA")}</style>'
        "<script>var s = '<a href=\"https://leafletjs.com\">x</a>';</script></head>"
        '<body><a href="#top">top</a><img src="data:image/png;base64,AA"></body></html>'
    )
    assert find_external_refs(page) == []
