#!/usr/bin/env python3
"""Checks that the source tree keeps the shape docs/design.md describes.

1. The layout table of docs/design.md names every file under src/ (a header counts as named
   when its .c is), and every src/ path it names exists.
2. Dependencies point one way: core <- win, output <- api <- cli. A file includes nothing from
   a folder above its own or beside it (win and output do not include each other), and the
   command includes only the public header and its own files.
3. Every public function (listapps_*) is defined in src/api/.

Prints each problem as `file:line: what` and exits 1; exits 0 when the tree is in shape.
Usage: check-layout.py [--root DIR]
"""
import argparse
import os
import re
import sys

RANK = {"core": 0, "win": 1, "output": 1, "api": 2, "cli": 3}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/[^"]+"')
DEFINITION = re.compile(r"^[A-Za-z_][\w \t\*]*\b(listapps_\w+)\s*\([^;]*$")


def source_files(root):
    out = []
    for folder, _, files in os.walk(os.path.join(root, "src")):
        for name in files:
            out.append(os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/"))
    return sorted(out)


def check_table(root, files, problems):
    design = os.path.join(root, "docs", "design.md")
    with open(design, encoding="utf-8") as f:
        text = f.read()
    named = set(re.findall(r"`(src/[^`]+)`", text))
    for path in sorted(named):
        if "*" in path:
            continue
        if not os.path.exists(os.path.join(root, path)):
            problems.append(f"docs/design.md: names {path}, which does not exist")
    for path in files:
        if path in named:
            continue
        if path.endswith(".h") and path[:-2] + ".c" in named:
            continue
        problems.append(f"{path}: not in docs/design.md's layout table")


def check_includes(root, files, problems):
    for path in files:
        if not path.endswith((".c", ".h")):
            continue
        folder = path.split("/")[1]
        with open(os.path.join(root, path), encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                m = INCLUDE.match(line)
                if m is None:
                    continue
                target = m.group(1)
                if folder == "cli":
                    if target != "cli":
                        problems.append(f"{path}:{number}: the command includes {target}/; "
                                        "it may include only listapps.h and its own headers")
                    continue
                if target not in RANK:
                    problems.append(f"{path}:{number}: includes an unknown folder {target}/")
                elif target != folder and RANK[target] >= RANK[folder]:
                    problems.append(f"{path}:{number}: {folder}/ includes {target}/, "
                                    "which is not below it")


def check_definitions(root, files, problems):
    for path in files:
        if not path.endswith(".c") or path.startswith("src/api/") or path.startswith("src/cli/"):
            continue
        with open(os.path.join(root, path), encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                m = DEFINITION.match(line)
                if m and not line.lstrip().startswith(("return", "if", "else")):
                    problems.append(f"{path}:{number}: defines {m.group(1)}, a public function, "
                                    "outside src/api/")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.join(os.path.dirname(__file__), ".."))
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    files = source_files(root)
    problems = []
    check_table(root, files, problems)
    check_includes(root, files, problems)
    check_definitions(root, files, problems)
    for p in problems:
        print(p)
    if problems:
        print(f"layout: {len(problems)} problem(s)")
        return 1
    print(f"layout: {len(files)} files ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
