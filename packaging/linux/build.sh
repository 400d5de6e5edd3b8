#!/usr/bin/env bash
# Build the one-folder frozen program: dist/caseapp/{caseapp,caseapp-cli,_internal/}.
# Installs what the build needs (binutils, Qt runtime libraries, the venv with the "package" extra).
# CASEAPP_BUILD_PYTHON=/path/to/python uses an existing environment instead of the project's venv.
source "$(dirname "${BASH_SOURCE[0]}")/../dev/common.sh"
cd "$ROOT"

if [ -n "${CASEAPP_BUILD_PYTHON:-}" ]; then
  PY="$CASEAPP_BUILD_PYTHON"
else
  apt_install "${QT_RUNTIME_PACKAGES[@]}" binutils
  make_venv "[package]"
  PY="$VENV/bin/python"
fi
"$PY" -c "import PyInstaller" 2>/dev/null || { echo "caseapp: PyInstaller missing (pip install -e '.[package]')" >&2; exit 1; }

rm -rf dist/caseapp
mkdir -p build/icons
"$PY" packaging/icons/render_icons.py build/icons
# CPU-heavy: leave the machine usable for others.
nice -n 10 "$PY" -m PyInstaller --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/pyinstaller/caseapp.spec

for exe in caseapp caseapp-cli; do
  [ -x "dist/caseapp/$exe" ] || { echo "caseapp: dist/caseapp/$exe was not built" >&2; exit 1; }
done
echo "caseapp: built dist/caseapp ($(du -sh dist/caseapp | cut -f1) unpacked)"
