#!/usr/bin/env python3
"""Writes the seed corpus in tests/fuzz-corpus: a handful of meaningful inputs per fuzzer.

Each seed follows its harness's input layout (fuzz/fuzz_list.h for the writers: strings from the
front, each ended by a NUL; numbers from the back, the first one read being the last bytes, most
significant byte first). The seeds are committed; run this again only when a layout changes:

    python3 fuzz/make_seeds.py tests/fuzz-corpus

Regression inputs (regression-*) are saved crashes and are not made here.
"""
import os
import struct
import sys


def write(root, target, name, data):
    folder = os.path.join(root, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


class Input:
    """An input as the harnesses read it: strings from the front, numbers from the back."""

    def __init__(self):
        self.front = bytearray()
        self.back = bytearray()  # in the order the harness reads it

    def s(self, text):
        if isinstance(text, str):
            text = text.encode("utf-8")
        assert b"\0" not in text
        self.front += text + b"\0"

    def u(self, value, size=1):
        self.back += value.to_bytes(size, "big")

    def data(self, prefix=b""):
        return bytes(prefix) + bytes(self.front) + bytes(reversed(self.back))


def utf16(*units):
    return b"".join(struct.pack("<H", u) for u in units)


# fuzz_list.h: which string fields a row leaves NULL, and whether it has windows and members.
NULL_NAME, NULL_TITLE, NULL_IMAGE, NULL_PATH, NULL_DESC = 0x03, 0x04, 0x08, 0x10, 0x20
HAS_ARRAYS, NULL_CLASS = 0x40, 0x80


def add_row(inp, cat, pid, parent, app, strings, nulls=0, counts=(1, 1), windows=(), members=()):
    """app: 'self', ('row', index of an earlier row) or a number."""
    inp.u(nulls)
    inp.u(cat)
    inp.u(pid, 8)
    inp.u(1 if parent is not None else 0)
    inp.u(parent or 0, 8)
    if app == "self":
        inp.u(0)
    elif isinstance(app, tuple):
        inp.u(1)
        inp.u(app[1])
    else:
        inp.u(2)
        inp.u(app, 8)
    for key, bits in (("name", NULL_NAME), ("title", NULL_TITLE), ("image", NULL_IMAGE),
                      ("path", NULL_PATH), ("description", NULL_DESC)):
        if nulls & bits != bits:
            inp.s(strings.get(key, ""))
    if nulls & HAS_ARRAYS:
        inp.u(len(windows))
        inp.u(len(members))
        for hwnd, title, class_name in windows:
            inp.u(1 if class_name is None else 0)
            inp.u(hwnd, 8)
            inp.s(title)
            if not (class_name is None and nulls & NULL_CLASS):
                inp.s(class_name or "")
        for member in members:
            inp.u(member, 8)
    else:
        inp.u(counts[0], 8)
        inp.u(counts[1], 8)


# fuzz_rows.h: the field ids of listapps.h, for the column lists.
(F_CATEGORY, F_NAME, F_PID, F_PARENT_PID, F_APP_PID, F_TITLE, F_WINDOWS, F_PROCESSES, F_IMAGE,
 F_PATH, F_DESCRIPTION, F_HWND, F_CLASS, F_PUBLISHER) = range(14)


def add_rows_extras(inp, extras, fields=(), how=0, limit=0, target=0):
    """What fuzz_rows.h reads after the list: per row a byte choosing the unavailable values'
    states (bit 7: a Publisher string follows), then the column list, then the streaming check's
    choices: `how` (bit 0 NO_HEADER, bit 1 WINDOWS, bit 2 EXCEL, bit 4 JSON in fuzz_csv_json),
    the byte at which the sink refuses, and about how many bytes to write."""
    for states, publisher in extras:
        inp.u(states | (0x80 if publisher is not None else 0))
        if publisher is not None:
            inp.s(publisher)
    inp.u(len(fields))
    for field in fields:
        inp.u(field)
    inp.u(how)
    inp.u(limit, 3)
    inp.u(target, 2)


def app_list(rows, list_all=False, extras=None):
    inp = Input()
    inp.u(len(rows))
    inp.u(1 if list_all else 0)
    for row in rows:
        add_row(inp, **row)
    if extras is not None:
        add_rows_extras(inp, **extras)
    return inp.data()


def main(root):
    # fuzz_utf16: UTF-16LE code units (and the same bytes read as UTF-8).
    write(root, "fuzz_utf16", "ascii", "Untitled - Notepad".encode("utf-16-le"))
    write(root, "fuzz_utf16", "surrogate-pair", utf16(0x48, 0xD83D, 0xDE00, 0x21))
    write(root, "fuzz_utf16", "lone-surrogates",
          utf16(0xD800, 0x41, 0xDC00, 0xDBFF, 0xDFFF, 0xDC00, 0xD800, 0xD83D))
    write(root, "fuzz_utf16", "nul-and-bmp",
          utf16(0, 0xE9, 0x20AC, 0x7FF, 0x800, 0xFFFF, 0xFFFD, 0))
    write(root, "fuzz_utf16", "hostile-title",
          utf16(0x1B, 0x5B, 0x33, 0x31, 0x6D, 0x202E, 0x2028, 0x7F, 0x9B, 0x8A1E) + b"\xff")
    # A damaged version resource (issue 23): wLength 14, the value at offset 8 ("Dam", no NUL),
    # then bytes past the resource, and a count of 0xFFFF in the last two bytes.
    write(root, "fuzz_utf16", "damaged-version",
          struct.pack("<HHHH", 14, 8, 1, 0) + utf16(0x44, 0x61, 0x6D) + b"FE2X"
          + b"\xAB" * 6 + struct.pack("<H", 0xFFFF))
    write(root, "fuzz_utf16", "utf8-edge-bytes",
          b"\xc0\xaf\xe0\x80\xaf\xed\xa0\x80\xf4\x90\x80\x80\xf0\x9f\x98\x80\xef\xbf\xbd\xc2")

    # fuzz_csv_json and fuzz_table: lists of rows (fuzz_list.h).
    notepad = dict(cat=0, pid=1234, parent=4, app="self", strings=dict(
        name="Notepad", title="Untitled - Notepad", image="notepad.exe",
        path="C:\\Windows\\System32\\notepad.exe", description="Notepad"))
    hostile = dict(cat=0, pid=8, parent=None, app="self", strings=dict(
        name='  Caf\xe9, "Bar"  ',
        title=b'line1\r\nline2 \x1b[31m\xe2\x80\xae\t"q",x \xe2\x80\xa8\x7f\xc2\x9b\x07 '
              b'\xf0\x9f\x98\x80 ',
        image="=cmd|' /C calc'!A0",
        path=b"C:\\bad\xff\xc0\xaf\xed\xa0\x80\x80.exe",
        description=b"\xe8\xa8\x88\xe7\xae\x97\xe6\xa9\x9f\xe2\x81\xa6\xd8\x9c"))
    extremes = [
        dict(cat=0xF5, pid=2**64 - 1, parent=2**63, app=0, strings=dict(name="", title=""),
             nulls=NULL_NAME | NULL_IMAGE | NULL_PATH | NULL_DESC, counts=(2**64 - 1, 0)),
        dict(cat=2, pid=0, parent=0, app=2**64 - 1, strings=dict(name="System Idle Process"),
             nulls=NULL_TITLE | NULL_IMAGE | NULL_PATH | NULL_DESC, counts=(0, 1))]
    groups = [
        dict(cat=0, pid=4000, parent=900, app="self", nulls=HAS_ARRAYS, strings=dict(
            name="Word", title="Doc1 - Word", image="WINWORD.EXE",
            path="C:\\Office\\WINWORD.EXE", description="Microsoft Word"),
            windows=[(0x1A2B3C, "Doc1 - Word", "OpusApp"),
                     (0xFFFFFFFF12345678, "Find\x1b", None)],
            members=[4000, 4100]),
        dict(cat=0, pid=4100, parent=4000, app=("row", 0),
             strings=dict(name="Helper", image="helper.exe"),
             nulls=NULL_TITLE | NULL_PATH | NULL_DESC, counts=(0, 1)),
        dict(cat=1, pid=77, parent=4, app=0,
             strings=dict(name="Background \u5de5\u5177", image="bg.exe"),
             nulls=NULL_TITLE | NULL_PATH | NULL_DESC, counts=(0, 1)),
        dict(cat=2, pid=4, parent=0, app=0, strings=dict(name="System"),
             nulls=NULL_TITLE | NULL_IMAGE | NULL_PATH | NULL_DESC, counts=(0, 1))]
    for target in ("fuzz_csv_json", "fuzz_table"):
        write(root, target, "one-app", app_list([notepad]))
        write(root, target, "hostile-strings", app_list([hostile, notepad]))
        write(root, target, "empty", app_list([]))
        write(root, target, "extremes", app_list(extremes))
        write(root, target, "list-all-groups-windows", app_list(groups, list_all=True))
        # The 2.0 writer: chosen columns (Publisher, and a window's HWND and Class among them),
        # every unavailable state, and a sink that refuses part-way through about 40 KB.
        write(root, target, "columns-publisher-refusal", app_list(groups, list_all=True, extras=dict(
            extras=[(0, " Microsoft Corporation "), (1, None), (2, "=HYPERLINK(\"x\")"),
                    (3, None)],
            fields=[F_PUBLISHER, F_NAME, F_HWND, F_CLASS, F_TITLE, F_PID, F_APP_PID, F_PUBLISHER],
            how=0x02, limit=20000, target=40000)))
        write(root, target, "columns-every-state", app_list([hostile, notepad], extras=dict(
            extras=[(4, "\u5de5\u5177 \x1b[0m"), (0, "")],
            fields=[F_DESCRIPTION, F_PUBLISHER, F_WINDOWS, F_PROCESSES, F_CATEGORY, F_PATH],
            how=0x10, limit=7, target=0)))

    # fuzz_rules: the first byte picks the rule (mod 9).
    inp = Input()  # 0: windows
    for bits, cls, extra in ((0xC1, 4, [("u", 18, 1), ("u", 10, 1)]),
                             (0x71, 0, [("u", 5, 1)]),
                             (0xC9, 0x43, [("u", 0x40080, 4), ("u", 9, 1), ("u", 3, 1),
                                           ("u", 7, 1)]),
                             # The same frame drawn by the system's host for a packaged app
                             # (cls bits 0x10 and 0x20, issue 23): it counts.
                             (0xC9, 0x73, [("u", 0x40080, 4), ("u", 9, 1), ("u", 3, 1),
                                           ("u", 7, 1)]),
                             (0xC1, 0xC0, [("u", 1, 1), ("u", 2, 1),
                                           ("s", "Chrome_WidgetWin_1", 0)])):
        inp.u(bits)
        inp.u(cls)
        for kind, value, size in extra:
            if kind == "u":
                inp.u(value, size)
            else:
                inp.s(value)
    write(root, "fuzz_rules", "windows", inp.data(prefix=b"\x00"))
    write(root, "fuzz_rules", "grouping", bytes([1, 3, 3, 5, 3, 0xF5, 0, 0, 1, 0, 5, 7, 3]))
    write(root, "fuzz_rules", "pid-map",
          bytes([2, 1, 3, 5, 3, 0, 3, 0xFD, 3, 0x81, 7, 0, 7] + [0xFF] * 8 + [0x85, 9]))
    write(root, "fuzz_rules", "candidates",
          bytes([3, 0x04, 0x07, 0x00, 0x09, 0x0C, 0x00, 0x07, 0x01, 2]))
    inp = Input()  # 4: names
    inp.s("  \u00a0Notepad\u3000\t")
    inp.s("C:\\Windows\\notepad.exe")
    inp.u(0x05)
    write(root, "fuzz_rules", "names",
          inp.data(prefix=b"\x04") + " \u2003x\u200b \ufeff".encode())
    inp = Input()  # 5: comparison
    for name in ("Notepad", "NOTEPAD", "\u00c9diteur \u0391\u03b2\u0393 \uff21"):
        inp.s(name)
    write(root, "fuzz_rules", "compare", inp.data(prefix=b"\x05"))
    # 6: sorting rows (la_sort_rows). Per row a name, then a byte: bits 0-1 the category,
    # bit 2 AppPID = own PID, bit 3 AppPID = an earlier row's (its index follows), else bits 4-6
    # a small AppPID (0: none), bit 7 the Name unavailable; without LISTAPPS_LIST_ALL the PID.
    inp = Input()
    inp.u(1)  # LISTAPPS_LIST_ALL
    for name, bits in (("Word", 4), ("Helper", 8), ("\u00e9diteur", 1), ("System", 2),
                       ("word", 4)):
        inp.s(name)
        inp.u(bits)
        if bits & 4 == 0 and bits & 8:
            inp.u(0)
    write(root, "fuzz_rules", "sort-process-rows", inp.data(prefix=b"\x06"))
    inp = Input()
    inp.u(0)  # Apps only: category and AppPID do not count
    for name, bits, pid in (("notepad", 0x01, 5), ("Notepad", 0x24, 5), ("", 0x80, 2),
                            ("\u00c9diteur", 0x02, 3), ("zed", 0x90, 1), ("NOTEPAD", 0x00, 4)):
        inp.s(name)
        inp.u(bits)
        inp.u(pid)
    write(root, "fuzz_rules", "sort-apps", inp.data(prefix=b"\x06"))
    inp = Input()  # 7: App groups
    for bits, pid, extra in ((0x00, 1, [5]), (0x01, 2, [0, 7]), (0x01, 3, [1, 9]),
                             (0x81, 4, [2, 1]), (0x41, 5, [0])):
        inp.u(bits)
        inp.u(pid)
        for value in extra:
            inp.u(value)
    write(root, "fuzz_rules", "process-groups", inp.data(prefix=b"\x07"))
    inp = Input()  # 8: categories and service hosts
    inp.u(0x91)
    inp.u(0x41 | (6 << 2))
    inp.u(2)
    inp.s("Service A")
    inp.s("Service B")
    write(root, "fuzz_rules", "categories", inp.data(prefix=b"\x08"))

    # fuzz_manifest: the first byte picks the check (mod 3): '0' any text, '1' round trip,
    # '2' resource references.
    manifest = (
        '<?xml version="1.0" encoding="utf-8"?>\r\n<Package xmlns="http://schemas.microsoft.com'
        '/appx/manifest/foundation/windows10">\r\n  <Identity Name="Microsoft.WindowsCalculator"'
        ' Version="11.2210.0.0" />\r\n  <Properties>\r\n    <DisplayName> Calculator &amp; '
        '&#x1F5A9;&#169; </DisplayName>\r\n    <PublisherDisplayName>Microsoft Corporation'
        '</PublisherDisplayName>\r\n  </Properties>\r\n</Package>\r\n').encode()
    write(root, "fuzz_manifest", "manifest", b"0" + manifest)
    # Bytes any package can ship (issue 23): invalid UTF-8 and control characters, raw and as
    # references, in the name.
    write(root, "fuzz_manifest", "hostile-bytes",
          b"0<Properties><DisplayName> Caf\xE9 \xFF\x1B[2J&#7;\x7F\xC2\x9B\tx\r\n"
          b"</DisplayName></Properties>")
    inp = Input()
    inp.s(b"A\x1b]0;title\x07 \xc0\xaf\xed\xa0\x80 \xc2\x85z")
    inp.u(0)
    for how in (0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 6, 0):
        inp.u(how)
    write(root, "fuzz_manifest", "round-trip-hostile", inp.data(prefix=b"1"))
    write(root, "fuzz_manifest", "manifest-resource",
          b"0<Properties><DisplayName>ms-resource:AppName</DisplayName></Properties>")
    inp = Input()
    inp.s(' R&D <Tools> "\u00e9\U0001F600" ')
    inp.u(0)
    for how in (0, 1, 2, 6, 0x1B, 0, 1, 3, 0x42, 0, 2, 0, 5, 0, 0, 0, 0, 0):
        inp.u(how)
    write(root, "fuzz_manifest", "round-trip", inp.data(prefix=b"1"))
    inp = Input()
    inp.s("Microsoft.WindowsCalculator_11.2210.0.0_x64__8wekyb3d8bbwe")
    inp.s("AppName")
    inp.u(0)
    write(root, "fuzz_manifest", "resource-reference", inp.data(prefix=b"2"))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python3 fuzz/make_seeds.py tests/fuzz-corpus")
    main(sys.argv[1])
