#!/usr/bin/env python3
"""Writes the hand-written recordings of tests/replay/ (win11-desktop.json, win10-desktop.json,
rds-two-sessions.json) from the descriptions below.

No Windows machine recorded these: each describes a desktop as public evidence shows it (cited in
tests/replay/README.md, where each recording's section says which facts come from where and
which are assumptions that change no row). This script only spells the facts out the way
listapps --record writes them, so that every window carries exactly what the live listing
would have read of it (src/win/windows.c): a hidden window only its style; a visible window
that cannot qualify by its styles its styles and no more; an untitled candidate no process; a
titled one its process, thread, title and class. Run it from anywhere after changing a
description, then check the expected outputs again by hand:

    python3 tests/replay/handwritten.py
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# Window styles (WinUser.h).
WS_POPUP = 0x80000000
WS_VISIBLE = 0x10000000
WS_MINIMIZE = 0x20000000
WS_CLIPSIBLINGS = 0x04000000
WS_CLIPCHILDREN = 0x02000000
WS_OVERLAPPEDWINDOW = 0x00CF0000
WS_CAPTION = 0x00C00000
WS_SYSMENU = 0x00080000
WS_EX_DLGMODALFRAME = 0x00000001
WS_EX_TOPMOST = 0x00000008
WS_EX_TOOLWINDOW = 0x00000080
WS_EX_WINDOWEDGE = 0x00000100
WS_EX_NOREDIRECTIONBITMAP = 0x00200000

APP_STYLE = WS_VISIBLE | WS_CLIPSIBLINGS | WS_CLIPCHILDREN | WS_OVERLAPPEDWINDOW
APP_EX = WS_EX_WINDOWEDGE

ALL_FACTS = ["company", "status", "cpu", "memory", "commandLine", "startTime", "architecture",
             "elevated", "user", "efficiency"]

# FILETIME (100 ns units since 1601) of a UTC time in milliseconds since 1970.
EPOCH_1601 = 116444736000000000


def filetime(unix_ms):
    return str(unix_ms * 10000 + EPOCH_1601)


class Recording:
    def __init__(self, os_version, windows_dir="C:\\Windows", processors=8,
                 cpu_interval=10000000, boot_ms=0, recorded_ms=0):
        self.doc = {
            "format": "listapps recording",
            "formatVersion": 1,
            "listapps": "2.0.0",
            "os": os_version,
            "recordedMs": recorded_ms,
            "private": False,
            "gathered": {"all": True, "facts": list(ALL_FACTS)},
            "system": {
                "windowsDir": windows_dir,
                "systemDir": windows_dir + "\\system32",
                "programFilesDir": "C:\\Program Files",
                "shellPid": 0,
                "processors": processors,
                "cpuInterval": str(cpu_interval),
                "companyGathered": True,
            },
            "windows": [],
            "processes": [],
            "versions": [],
            "services": [],
            "sessions": [],
        }
        self.boot_ms = boot_ms
        self.version_index = {}

    # ---- windows, in Z order, topmost first ----------------------------------------------
    def _window(self, hwnd, style, ex=0, has_parent=False, shell=False, pid=0, thread=0,
                title=None, cls=None, core_child=0, hung=False, ghost_target=None,
                read_for_ghost=False):
        self.doc["windows"].append({
            "hwnd": hwnd, "style": style, "exStyle": ex, "hasParent": has_parent,
            "shellWindow": shell, "pid": pid, "thread": thread, "title": title,
            "titled": title is not None, "class": cls, "coreChildPid": core_child,
            "hung": hung, "cloaked": None, "ghostTarget": ghost_target,
            "readForGhost": read_for_ghost})
        if cls == "ApplicationFrameWindow" and core_child != 0 and pid != 0:
            # A frame with a core window: what the listing reads of it for the UWP rule (issue
            # 23): the frame's process is the system's ApplicationFrameHost.exe, and the app
            # behind it is packaged (Calculator, Settings: Store apps).
            w = self.doc["windows"][-1]
            w["frameHostPath"] = SYS32 + "ApplicationFrameHost.exe"
            w["frameSystemDir"] = self.doc["system"]["systemDir"] or SYS32.rstrip("\\")
            w["coreChildPackaged"] = True

    def hidden(self, hwnd, style=WS_POPUP | WS_CLIPSIBLINGS):
        """Not visible: only its style is read."""
        self._window(hwnd, style & ~WS_VISIBLE)

    def styled_out(self, hwnd, style, ex, has_parent=False, shell=False):
        """Visible, but its styles (a tool window, an owned popup, the shell's window) leave it
        out: no title, process or class is read."""
        self._window(hwnd, style | WS_VISIBLE, ex, has_parent=has_parent, shell=shell)

    def untitled(self, hwnd, style=APP_STYLE, ex=APP_EX):
        """A candidate whose title is empty: its process is never read."""
        self._window(hwnd, style | WS_VISIBLE, ex)

    def titled(self, hwnd, pid, thread, title, cls, style=APP_STYLE, ex=APP_EX, core_child=0,
               hung=False, ghost_target=None):
        """A titled candidate: process, thread, title and class read (and a frame's core
        window's process)."""
        self._window(hwnd, style | WS_VISIBLE, ex, pid=pid, thread=thread, title=title, cls=cls,
                     core_child=core_child, hung=hung, ghost_target=ghost_target)

    def ghost_target(self, hwnd, pid, thread, title, cls, style=APP_STYLE, ex=APP_EX):
        """The hung window a ghost stands for, read for the ghost (written just before it):
        Windows hid it, so its style has no WS_VISIBLE; IsHungAppWindow says TRUE."""
        self._window(hwnd, style & ~WS_VISIBLE, ex, pid=pid, thread=thread, title=title,
                     cls=cls, hung=True, read_for_ghost=True)

    # ---- what the columns read of qualifying windows (Foreground, Cloaked) ------------------
    def _qualifying(self):
        """The windows the listing would read column facts of: titled, visible (or read for a
        ghost), and no ghost themselves."""
        return [w for w in self.doc["windows"]
                if w["title"] is not None and (w["style"] & WS_VISIBLE or w["readForGhost"])
                and w["class"] != "Ghost"]

    def in_front(self, window, ghost_of=None, owner=None):
        """GetForegroundWindow's answer, what it stands for (HungWindowFromGhostWindow, or
        GetAncestor GA_ROOTOWNER when neither is a qualifying window), as the listing reads it;
        Foreground is then read of every qualifying window."""
        self.doc["foreground"] = {"window": window, "ghostOf": ghost_of, "owner": owner}
        self.doc["gathered"]["facts"].append("foreground")
        for w in self._qualifying():
            w.setdefault("readings", {})["foreground"] = {"state": "present"}

    def cloaked(self, cloaked_hwnds):
        """DWMWA_CLOAKED read of every qualifying window: those in cloaked_hwnds are cloaked."""
        self.doc["gathered"]["facts"].append("cloaked")
        for w in self._qualifying():
            w.setdefault("readings", {})["cloaked"] = {
                "state": "present", "value": w["hwnd"] in cloaked_hwnds}

    # ---- processes ------------------------------------------------------------------------
    def version(self, description, company):
        key = (description, company)
        if key not in self.version_index:
            self.version_index[key] = len(self.doc["versions"])
            self.doc["versions"].append(
                {"state": "present", "description": description, "company": company})
        return self.version_index[key]

    def process(self, pid, parent, session, image, path, started_s, memory, cpu=(0, 0),
                description=None, company=None, critical=False, package=None, suspended=False,
                command_line=None, elevated=False, user=None, efficiency=False, arch="x64",
                open_state="present", details="present", token="present",
                efficiency_state="present"):
        """One process as a listing with every column read it. started_s: seconds after boot
        (None: not read). cpu: kernel + user time, 100 ns units, at the sample's two readings.
        details: the state of what is read through the process's handle (command line,
        architecture); token: of Elevated and User."""
        version = None
        if description is not None or company is not None:
            version = self.version(description, company)
        create = "0" if started_s is None else filetime(self.boot_ms + started_s * 1000)

        def text(state, value):
            return {"state": state, "value": value if state == "present" else None}

        self.doc["processes"].append({
            "pid": pid, "parentPid": parent, "session": session, "inSnapshot": True,
            "image": image, "createTime": create, "open": open_state, "path": path,
            "critical": critical, "package": package, "version": version,
            "readings": {
                "cpu": {"state": "present", "times": [str(cpu[0]), str(cpu[1])],
                        "seen": [True, True]},
                "memory": {"state": "present", "bytes": str(memory),
                           "source": "private working set"},
                "suspended": {"state": "present", "value": suspended},
                "commandLine": text(details, command_line),
                "architecture": text(details, arch),
                "elevated": {"state": token, "value": elevated if token == "present" else False},
                "user": text(token, user),
                "efficiency": {"state": efficiency_state,
                               "value": efficiency if efficiency_state == "present" else False},
                # Efficiency mode lowers the base priority to 4 (low) as it sets EcoQoS
                # (Microsoft's Performance blog, 2022-02-16); any other process runs at 8.
                "basePriority": {"state": "present", "value": 4 if efficiency else 8},
            }})

    def services(self, pid, *names):
        for name in names:
            self.doc["services"].append({"pid": pid, "displayName": name})

    def write(self, name):
        self.doc["services"].sort(key=lambda s: (s["pid"], s["displayName"].encode("utf-8")))
        with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
            json.dump(self.doc, f, indent=1, ensure_ascii=False)
            f.write("\n")


SYSTEM = "NT AUTHORITY\\SYSTEM"
SYS32 = "C:\\Windows\\System32\\"
MS = "Microsoft Corporation"


def windows_core(r, user_session=1, desc_winlogon=True):
    """The processes every Windows 10/11 desktop runs before anyone signs in: the kernel's
    pseudo-processes and Task Manager's own list of system processes (Windows Admin Center's
    copy, WinAdminCenterPS Public/Get-Processes.ps1). Their parents, PIDs, memory figures and
    token readings are assumptions: none of them is an App or in an App's group, so they change
    no row but their own values."""
    # System Idle Process: no image name (listapps shows the snapshot's "[System Process]");
    # OpenProcess refuses PID 0 with ERROR_INVALID_PARAMETER, which reads as exited.
    r.process(0, 0, 0, "[System Process]", None, None, 8192, cpu=(0, 73000000),
              open_state="exited", details="exited", token="exited", efficiency_state="exited")
    r.process(4, 0, 0, "System", None, 0, 20480, cpu=(0, 310000), critical=True,
              details="denied", token="denied", efficiency_state="denied")
    r.process(140, 4, 0, "Registry", None, 0, 4722688, details="denied", token="denied",
              efficiency_state="denied")
    r.process(520, 4, 0, "smss.exe", SYS32 + "smss.exe", 1, 1126400, critical=True,
              description="Windows Session Manager", company=MS,
              command_line="\\SystemRoot\\System32\\smss.exe", details="present", token="denied",
              efficiency_state="denied")
    r.process(732, 708, 0, "csrss.exe", SYS32 + "csrss.exe", 3, 2048000, critical=True,
              description="Client Server Runtime Process", company=MS, details="denied",
              token="denied", efficiency_state="denied")
    r.process(820, 708, 0, "wininit.exe", SYS32 + "wininit.exe", 3, 1540096, critical=True,
              description="Windows Start-Up Application", company=MS, details="denied",
              token="denied", efficiency_state="denied")
    r.process(840, 812, user_session, "csrss.exe", SYS32 + "csrss.exe", 3, 2260992,
              critical=True, description="Client Server Runtime Process", company=MS,
              details="denied", token="denied", efficiency_state="denied")
    r.process(964, 820, 0, "services.exe", SYS32 + "services.exe", 4, 6451200, critical=True,
              description="Services and Controller app", company=MS, details="denied",
              token="denied", efficiency_state="denied")
    r.process(984, 820, 0, "lsass.exe", SYS32 + "lsass.exe", 4, 8867840, critical=True,
              description="Local Security Authority Process", company=MS, details="denied",
              token="denied", efficiency_state="denied")
    r.process(1000, 812, user_session, "winlogon.exe", SYS32 + "winlogon.exe", 4, 3170304,
              critical=True, description="Windows Logon Application", company=MS,
              command_line="winlogon.exe", elevated=True, user=SYSTEM)
    r.process(1168, 1000, user_session, "fontdrvhost.exe", SYS32 + "fontdrvhost.exe", 5,
              1843200, description="Usermode Font Driver Host", company=MS,
              command_line="\"fontdrvhost.exe\"", user="Font Driver Host\\UMFD-%d" % user_session)
    r.process(1240, 1000, user_session, "dwm.exe", SYS32 + "dwm.exe", 5, 52428800,
              cpu=(9000000, 9160000), description="Desktop Window Manager", company=MS,
              command_line="\"dwm.exe\"", user="Window Manager\\DWM-%d" % user_session)


def win11_desktop():
    """Windows 11 23H2 (10.0.22631), one user, recorded with --all --columns all."""
    boot = 1796112000000  # 2026-12-01T08:00:00Z
    r = Recording("10.0.22631", boot_ms=boot, recorded_ms=boot + 3600000)
    ann = "WIN11-PC\\ann"

    # ---- windows, topmost first ----
    # Notepad's Save As dialog, in front: a visible popup (class #32770) that Notepad owns, so
    # its styles leave it out (GetParent names the owner). The user is working in it.
    r.styled_out("0x7019A", WS_POPUP | WS_CAPTION | WS_SYSMENU | WS_CLIPSIBLINGS,
                 WS_EX_DLGMODALFRAME | WS_EX_WINDOWEDGE, has_parent=True)
    # Registry Editor, elevated (ghacks, winaero: starting regedit asks for elevation).
    r.titled("0x4067C", 7300, 7304, "Registry Editor", "RegEdit_RegEdit")
    # Microsoft Edge; its renderers run in Efficiency mode (Task Manager Efficiency mode post).
    r.titled("0x30A2E", 8000, 8004, "New tab - Microsoft Edge", "Chrome_WidgetWin_1")
    # Microsoft Teams started from PowerToys' Command Palette (microsoft/PowerToys#39309).
    r.titled("0x5091C", 9400, 9404, "Chat | Microsoft Teams", "TeamsWebView")
    r.titled("0x2073E", 9100, 9104, "Command Palette", "WinUIDesktopWin32WindowClass")
    # Notepad, put in Efficiency mode by the user from Task Manager.
    r.titled("0x601F4", 9700, 9704, "notes.txt - Notepad", "Notepad")
    # Calculator: ApplicationFrameHost's frame; its CoreWindow child belongs to CalculatorApp.
    r.titled("0x3026A", 5200, 5260, "Calculator", "ApplicationFrameWindow",
             ex=APP_EX | WS_EX_NOREDIRECTIONBITMAP, core_child=6120)
    # A File Explorer window (The Old New Thing: Explorer windows are CabinetWClass).
    r.titled("0x1010C", 4100, 4524, "Documents - File Explorer", "CabinetWClass")
    # Settings, minimised (a minimised window still counts) and so suspended.
    r.titled("0x401C6", 5200, 5380, "Settings", "ApplicationFrameWindow",
             style=APP_STYLE | WS_MINIMIZE, ex=APP_EX | WS_EX_NOREDIRECTIONBITMAP,
             core_child=6380)
    # The taskbar: an untitled topmost window of explorer's (assumed a tool window; either way
    # it makes no App).
    r.styled_out("0x10120", WS_POPUP | WS_CLIPSIBLINGS | WS_CLIPCHILDREN,
                 WS_EX_TOOLWINDOW | WS_EX_TOPMOST)
    # Windows no one sees: an IME window, the Command Palette's notification window
    # (microsoft/PowerToys#42395: style 0x0CC80000, not visible).
    r.hidden("0x100A4", WS_POPUP | WS_CLIPSIBLINGS)
    r.hidden("0x204A0", 0x0CC80000)
    # The desktop: Progman, GetShellWindow() (its styles leave it out before its title).
    r.styled_out("0x10132", WS_POPUP | WS_CLIPSIBLINGS | WS_CLIPCHILDREN, WS_EX_TOOLWINDOW,
                 shell=True)
    r.doc["system"]["shellPid"] = 4100

    # ---- processes ----
    windows_core(r)
    # Service hosts (services.exe's children). Since Windows 10 1703, with more than 3.5 GB of
    # RAM each service runs in its own host; BFE and the firewall stay together
    # (learn.microsoft.com: Service Host grouping in Windows 10).
    svchost = SYS32 + "svchost.exe"
    hosts = [
        (1100, "svchost.exe -k DcomLaunch -p", ["DCOM Server Process Launcher"], 14000000),
        (1340, "svchost.exe -k LocalServiceNoNetworkFirewall -p",
         ["Base Filtering Engine", "Windows Defender Firewall"], 9011200),
        (1460, "svchost.exe -k LocalServiceNetworkRestricted -p -s EventLog",
         ["Windows Event Log"], 11272192),
        (1580, "svchost.exe -k LocalSystemNetworkRestricted -p -s TabletInputService",
         ["Touch Keyboard and Handwriting Panel Service"], 6000000),
        (1720, "svchost.exe -k netsvcs -p -s Schedule", ["Task Scheduler"], 7700000),
    ]
    for pid, command, names, memory in hosts:
        r.process(pid, 964, 0, "svchost.exe", svchost, 6, memory,
                  description="Host Process for Windows Services", company=MS,
                  command_line="C:\\Windows\\system32\\" + command, elevated=True,
                  user=SYSTEM if pid != 1340 else "NT AUTHORITY\\LOCAL SERVICE")
        r.services(pid, *names)
    r.process(3560, 1720, 1, "sihost.exe", SYS32 + "sihost.exe", 40, 9420800,
              description="Shell Infrastructure Host", company=MS, command_line="sihost.exe",
              user=ann)
    r.process(3900, 1580, 1, "ctfmon.exe", SYS32 + "ctfmon.exe", 41, 3997696,
              description="CTF Loader", company=MS, command_line="\"ctfmon.exe\"", user=ann)
    # The shell: %windir%\explorer.exe, started by userinit.exe (gone).
    r.process(4100, 4060, 1, "explorer.exe", "C:\\Windows\\explorer.exe", 42, 104857600,
              cpu=(40000000, 40320000), description="Windows Explorer", company=MS,
              command_line="C:\\Windows\\Explorer.EXE", user=ann)
    r.process(5200, 1100, 1, "ApplicationFrameHost.exe", SYS32 + "ApplicationFrameHost.exe",
              300, 24641536, description="Application Frame Host", company=MS,
              command_line="C:\\Windows\\system32\\ApplicationFrameHost.exe -Embedding",
              user=ann)
    r.process(5300, 1100, 1, "RuntimeBroker.exe", SYS32 + "RuntimeBroker.exe", 301, 5468160,
              description="Runtime Broker", company=MS,
              command_line="C:\\Windows\\System32\\RuntimeBroker.exe -Embedding", user=ann)
    # Calculator (microsoft/calculator: a UWP package, Microsoft.WindowsCalculator).
    calc = ("C:\\Program Files\\WindowsApps\\Microsoft.WindowsCalculator_11.2307.4.0_x64__"
            "8wekyb3d8bbwe\\CalculatorApp.exe")
    r.process(6120, 1100, 1, "CalculatorApp.exe", calc, 302, 31457280, cpu=(600000, 650000),
              description="Calculator", company=MS, package="Calculator",
              command_line="\"" + calc + "\" -ServerName:App.AppXsm3pg4n7er43kdh1qp4e79f1j7am68r8.mca",
              user=ann)
    # Settings, minimised: suspended (UWP app lifecycle: suspended shortly after it is
    # minimised; Task Manager shows such an app Suspended).
    settings = "C:\\Windows\\ImmersiveControlPanel\\SystemSettings.exe"
    r.process(6380, 1100, 1, "SystemSettings.exe", settings, 310, 2097152, cpu=(900000, 900000),
              description="Settings", company=MS, package="Settings", suspended=True,
              command_line="\"" + settings + "\" -ServerName:microsoft.windows.immersivecontrolpanel",
              user=ann)
    # Registry Editor, started from the Start menu (explorer's child): elevated.
    r.process(7300, 4100, 1, "regedit.exe", "C:\\Windows\\regedit.exe", 900, 6815744,
              description="Registry Editor", company=MS, command_line="\"C:\\Windows\\regedit.exe\"",
              elevated=True, user=ann)
    # A copy of svchost.exe in Downloads (the manual's own example): Task Manager's list is of
    # full paths, so it is a background process, named by its FileDescription.
    r.process(7600, 4100, 1, "svchost.exe", "C:\\Users\\ann\\Downloads\\svchost.exe", 1100,
              3145728, description="Host Process for Windows Services", company=MS,
              command_line="\"C:\\Users\\ann\\Downloads\\svchost.exe\"", user=ann)
    # Microsoft Edge and its helpers; the renderers are in Efficiency mode.
    edge = "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe"
    r.process(8000, 4100, 1, "msedge.exe", edge, 1000, 115343360, cpu=(22000000, 22480000),
              description="Microsoft Edge", company=MS, command_line="\"" + edge + "\"", user=ann)
    r.process(8040, 8000, 1, "msedge.exe", edge, 1001, 12582912, cpu=(3000000, 3050000),
              description="Microsoft Edge", company=MS,
              command_line="\"" + edge + "\" --type=gpu-process", user=ann)
    r.process(8120, 8000, 1, "msedge.exe", edge, 1002, 67108864, cpu=(5000000, 5010000),
              description="Microsoft Edge", company=MS,
              command_line="\"" + edge + "\" --type=renderer", user=ann, efficiency=True)
    r.process(8160, 8000, 1, "msedge.exe", edge, 1003, 41943040, cpu=(1000000, 1000000),
              description="Microsoft Edge", company=MS,
              command_line="\"" + edge + "\" --type=renderer", user=ann, efficiency=True)
    # PowerToys' Command Palette and the Teams it started (microsoft/PowerToys#39309, #44550:
    # Teams shows in Command Palette's group in Task Manager).
    cmdpal = ("C:\\Program Files\\WindowsApps\\Microsoft.CommandPalette_0.4.2142.0_x64__"
              "8wekyb3d8bbwe\\Microsoft.CmdPal.UI.exe")
    r.process(9100, 1100, 1, "Microsoft.CmdPal.UI.exe", cmdpal, 1200, 62914560,
              cpu=(2000000, 2010000), description="Microsoft.CmdPal.UI", company=MS,
              package="Command Palette", command_line="\"" + cmdpal + "\"", user=ann)
    teams = ("C:\\Program Files\\WindowsApps\\MSTeams_25306.804.4102.7193_x64__8wekyb3d8bbwe\\"
             "ms-teams.exe")
    r.process(9400, 9100, 1, "ms-teams.exe", teams, 1300, 146800640, cpu=(8000000, 8200000),
              description="Microsoft Teams", company=MS, package="Microsoft Teams",
              command_line="\"" + teams + "\"", user=ann)
    webview = ("C:\\Program Files (x86)\\Microsoft\\EdgeWebView\\Application\\143.0.3650.96\\"
               "msedgewebview2.exe")
    r.process(9460, 9400, 1, "msedgewebview2.exe", webview, 1301, 188743680,
              cpu=(6000000, 6120000), description="Microsoft Edge WebView2", company=MS,
              command_line="\"" + webview + "\" --embedded-browser-webview=1", user=ann)
    # Notepad (Windows 11's packaged Notepad), in Efficiency mode.
    notepad = ("C:\\Program Files\\WindowsApps\\Microsoft.WindowsNotepad_11.2310.13.0_x64__"
               "8wekyb3d8bbwe\\Notepad\\Notepad.exe")
    r.process(9700, 4100, 1, "Notepad.exe", notepad, 1500, 25165824, cpu=(400000, 400000),
              description="Notepad.exe", company=MS, package="Notepad",
              command_line="\"" + notepad + "\" C:\\Users\\ann\\Documents\\notes.txt",
              user=ann, efficiency=True)
    # The dialog is the foreground window; no ghost, and it is no qualifying window, so its
    # root owner is read (GetAncestor GA_ROOTOWNER): Notepad's window. Edge's window is on
    # another virtual desktop, which the shell cloaks (DWMWA_CLOAKED: DWM_CLOAKED_SHELL).
    r.in_front("0x7019A", owner="0x601F4")
    r.cloaked({"0x30A2E"})
    r.write("win11-desktop.json")


def win10_desktop():
    """Windows 10 22H2 (10.0.19045): Paint hung and ghosted by dwm.exe, Notepad, Calculator,
    no File Explorer window. Recorded with --all --columns all."""
    boot = 1796198400000  # 2026-12-02T08:00:00Z
    r = Recording("10.0.19045", processors=4, boot_ms=boot, recorded_ms=boot + 5400000)
    bob = "WIN10-PC\\bob"
    # ---- windows, topmost first ----
    r.titled("0x2031C", 6600, 6604, "Untitled - Notepad", "Notepad")
    # Paint stopped responding: Windows hid its window and dwm.exe shows a ghost of class
    # "Ghost" in its place, titled "... (Not Responding)", with the hung window's styles
    # (Microsoft's "Windows Error Reporting for hangs" post: a Spy++ view of hung mspaint.exe;
    # KB934228; ReactOS user32 ghost.c). The listing reads the hung window for the ghost
    # (HungWindowFromGhostWindow), and records it just before the ghost.
    r.ghost_target("0x10584", 6200, 6204, "Untitled - Paint", "MSPaintApp")
    r.titled("0x5062A", 1240, 1500, "Untitled - Paint (Not Responding)", "Ghost",
             ghost_target="0x10584")
    r.titled("0x402B2", 5400, 5460, "Calculator", "ApplicationFrameWindow",
             ex=APP_EX | WS_EX_NOREDIRECTIONBITMAP, core_child=5720)
    r.styled_out("0x10110", WS_POPUP | WS_CLIPSIBLINGS | WS_CLIPCHILDREN,
                 WS_EX_TOOLWINDOW | WS_EX_TOPMOST)
    # The hung window itself, where EnumWindows meets it: hidden, so only its style is read.
    r.hidden("0x10584", APP_STYLE)
    r.styled_out("0x10130", WS_POPUP | WS_CLIPSIBLINGS | WS_CLIPCHILDREN, WS_EX_TOOLWINDOW,
                 shell=True)
    r.doc["system"]["shellPid"] = 3800
    # ---- processes ----
    windows_core(r)
    svchost = SYS32 + "svchost.exe"
    r.process(1100, 964, 0, "svchost.exe", svchost, 6, 12000000,
              description="Host Process for Windows Services", company=MS,
              command_line="C:\\Windows\\system32\\svchost.exe -k DcomLaunch -p", elevated=True,
              user=SYSTEM)
    r.services(1100, "DCOM Server Process Launcher")
    r.process(3800, 3760, 1, "explorer.exe", "C:\\Windows\\explorer.exe", 40, 62914560,
              cpu=(20000000, 20040000), description="Windows Explorer", company=MS,
              command_line="C:\\Windows\\Explorer.EXE", user=bob)
    r.process(5400, 1100, 1, "ApplicationFrameHost.exe", SYS32 + "ApplicationFrameHost.exe", 200,
              18874368, description="Application Frame Host", company=MS,
              command_line="C:\\Windows\\system32\\ApplicationFrameHost.exe -Embedding", user=bob)
    calc = ("C:\\Program Files\\WindowsApps\\Microsoft.WindowsCalculator_10.2103.8.0_x64__"
            "8wekyb3d8bbwe\\Calculator.exe")
    r.process(5720, 1100, 1, "Calculator.exe", calc, 201, 20971520, cpu=(300000, 300000),
              description="Calculator.exe", company=MS, package="Calculator",
              command_line="\"" + calc + "\" -ServerName:App.AppXsm3pg4n7er43kdh1qp4e79f1j7am68r8.mca",
              user=bob)
    r.process(6200, 3800, 1, "mspaint.exe", SYS32 + "mspaint.exe", 600, 83886080,
              cpu=(9000000, 9000000), description="Paint", company=MS,
              command_line="\"C:\\Windows\\system32\\mspaint.exe\"", user=bob)
    r.process(6600, 3800, 1, "notepad.exe", SYS32 + "notepad.exe", 700, 2883584,
              description="Notepad", company=MS,
              command_line="\"C:\\Windows\\system32\\notepad.exe\"", user=bob)
    # The user clicked the ghost: it is the foreground window, and it stands for Paint's hung
    # window (HungWindowFromGhostWindow), so Paint is the App in front.
    r.in_front("0x5062A", ghost_of="0x10584")
    r.write("win10-desktop.json")


def rds_two_sessions():
    """Windows Server 2022 (10.0.20348) as a Remote Desktop Session Host: ann in session 2 and
    bob in session 3, listed by a SYSTEM task with --sessions all --all --columns all. A
    sessions listing records the helpers' windows as they reported them: visible, titled, of
    their App's process (src/win/gather.c, record_helper_windows)."""
    boot = 1796284800000  # 2026-12-03T08:00:00Z
    r = Recording("10.0.20348", processors=16, boot_ms=boot, recorded_ms=boot + 7200000)
    r.doc["sessions"] = [
        {"id": 2, "user": "CONTOSO\\ann", "listed": True, "problem": None},
        {"id": 3, "user": "CONTOSO\\bob", "listed": True, "problem": None},
    ]

    def helper_window(hwnd, pid, title, cls):
        r._window(hwnd, WS_VISIBLE, pid=pid, title=title, cls=cls, core_child=pid)

    helper_window("0x20496", 5300, "Budget.xlsx - Excel", "XLMAIN")
    helper_window("0x3021C", 5500, "Untitled - Notepad", "Notepad")
    helper_window("0x504B8", 6300, "New tab - Microsoft Edge", "Chrome_WidgetWin_1")
    helper_window("0x6026E", 6500, "todo.txt - Notepad", "Notepad")
    r.doc["system"]["shellPid"] = 4300
    windows_core(r)
    r.process(1100, 964, 0, "svchost.exe", SYS32 + "svchost.exe", 6, 9000000,
              description="Host Process for Windows Services", company=MS,
              command_line="C:\\Windows\\system32\\svchost.exe -k termsvcs", elevated=True,
              user="NT AUTHORITY\\NETWORK SERVICE")
    r.services(1100, "Remote Desktop Services")
    for user, session, first in (("CONTOSO\\ann", 2, 4200), ("CONTOSO\\bob", 3, 6100)):
        started = 600 if session == 2 else 1800
        r.process(first, 1000 + session, session, "csrss.exe", SYS32 + "csrss.exe", started,
                  2200000, critical=True, description="Client Server Runtime Process",
                  company=MS, details="denied", token="denied", efficiency_state="denied")
        r.process(first + 40, first + 20, session, "winlogon.exe", SYS32 + "winlogon.exe",
                  started, 3100000, critical=True, description="Windows Logon Application",
                  company=MS, command_line="winlogon.exe", elevated=True, user=SYSTEM)
        r.process(first + 60, first + 40, session, "dwm.exe", SYS32 + "dwm.exe", started + 1,
                  31000000, description="Desktop Window Manager", company=MS,
                  command_line="\"dwm.exe\"", user="Window Manager\\DWM-%d" % session)
        r.process(first + 100, first + 80, session, "explorer.exe", "C:\\Windows\\explorer.exe",
                  started + 10, 52428800, description="Windows Explorer", company=MS,
                  command_line="C:\\Windows\\Explorer.EXE", user=user)
    excel = "C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE"
    r.process(5300, 4300, 2, "EXCEL.EXE", excel, 900, 157286400, description="Microsoft Excel",
              company=MS, command_line="\"" + excel + "\" \"C:\\Users\\ann\\Budget.xlsx\"",
              user="CONTOSO\\ann")
    r.process(5500, 4300, 2, "notepad.exe", SYS32 + "notepad.exe", 950, 2500000,
              description="Notepad", company=MS, command_line="notepad.exe", user="CONTOSO\\ann")
    edge = "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe"
    r.process(6300, 6200, 3, "msedge.exe", edge, 2000, 94371840, description="Microsoft Edge",
              company=MS, command_line="\"" + edge + "\"", user="CONTOSO\\bob")
    r.process(6340, 6300, 3, "msedge.exe", edge, 2001, 41943040, description="Microsoft Edge",
              company=MS, command_line="\"" + edge + "\" --type=renderer", user="CONTOSO\\bob",
              efficiency=True)
    r.process(6500, 6200, 3, "notepad.exe", SYS32 + "notepad.exe", 2100, 2600000,
              description="Notepad", company=MS, command_line="notepad.exe todo.txt",
              user="CONTOSO\\bob")
    r.write("rds-two-sessions.json")


if __name__ == "__main__":
    win11_desktop()
    win10_desktop()
    rds_two_sessions()
