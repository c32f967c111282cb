#!/usr/bin/env python3
"""Checks every relative link in the project's Markdown documentation.

Usage: check-links.py [--root DIR] [FILE.md...]
       check-links.py --self-test

Without FILEs it checks README.md, CHANGELOG.md, docs/*.md, tests/README.md and
packaging/README.md under the root (default: the folder above this script).

Every inline link [text](target), image ![alt](target) and reference definition
[label]: target whose target has no scheme (http:, https:, mailto: ... are not fetched)
must name a file or folder that exists, relative to the Markdown file (a leading / means
the root, as on GitHub). A #anchor into a .md file, or alone into the same file, must be
the slug of one of its headings as GitHub makes it: the heading's text in lower case,
each space turned into '-', every character dropped that is not a letter, a digit, a mark,
'-' or '_'; a repeated slug gets -1, -2... Links inside code (fenced blocks, `spans`) are
not links. Only ATX headings (# Title) are read; <a name="x"> and id="x" count too.

Exit status: 0 when every link resolves, 1 naming each broken one as file:line: target
(and why), 2 on a usage error. Python 3 standard library only.
"""
import glob
import os
import re
import sys
import tempfile
import unicodedata
import urllib.parse

DEFAULT_FILES = ["README.md", "CHANGELOG.md", "docs/*.md", "tests/README.md", "packaging/README.md"]

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
HTML_ANCHOR = re.compile(r"""<a\s[^>]*?(?:name|id)\s*=\s*["']([^"']+)["']|\sid\s*=\s*["']([^"']+)["']""")
# [text](target "title"): the text may hold one level of brackets and span lines; the target
# may be <in angle brackets> or hold balanced parentheses.
INLINE_LINK = re.compile(
    r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]"
    r"\(\s*(<[^>\n]*>|(?:[^()\s]|\([^()\s]*\))*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
