#!/usr/bin/env bash
# CI packaging stage (after the tests): frozen one-folder build, .deb, install + self-test of the installed
# program, NSIS script compiled against the Linux build. Prints the time and size of each part.
source "$(dirname "${BASH_SOURCE[0]}")/../dev/common.sh"
cd "$ROOT"
apt_install "${QT_RUNTIME_PACKAGES[@]}" binutils dpkg-dev nsis desktop-file-utils

timed() {  # label, command...
  local label="$1" start=$SECONDS; shift
  "$@"
  echo "caseapp: [time] $label: $((SECONDS - start)) s"
}

START=$SECONDS
timed "frozen build (PyInstaller)" bash packaging/linux/build.sh
timed ".deb" bash packaging/linux/build-deb.sh
timed "install + checks of the .deb" bash packaging/linux/check-deb.sh
timed "NSIS compile (stand-in payload)" bash packaging/windows/compile-on-linux.sh
echo "caseapp: [size] one-folder build: $(du -sm dist/caseapp | cut -f1) MB unpacked;" \
  ".deb: $(du -m dist/caseapp_*.deb | cut -f1) MB, $(( $(dpkg-deb -f dist/caseapp_*.deb Installed-Size) / 1024 )) MB installed"
echo "caseapp: [time] packaging stage: $((SECONDS - START)) s"
