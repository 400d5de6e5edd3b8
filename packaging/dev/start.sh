#!/usr/bin/env bash
# Install what caseapp needs on this machine and start the GUI on the default data folder.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
apt_install "${QT_RUNTIME_PACKAGES[@]}" || true
make_venv ""
exec "$VENV/bin/caseapp" "$@"