REFERENCE_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*(<[^>\n]*>|\S+)", re.M)
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def github_slug(text):
    """The anchor GitHub gives a heading with this (Markdown) text."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link shows its text
    text = re.sub(r"<[^>]+>", "", text)  # HTML tags show nothing
    kept = []
    for ch in text.lower():
        if ch in "-_ ":
            kept.append(ch)
        elif unicodedata.category(ch)[0] in "LNM":
            kept.append(ch)
    return "".join(kept).replace(" ", "-")


def outside_fences(text):
    """Each line of the text, with the lines of fenced code blocks (fences included) as ""."""
    out = []
    fence = None
    for line in text.split("\n"):
        m = FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)
            out.append("")
        elif fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and \
                    line.strip() == m.group(1):
                fence = None
            out.append("")
        else:
            out.append(line)
    return out


def blank_code(text):
    """The text with fenced blocks and code spans turned into spaces, lines kept in place."""
    text = "\n".join(outside_fences(text))
    # A code span: a run of backticks, then anything up to the same run, within a paragraph.
    span = re.compile(r"(`+)(?:(?!\1)(?!\n[ \t]*\n)[\s\S])+?\1")
    return span.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


class Anchors:
    """The anchors of each Markdown file, read once."""

    def __init__(self):
        self.cache = {}

    def of(self, path):
        path = os.path.normpath(path)
        if path not in self.cache:
            self.cache[path] = self._read(path)
        return self.cache[path]

    @staticmethod
    def _read(path):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        anchors = set()
        seen = {}
        # Headings outside fenced blocks, read with their code spans: `code` is part of a slug.
        for line in outside_fences(text):
            m = ATX.match(line)
            if m:
                slug = github_slug((m.group(2) or "").strip())
                n = seen.get(slug, 0)
                seen[slug] = n + 1
                anchors.add(slug if n == 0 else "%s-%d" % (slug, n))
            for a in HTML_ANCHOR.finditer(line):
                anchors.add(a.group(1) or a.group(2))
        return anchors


def links_of(text):
    """(line number, target) of every link outside code."""
    plain = blank_code(text)
    found = []
    for m in INLINE_LINK.finditer(plain):
        found.append((plain.count("\n", 0, m.start(1)) + 1, m.group(1)))
    for m in REFERENCE_DEF.finditer(plain):
        found.append((plain.count("\n", 0, m.start(1)) + 1, m.group(1)))
    return sorted(found)


def check_file(md, root, anchors):
    """The broken links of one Markdown file: (line, target, why)."""
    with open(md, encoding="utf-8") as f:
        text = f.read()
    broken = []
    for line, target in links_of(text):
        raw = target
        if target.startswith("<") and target.endswith(">"):
            target = target[1:-1]
        if target == "":
            broken.append((line, raw, "empty target"))
            continue
        if SCHEME.match(target):
            continue  # http:, https:, mailto: ... are not fetched
        path, _, anchor = target.partition("#")
        path = urllib.parse.unquote(path)
        anchor = urllib.parse.unquote(anchor)
        if path == "":
            dest = md
        elif path.startswith("/"):
            dest = os.path.join(root, path.lstrip("/"))
        else:
            dest = os.path.join(os.path.dirname(md), path)
        if not os.path.exists(dest):
            broken.append((line, raw, "no such file"))
            continue
        if anchor and dest.endswith(".md") and os.path.isfile(dest):
            if anchor not in anchors.of(dest):
                broken.append((line, raw, "no heading with this anchor"))
    return broken


def check(root, files):
    """Prints each broken link; returns how many there were and how many links were checked."""
    anchors = Anchors()
    broken_count = 0
    link_count = 0
    for md in files:
        rel = os.path.relpath(md, root)
        with open(md, encoding="utf-8") as f:
            link_count += len(links_of(f.read()))
        for line, target, why in check_file(md, root, anchors):
            print("%s:%d: %s (%s)" % (rel, line, target, why))
            broken_count += 1
    return broken_count, link_count


def default_files(root):
    files = []
    for pattern in DEFAULT_FILES:
        files.extend(sorted(glob.glob(os.path.join(root, pattern))))
    return files


def self_test():
    """Checks the checker on a small tree with known good and broken links."""
    tree = {
        "README.md": (
            "# Top title\n"                                   # 1
            "\n"                                              # 2
            "See [the manual](docs/manual.md), [options](docs/manual.md#the---output-option)\n"  # 3
            "and [gone](docs/gone.md), [bad anchor](docs/manual.md#nowhere).\n"  # 4
            "Here: [self](#top-title), [self bad](#top_title), [web](https://example.com/x).\n"  # 5
            "`[in code](nowhere.md)` is not a link.\n"        # 6
            "```\n"                                           # 7
            "[in a fence](nowhere.md)\n"                      # 8
            "```\n"                                           # 9
            "A [link over\n"                                  # 10
            "two lines](docs/missing.md) and ![img](docs/pic.png).\n"  # 11
            "[ref]: docs/manual.md#repeated-1\n"              # 12
            "[ref2]: docs/manual.md#repeated-2\n"             # 13
            "[dir](docs/) and [parens](<docs/manual.md>)\n"   # 14
        ),
        "docs/manual.md": (
            "# Manual\n"
            "## The `--output` option\n"
            "## Repeated\n"
            "## Repeated\n"
            "## Prometheus and windows_exporter\n"
            "```sh\n"
            "# not a heading\n"
            "```\n"
            "[up](../README.md#top-title) [wrong up](../README.md#manual)\n"
            "[underscore](#prometheus-and-windows_exporter) [not](#not-a-heading)\n"
        ),
        "docs/pic.png": "",
    }
    expected = [
        "README.md:4: docs/gone.md (no such file)",
        "README.md:4: docs/manual.md#nowhere (no heading with this anchor)",
        "README.md:5: #top_title (no heading with this anchor)",
        "README.md:11: docs/missing.md (no such file)",
        "README.md:13: docs/manual.md#repeated-2 (no heading with this anchor)",
        "docs/manual.md:9: ../README.md#manual (no heading with this anchor)",
        "docs/manual.md:10: #not-a-heading (no heading with this anchor)",
    ]
    with tempfile.TemporaryDirectory() as root:
        for name, text in tree.items():
            os.makedirs(os.path.join(root, os.path.dirname(name)), exist_ok=True)
            with open(os.path.join(root, name), "w", encoding="utf-8") as f:
                f.write(text)
        anchors = Anchors()
        got = []
        for md in ["README.md", "docs/manual.md"]:
            for line, target, why in check_file(os.path.join(root, md), root, anchors):
                got.append("%s:%d: %s (%s)" % (md, line, target, why))
    if got != expected:
        print("check-links self-test FAILED")
        print("expected:\n  " + "\n  ".join(expected))
        print("got:\n  " + "\n  ".join(got))
        return 1
    print("check-links self-test: %d broken links found as expected, ok" % len(expected))
    return 0


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    files = []
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--self-test":
            return self_test()
        if a == "--root":
            if not args:
                print("check-links: --root needs a folder", file=sys.stderr)
                return 2
            root = os.path.abspath(args.pop(0))
        elif a in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        elif a.startswith("-"):
            print("check-links: unknown option '%s'" % a, file=sys.stderr)
            return 2
        else:
            files.append(os.path.abspath(a))
    if not files:
        files = default_files(root)
    for md in files:
        if not os.path.isfile(md):
            print("check-links: no such file '%s'" % md, file=sys.stderr)
            return 2
    broken, links = check(root, files)
    if broken:
        print("check-links: %d broken of %d links in %d files" % (broken, links, len(files)))
        return 1
    print("check-links: %d links in %d files ok" % (links, len(files)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
