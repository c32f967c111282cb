#!/usr/bin/env python3
"""Reads listapps' JSON and CSV with Python's own json and csv modules, as scripts would.

Usage: python_readers.py COMMAND... (the command that runs listapps.exe, e.g. wine listapps.exe)
Exits non-zero, with the reason on stderr, when the output does not parse or has the wrong shape.
"""
import csv
import io
import json
import subprocess
import sys

COLUMNS = ["Category", "Name", "PID", "ParentPID", "AppPID", "Title", "Windows", "Processes",
           "Image", "Path", "Description"]
KEYS = ["category", "name", "pid", "parentPid", "appPid", "title", "windows", "processes",
        "image", "path", "description"]
CATEGORIES = {"App", "Background process", "Windows process"}


def run(command, *args, status=0):
    done = subprocess.run(list(command) + list(args), stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    if done.returncode != status:
        sys.exit(f"{args}: exit {done.returncode}: {done.stderr!r}")
    return done.stdout.decode("utf-8")  # strict: fails on invalid UTF-8


def check_json(command, *args):
    rows = json.loads(run(command, "--format", "json", *args))
    assert isinstance(rows, list), "not an array"
    for row in rows:
        assert list(row) == KEYS, f"keys {list(row)}"
        assert row["category"] in CATEGORIES, row["category"]
        assert isinstance(row["pid"], int) and isinstance(row["processes"], int)
        assert isinstance(row["name"], str)
        assert row["parentPid"] is None or isinstance(row["parentPid"], int)
    return len(rows)


def check_jsonl(command, *args):
    """JSON Lines: every line one object with the JSON keys, nothing else; read line by line."""
    text = run(command, "--format", "jsonl", *args)
    assert text.endswith("\n") or text == "", "no newline at the end"
    count = 0
    for line in text.split("\n")[:-1]:
        row = json.loads(line)
        assert isinstance(row, dict), "not an object"
        assert list(row) == KEYS, f"keys {list(row)}"
        assert row["category"] in CATEGORIES, row["category"]
        count += 1
    return count


def check_no_match(command):
    """A filter that matches nothing: exit 1 and the empty list in each format."""
    pattern = "no app is called this zq9"
    assert json.loads(run(command, "--format", "json", pattern, status=1)) == []
    assert run(command, "--format", "jsonl", pattern, status=1) == ""
    rows = list(csv.reader(io.StringIO(run(command, "--format", "csv", pattern, status=1),
                                       newline=""), strict=True))
    assert rows == [COLUMNS], rows
    assert run(command, "-q", pattern, status=1) == ""


def check_csv(command, *args):
    text = run(command, "--format", "csv", *args)
    assert text.endswith("\r\n"), "no CRLF at the end"
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    assert rows[0] == COLUMNS, f"header {rows[0]}"
    for row in rows[1:]:
        assert len(row) == len(COLUMNS), f"{len(row)} fields"
        assert row[0] in CATEGORIES, row[0]
        int(row[2])
    return len(rows) - 1


def main():
    command = sys.argv[1:]
    if not command:
        sys.exit(__doc__)
    apps = check_json(command)
    every = check_json(command, "--all")
    csv_rows = check_csv(command, "--all")
    lines = check_jsonl(command, "--all")
    assert every >= apps and every > 0 and lines > 0, (apps, every, lines)
    check_no_match(command)
    print(f"python json and csv: {apps} apps, {every} processes, {csv_rows} CSV rows, "
          f"{lines} JSON Lines: ok")


if __name__ == "__main__":
    main()
