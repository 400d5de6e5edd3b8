#!/usr/bin/env bash
# CI stand-in for the Windows installer: compile packaging/windows/caseapp.nsi with Debian's makensis against
# the Linux one-folder build (dist/caseapp), so a broken script fails CI. The result is not a working Windows
# installer (the payload is Linux code); the real one is built on Windows (docs/windows.md,
# .github/workflows/windows.yml). Then check that makensis does reject a broken copy of the script.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
command -v makensis >/dev/null || { echo "caseapp: makensis missing (apt-get install nsis)" >&2; exit 1; }
[ -x dist/caseapp/caseapp-cli ] || { echo "caseapp: dist/caseapp missing, run packaging/linux/build.sh first" >&2; exit 1; }
VERSION="$(dist/caseapp/caseapp-cli --version | awk '{print $2}')"
OUT="$ROOT/build/nsis"
mkdir -p "$OUT"
ICON_DEF=()
[ -f build/icons/caseapp.ico ] && ICON_DEF=(-DICON="$ROOT/build/icons/caseapp.ico")

nsis() {  # script, output file
  makensis -V2 -DFAST -DVERSION="$VERSION" -DPAYLOAD="$ROOT/dist/caseapp" -DOUTFILE="$2" "${ICON_DEF[@]}" "$1"
}

nsis packaging/windows/caseapp.nsi "$OUT/caseapp-$VERSION-setup.exe"
echo "caseapp: makensis compiled packaging/windows/caseapp.nsi ($(du -h "$OUT/caseapp-$VERSION-setup.exe" | cut -f1), uncompressed stand-in)"
rm -f "$OUT/caseapp-$VERSION-setup.exe"

# A script with an unknown instruction must not compile (guards against a makensis that accepts anything).
sed 's/^  WriteUninstaller /  WriteUninstallr /' packaging/windows/caseapp.nsi > "$OUT/broken.nsi"
if nsis "$OUT/broken.nsi" "$OUT/broken.exe" >"$OUT/broken.log" 2>&1; then
  echo "caseapp: makensis accepted a broken script" >&2; exit 1
fi
echo "caseapp: makensis rejects a broken copy: $(grep -m1 -i 'invalid command' "$OUT/broken.log" || tail -n1 "$OUT/broken.log")"
rm -f "$OUT/broken.nsi" "$OUT/broken.exe"
