#!/usr/bin/env bash
# Install what the test suite needs (Qt runtime libraries, minisign, age, poppler) and run all tests headless.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
apt_install "${QT_RUNTIME_PACKAGES[@]}" minisign age poppler-utils zbar-tools
make_venv "[test]"
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
exec "$VENV/bin/python" -m pytest -q -p no:cacheprovider "$@"
