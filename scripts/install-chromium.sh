#!/usr/bin/env bash
# Install Debian's Chromium (and a Korean font for screenshots) for the browser tests
# (tests/test_browser.py). Does nothing when both are already there. Needs root or sudo.
# The tests drive this browser with the `playwright` pip package; never run `playwright install`.
set -euo pipefail

packages=()
if [ ! -x /usr/bin/chromium ]; then
    packages+=(chromium)
fi
if ! { command -v fc-list >/dev/null && fc-list :lang=ko | grep -q .; }; then
    packages+=(fonts-noto-cjk)
fi
# pdftotext, pdffonts and pdfinfo read the generated PDFs in tests/test_pdf.py.
if ! command -v pdftotext >/dev/null || ! command -v pdffonts >/dev/null; then
    packages+=(poppler-utils)
fi

if [ ${#packages[@]} -eq 0 ]; then
    echo "chromium, a Korean font and poppler-utils are already installed"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${packages[@]}"
/usr/bin/chromium --version
