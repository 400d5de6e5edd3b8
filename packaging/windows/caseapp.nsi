; caseapp installer for Windows 10/11 (NSIS 3.08 or newer, Unicode).
;
; Compile (see docs/windows.md):
;   makensis /DVERSION=0.1.0 /DPAYLOAD=..\..\dist\caseapp /DOUTFILE=..\..\dist\caseapp-0.1.0-setup.exe caseapp.nsi
; Optional:
;   /DICON=path\caseapp.ico                  installer and uninstaller icon
;   /DSIGN_CMD="signtool sign /sha1 <thumbprint> /fd sha256 /tr http://timestamp.digicert.com /td sha256"
;                                            signs the installer and the uninstaller ("%1" is appended)
;   /DFAST                                   no compression (CI on Linux compiles against the Linux build)
;
; Installs per user (%LOCALAPPDATA%\Programs\caseapp, no administrator needed) or, for an administrator who
; chooses "all users", per machine (%ProgramFiles%\caseapp). Command line: /S (silent), /CurrentUser, /AllUsers.
; The office data live elsewhere (%LOCALAPPDATA%\UPTD-PPA\caseapp, per Windows user) and are never touched:
; the uninstaller removes only the files this installer wrote.

Unicode true
ManifestDPIAware true
RequestExecutionLevel user  ; MultiUser raises it when "all users" is chosen

!ifndef VERSION
  !error "VERSION is not defined (makensis /DVERSION=x.y.z ...)"
!endif
!ifndef PAYLOAD
  !error "PAYLOAD is not defined: the one-folder build, e.g. /DPAYLOAD=..\..\dist\caseapp"
!endif
!ifndef OUTFILE
  !define OUTFILE "caseapp-${VERSION}-setup.exe"
!endif

!define APP "caseapp"
!define PUBLISHER "UPTD PPA"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\caseapp"
!define DATA_FOLDER_HINT "%LOCALAPPDATA%\UPTD-PPA\caseapp"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
BrandingText "${APP} ${VERSION}"

!ifdef FAST
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

!ifdef SIGN_CMD
  !finalize '${SIGN_CMD} "%1"'
  !uninstfinalize '${SIGN_CMD} "%1"'
!endif

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP} installer"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}"

; -- per-user or per-machine ----------------------------------------------------------------------
!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_INSTALLMODE_INSTDIR "${APP}"
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallMode"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallLocation"
!include MultiUser.nsh
!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh

!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\caseapp.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "Indonesian"
!insertmacro MUI_LANGUAGE "English"

LangString DataKept ${LANG_INDONESIAN} "Data kantor di ${DATA_FOLDER_HINT} tidak dihapus."
LangString DataKept ${LANG_ENGLISH} "The office data in ${DATA_FOLDER_HINT} are not removed."
LangString NotHere ${LANG_INDONESIAN} "Folder ini berisi data kantor caseapp. Pilih folder lain untuk program."
LangString NotHere ${LANG_ENGLISH} "This folder holds caseapp office data. Choose another folder for the program."
!define SELFTEST_LINK "Uji mandiri caseapp"  ; one name in every language, so the uninstaller finds it

; A folder holding office data (key file or database) is never an installation folder.
!macro REFUSE_DATA_FOLDER DIR
  ${If} ${FileExists} "${DIR}\caseapp.keys"
  ${OrIf} ${FileExists} "${DIR}\caseapp.db"
    MessageBox MB_ICONSTOP "$(NotHere)" /SD IDOK
    Abort
  ${EndIf}
!macroend

Function .onInit
  !insertmacro MULTIUSER_INIT
FunctionEnd

Function .onVerifyInstDir
  ${If} ${FileExists} "$INSTDIR\caseapp.keys"
  ${OrIf} ${FileExists} "$INSTDIR\caseapp.db"
    Abort
  ${EndIf}
FunctionEnd

Function un.onInit
  !insertmacro MULTIUSER_UNINIT
FunctionEnd

Section "caseapp" SecMain
  SectionIn RO
  !insertmacro REFUSE_DATA_FOLDER "$INSTDIR"
  SetOutPath "$INSTDIR"
  ; An update replaces the program folder's libraries as a whole (no stale files from the old version).
  RMDir /r "$INSTDIR\_internal"
  File /r "${PAYLOAD}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APP}"
  CreateShortcut "$SMPROGRAMS\${APP}\${APP}.lnk" "$INSTDIR\caseapp.exe" "" "$INSTDIR\caseapp.exe" 0
  CreateShortcut "$SMPROGRAMS\${APP}\${SELFTEST_LINK}.lnk" "$SYSDIR\cmd.exe" \
    '/k ""$INSTDIR\caseapp-cli.exe" selftest"' "$INSTDIR\caseapp.exe" 0

  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\caseapp.exe"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallMode" "$MultiUser.InstallMode"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

; Removes exactly what the section above wrote. Never a recursive delete of $INSTDIR: if someone pointed the
; data folder inside it, the data survive (RMDir without /r leaves a non-empty folder in place).
Section "Uninstall"
  !insertmacro REFUSE_DATA_FOLDER "$INSTDIR\_internal"
  Delete "$SMPROGRAMS\${APP}\${APP}.lnk"
  Delete "$SMPROGRAMS\${APP}\${SELFTEST_LINK}.lnk"
  RMDir "$SMPROGRAMS\${APP}"
  Delete "$INSTDIR\caseapp.exe"
  Delete "$INSTDIR\caseapp-cli.exe"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
  DetailPrint "$(DataKept)"
SectionEnd
