#!/usr/bin/env python3
"""Every option listapps accepts is in its --help and in its manual.

Usage: cli_options_documented.py OPTIONS_C MANUAL COMMAND...
  OPTIONS_C  src/cli/options.c, whose option table the parser walks
  MANUAL     the manual (docs/listapps.md); the test fails when it is missing
  COMMAND    what runs listapps.exe, e.g. wine listapps.exe

The options are read from the table's source, each entry's first line ({"name", 'x' or 0, ...),
not from the program, so the program cannot hide one. The program is then asked about each:
it must accept it (no "unknown option"), which also proves the reading matched the table;
its --help OPTIONS section must have a heading line naming it (long and short form); and the
manual must name it. Exits non-zero with every problem on stderr.
"""
import re
import subprocess
import sys

ENTRY = re.compile(r"""^\s*\{"([a-z-]*)",\s*(?:'([A-Za-z])'|0),""", re.MULTILINE)
UNKNOWN = "--zz-not-an-option"


def table_options(source):
    """The (long, short) names in the option table: "--format", "-f" (short None if none)."""
    with open(source, encoding="utf-8") as f:
        text = f.read()
    start = text.find("option_table[] = {")
    end = text.find("\n};", start)
    if start < 0 or end < 0:
        sys.exit(f"{source}: no option_table")
    options = [("--" + name, "-" + letter if letter else None)
               for name, letter in ENTRY.findall(text[start:end])]
    # Each entry names one handler: as many handlers as entries read, or an entry was missed.
    handlers = len(re.findall(r"\bhandle_\w+", text[start:end]))
    if len(options) < 10 or len(options) != handlers:
        sys.exit(f"{source}: {len(options)} entries read from option_table, which names "
                 f"{handlers} handlers")
    return options


def run(command, *args):
    done = subprocess.run(list(command) + list(args), stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


def named(text, option):
    """Whether text names option as a word of its own ("--all" is not in "--all-users")."""
    return re.search(r"(?<![\w-])" + re.escape(option) + r"(?![\w-])", text) is not None


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    source, manual_path, command = sys.argv[1], sys.argv[2], sys.argv[3:]
    options = table_options(source)
    problems = []

    # The probe can tell: an option it does not know is named as unknown.
    status, _, err = run(command, UNKNOWN)
    if status != 2 or f"unknown option '{UNKNOWN}'" not in err:
        sys.exit(f"{UNKNOWN}: exit {status}, {err!r}: the probe cannot tell an unknown option")
    # Each name is known to the parser: given with a value-or-pattern and an unknown option
    # after it, the complaint is about the unknown one (or the value), never about the name.
    for long_name, short_name in options:
        for name in filter(None, (long_name, short_name)):
            status, _, err = run(command, name, "x", UNKNOWN)
            if f"unknown option '{name}'" in err or status not in (0, 1, 2):
                problems.append(f"{name}: the parser does not take it (exit {status}: {err!r})")

    status, out, err = run(command, "--help")
    start, end = out.find("\nOPTIONS\n"), out.find("\nOUTPUT COLUMNS\n")
    if status != 0 or start < 0 or end < start:
        sys.exit(f"--help: exit {status}, no OPTIONS section before OUTPUT COLUMNS: {err!r}")
    headings = [line for line in out[start:end].split("\n") if re.match(r"    -", line)]
    for long_name, short_name in options:
        for name in filter(None, (long_name, short_name)):
            if not any(named(line, name) for line in headings):
                problems.append(f"{name}: no heading in --help's OPTIONS")

    try:
        with open(manual_path, encoding="utf-8") as f:
            manual = f.read()
    except OSError as e:
        problems.append(f"the manual cannot be read: {e}")
    else:
        for long_name, short_name in options:
            for name in filter(None, (long_name, short_name)):
                if not named(manual, name):
                    problems.append(f"{name}: not in the manual {manual_path}")

    if problems:
        sys.exit("\n".join(problems))
    print(f"cli options: {len(options)} options in --help and the manual, ok")


if __name__ == "__main__":
    main()
