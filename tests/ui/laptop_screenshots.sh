#!/bin/sh
# Regenerate the full-screen pictures in docs/img/ on a 1366x768 screen with a window manager:
#   tests/ui/laptop_screenshots.sh            (100 %)
#   tests/ui/laptop_screenshots.sh --scale    (125 %: QT_SCALE_FACTOR=1.25, files named *-125.png)
# Needs: apt-get install -y xvfb openbox
set -eu
cd "$(dirname "$0")/../.."
PYTHON="${PYTHON:-python}"
DISPLAY_NUMBER="${DISPLAY_NUMBER:-:97}"
Xvfb "$DISPLAY_NUMBER" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
trap 'kill "$wm_pid" "$xvfb_pid" 2>/dev/null || true' EXIT
sleep 1
DISPLAY="$DISPLAY_NUMBER" openbox >/dev/null 2>&1 &
wm_pid=$!
sleep 1
export DISPLAY="$DISPLAY_NUMBER" QT_QPA_PLATFORM=xcb PYTHONPATH="$PWD/src:$PWD"
if [ "${1:-}" = "--scale" ]; then
    QT_SCALE_FACTOR=1.25 "$PYTHON" -m tests.ui.laptop_screenshots --scale
else
    "$PYTHON" -m tests.ui.laptop_screenshots
fi
