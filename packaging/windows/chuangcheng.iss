; Inno Setup 6 script: the Windows installer of 创城台账 (chuangcheng-desktop).
;
; 1. Build the bundle on Windows:  .venv\Scripts\python packaging\build.py --smoke
; 2. Compile this script:          "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\windows\chuangcheng.iss
;    (or open it in the Inno Setup IDE and press Compile). Output: dist\chuangcheng-<版本>-setup.exe
;
; Installs per machine into {autopf}\创城台账 (Program Files) when run as administrator, or
; per user into %LOCALAPPDATA%\Programs\创城台账 otherwise (the installer asks). Start-menu
; shortcuts always, a desktop shortcut when ticked, a normal uninstaller. The user's data
; (%LOCALAPPDATA%\chuangcheng-desktop) is never touched by installing, upgrading or uninstalling.
; This file is UTF-8 with a byte-order mark so that the Chinese text compiles correctly.

#define AppName "创城台账"
#define AppExe "chuangcheng.exe"
#define BundleDir "..\..\dist\chuangcheng"
#ifndef AppVersion
  #define AppVersion GetVersionNumbersString(BundleDir + "\" + AppExe)
#endif

[Setup]
AppId={{6A1C2F0E-7B39-4C55-9E2A-3D1B8C0F4A27}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=chuangcheng-desktop
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=chuangcheng-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
; Inno Setup 6 ships ChineseSimplified.isl in its Languages folder in recent releases; older
; releases list it only among the unofficial translations on jrsoftware.org: copy it into
; Inno Setup's Languages folder, otherwise the installer's own buttons stay in English.
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimp"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#else
  #pragma warning "ChineseSimplified.isl not found in Inno Setup's Languages folder: the installer's buttons will be in English"
Name: "english"; MessagesFile: "compiler:Default.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "在桌面上创建快捷方式"; GroupDescription: "快捷方式："

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; a "portable" marker file is never installed: an installed copy keeps data in the user's folder

[InstallDelete]
; an upgrade replaces the program files completely (never the user's data, which is elsewhere)
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "创建文明城市工作台账与总结报告"
Name: "{group}\{#AppName}（演示数据）"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"; WorkingDir: "{app}"; Comment: "在演示数据上试用，不影响正式台账"
Name: "{group}\卸载 {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "现在打开{#AppName}"; Flags: nowait postinstall skipifsilent
