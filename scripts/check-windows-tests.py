#!/usr/bin/env python3
"""Lists the tests a native Windows build registers, and what each needs; fails when one needs
something a Windows runner lacks.

Usage: check-windows-tests.py [--source DIR] [--build NEW_DIR] [--check-prefix DIR]
                              [--node NODE] [--npm-prefix DIR] [--wine-build DIR]
       check-windows-tests.py --self-test

The Windows CI job (.github/workflows/ci.yml) runs ctest natively under MSYS2; nothing here can
run it. So this configures the MinGW cross build (nothing is built) with
-DLISTAPPS_SIMULATE_NATIVE=ON, which registers the tests as a native build does: no Wine, no
emulator in front of any command, and no program of this machine found (tests/CMakeLists.txt).
The programs the build would make get empty placeholders, so ctest lists their commands.
The runner's own tools are given as the workflow gives them: MSYS2's Python (this Python stands
in for it) and setup-node's node with its npm prefix (--node and --npm-prefix, else
$LISTAPPS_NODE or `node` on PATH and $LISTAPPS_NPM_PREFIX). Check for MinGW comes from
--check-prefix or $LISTAPPS_CHECK_PREFIX (scripts/bootstrap-debian.sh). It reads `ctest --show-only=json-v1` and prints one line per test: what it
runs and needs, its fixtures, and the reason when it reports itself skipped.

A test fails the check when it runs, or passes as an argument, a program outside the source and
build trees that is not one of the runner's tools (an absolute /usr/bin path, say), needs Wine
(a wine or wineserver program, a WINE* variable), a POSIX shell, a tool the configure did not
find (-DNODE= left empty), or a fixture that no registered test sets up.

--wine-build DIR also names the tests that DIR (a configured Wine build) registers and the
native build does not. Exit status: 0 when every test can run or reports itself skipped, 1 when
one cannot (each said on stderr), 2 on a bad command line or a configure that fails.
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

# Which CMake cache entries name a tool the Windows runner has, and what it is there.
RUNNER_TOOLS = {
    "CMAKE_COMMAND": "cmake (MSYS2)",
    "CMAKE_CTEST_COMMAND": "ctest (MSYS2)",
    "CMAKE_CPACK_COMMAND": "cpack (MSYS2)",
    "CMAKE_C_COMPILER": "the C compiler (MSYS2 gcc)",
    "CMAKE_OBJDUMP": "objdump (MSYS2's binutils, which gcc brings)",
    "Python3_EXECUTABLE": "Python (MSYS2's python)",
    "LISTAPPS_NODE": "node (actions/setup-node)",
    "LISTAPPS_NPM_PREFIX": "the npm packages (npm install in the workflow)",
}
# -D arguments of the cmake -P tests that name a tool the script runs: empty means not found.
TOOL_DEFINES = {"NODE": "node", "CPACK": "cpack", "C_COMPILER": "a C compiler"}
WINE_PROGRAMS = {"wine", "wine64", "wineserver", "wine-stable", "wine64-stable"}
SHELLS = {"sh", "bash", "dash", "zsh"}


def cache_entries(build):
    """The CMake cache of build as a dict of name -> value, with the C compiler's full path
    (which a toolchain file's compiler is not cached as)."""
    entries = {}
    with open(os.path.join(build, "CMakeCache.txt"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^([A-Za-z0-9_]+):[A-Z]+=(.*)$", line.rstrip("\n"))
            if m:
                entries[m.group(1)] = m.group(2)
    for compiler_file in glob.glob(os.path.join(build, "CMakeFiles", "*", "CMakeCCompiler.cmake")):
        with open(compiler_file, encoding="utf-8") as f:
            m = re.search(r'^set\(CMAKE_C_COMPILER "([^"]+)"\)', f.read(), re.M)
        if m:
            entries["CMAKE_C_COMPILER"] = m.group(1)
    return entries


def make_placeholders(build):
    """ctest lists a test's command only once its program exists: an empty file stands in for
    each program of the build tree that the tests run (nothing is built here). Returns each
    test's program as registered, by test name."""
    programs = {}
    for testfile in glob.glob(os.path.join(build, "**", "CTestTestfile.cmake"), recursive=True):
        with open(testfile, encoding="utf-8") as f:
            for m in re.finditer(r'^add_test\((?:\[=*\[)?(.+?)(?:\]=*\])? "([^"]+)"', f.read(),
                                 re.M):
                programs[m.group(1)] = program = m.group(2)
                if under(program, [build]) and not os.path.exists(program):
                    os.makedirs(os.path.dirname(program), exist_ok=True)
                    open(program, "wb").close()
    return programs


def show_only(build):
    done = subprocess.run(["ctest", "--test-dir", build, "--show-only=json-v1"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if done.returncode != 0:
        sys.exit(f"check-windows-tests: ctest --show-only failed in {build}:\n"
                 f"{done.stderr.decode(errors='replace')}")
    return json.loads(done.stdout)


def properties(test):
    return {p["name"]: p["value"] for p in test.get("properties", [])}


def under(path, roots):
    path = os.path.normpath(path)
    return any(path == r or path.startswith(r + os.sep) for r in roots)


def basename(path):
    name = re.split(r"[\\/]", path)[-1].lower()
    return name[:-4] if name.endswith(".exe") else name


class Context:
    """What is the runner's: the trees, and the tools by path."""

    def __init__(self, source, build, tools, programs=None):
        self.roots = [os.path.normpath(source), os.path.normpath(build)]
        self.build = os.path.normpath(build)
        self.tools = {os.path.normpath(path): what for path, what in tools.items() if path}
        self.programs = programs or {}  # each test's program as registered


def describe_program(ctx, program):
    """What program is, or None when the runner has no such thing."""
    norm = os.path.normpath(program)
    if norm in ctx.tools:
        return ctx.tools[norm]
    if under(norm, [ctx.build]):
        return f"built here: {os.path.basename(norm)}"
    if under(norm, ctx.roots):
        return f"from the source tree: {os.path.relpath(norm, ctx.roots[0])}"
    return None


def check_test(ctx, test, fixture_setups):
    """(what it needs, problems) for one test of the json-v1 listing."""
    name = test["name"]
    props = properties(test)
    command = test.get("command") or []
    needs = []
    problems = []

    if not command:
        problems.append(f"{name}: ctest finds no program to run "
                        f"({ctx.programs.get(name, 'none registered')})")
        return needs, problems
    program = describe_program(ctx, command[0])
    if command[0].endswith("-NOTFOUND"):
        problems.append(f"{name}: runs {command[0]}: the configure found no such program")
    elif basename(command[0]) in WINE_PROGRAMS:
        problems.append(f"{name}: runs {command[0]}: a Windows runner has no Wine")
    elif basename(command[0]) in SHELLS:
        problems.append(f"{name}: runs {command[0]}: a native ctest has no POSIX shell to run")
    elif program is None:
        problems.append(f"{name}: runs {command[0]}, which a Windows runner lacks")
    else:
        needs.append(program)

    for arg in command[1:]:
        value = arg
        m = re.match(r"^-D([A-Za-z0-9_]+)=(.*)$", arg)
        if m:
            value = m.group(2)
            if m.group(1) in TOOL_DEFINES and not value:
                problems.append(f"{name}: needs {TOOL_DEFINES[m.group(1)]}, and none was found "
                                f"({arg})")
        if value.endswith("-NOTFOUND"):
            problems.append(f"{name}: passes {arg}: the configure found no such program")
        elif basename(value) in WINE_PROGRAMS and value:
            problems.append(f"{name}: passes {value}: a Windows runner has no Wine")
        elif value.startswith("/") and not under(value, ctx.roots) and \
                os.path.normpath(value) not in ctx.tools:
            problems.append(f"{name}: passes {value}, which a Windows runner lacks")
        elif command[0] and basename(command[0]) == "windowed_parent" and arg == command[1]:
            needs.append(f"under windowed_parent.exe (an App): {arg}")
        elif arg.endswith((".py", ".cmake", ".sh")) and under(arg, ctx.roots):
            needs.append(os.path.relpath(os.path.normpath(arg), ctx.roots[0]))
        elif m and os.path.normpath(value) in ctx.tools:
            needs.append(ctx.tools[os.path.normpath(value)])

    for entry in props.get("ENVIRONMENT", []):
        var = entry.split("=", 1)[0]
        if var.upper().startswith("WINE"):
            problems.append(f"{name}: sets {var}: a Windows runner has no Wine")
    for fixture in props.get("FIXTURES_REQUIRED", []):
        if fixture not in fixture_setups:
            problems.append(f"{name}: requires the fixture '{fixture}', which no registered "
                            f"test sets up")
        else:
            needs.append(f"fixture {fixture}")
    skip = props.get("SKIP_REGULAR_EXPRESSION") or props.get("SKIP_RETURN_CODE")
    if skip is not None:
        said = " ".join(command[3:]) if command[1:3] == ["-E", "echo"] else ""
        needs.append(f"reports itself skipped: {said}" if said else
                     f"may report itself skipped ({skip})")
    return needs, problems


def check_listing(ctx, listing):
    """(lines, problems) over a json-v1 listing."""
    tests = listing.get("tests", [])
    setups = set()
    for test in tests:
        setups.update(properties(test).get("FIXTURES_SETUP", []))
    lines = []
    problems = []
    for test in tests:
        needs, found = check_test(ctx, test, setups)
        labels = ",".join(properties(test).get("LABELS", []))
        status = "CANNOT RUN" if found else "ok"
        lines.append(f"{test['name']:<34} {status:<10} [{labels}] {'; '.join(needs)}")
        problems.extend(found)
    return lines, problems


def configure(source, build, check_prefix, node, npm_prefix):
    python = sys.executable
    command = ["cmake", "-S", source, "-B", build,
               f"-DCMAKE_TOOLCHAIN_FILE={os.path.join(source, 'cmake', 'mingw-w64-x86_64.cmake')}",
               "-DCMAKE_BUILD_TYPE=Release", "-DLISTAPPS_SIMULATE_NATIVE=ON",
               f"-DPython3_EXECUTABLE={python}", f"-DLISTAPPS_NODE={node}",
               f"-DLISTAPPS_NPM_PREFIX={npm_prefix}"]
    if check_prefix:
        command.append(f"-DCMAKE_PREFIX_PATH={check_prefix}")
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    if done.returncode != 0:
        print(done.stdout.decode(errors="replace"), file=sys.stderr)
        print("check-windows-tests: the simulated native configure failed", file=sys.stderr)
        sys.exit(2)


def run(args):
    source = os.path.abspath(args.source)
    build = os.path.abspath(args.build)
    configure(source, build, args.check_prefix or os.environ.get("LISTAPPS_CHECK_PREFIX", ""),
              args.node or os.environ.get("LISTAPPS_NODE") or shutil.which("node") or "",
              args.npm_prefix or os.environ.get("LISTAPPS_NPM_PREFIX", ""))
    programs = make_placeholders(build)
    cache = cache_entries(build)
    tools = {cache.get(key, ""): what for key, what in RUNNER_TOOLS.items()}
    ctx = Context(source, build, tools, programs)
    listing = show_only(build)
    lines, problems = check_listing(ctx, listing)
    print(f"Tests a native Windows build registers ({len(lines)}), and what each needs:")
    for line in lines:
        print("  " + line)
    if args.wine_build:
        native = {t["name"] for t in listing.get("tests", [])}
        wine_only = [t["name"] for t in show_only(args.wine_build).get("tests", [])
                     if t["name"] not in native]
        print(f"Registered under Wine only ({len(wine_only)}): {', '.join(wine_only) or 'none'}")
    for problem in problems:
        print(f"check-windows-tests: {problem}", file=sys.stderr)
    if problems:
        print(f"check-windows-tests: {len(problems)} problem(s): a Windows runner could not run "
              f"these tests", file=sys.stderr)
        return 1
    print("check-windows-tests: every test can run on a Windows runner or says why it skips")
    return 0


def self_test():
    """The check on a made-up listing: each kind of trouble is found, clean tests pass."""
    src, bld = "/src", "/src/build"
    ctx = Context(src, bld, {"/usr/bin/cmake": "cmake (MSYS2)",
                             "/usr/bin/python3": "Python (MSYS2's python)"})

    def test(name, command, **props):
        return {"name": name, "command": command,
                "properties": [{"name": k, "value": v} for k, v in props.items()]}

    clean = [
        test("suite", ["/src/build/bin/test_a.exe"], LABELS=["integration"]),
        test("py", ["/usr/bin/python3", "/src/tests/x.py", "/src/build/bin/listapps.exe"]),
        test("skip", ["/usr/bin/cmake", "-E", "echo", "skip: skipped: no promtool here"],
             SKIP_REGULAR_EXPRESSION=["skipped: "]),
        test("windowed", ["/src/build/bin/windowed_parent.exe", "test_a.exe"]),
        test("setup", ["/src/build/bin/setup.exe"], FIXTURES_SETUP=["f"]),
        test("uses", ["/src/build/bin/x.exe"], FIXTURES_REQUIRED=["f"]),
    ]
    bad = {
        "debian_python": test("debian_python", ["/usr/local/bin/python3", "/src/tests/p.py"]),
        "promtool_arg": test("promtool_arg", ["/usr/bin/python3", "/src/tests/p.py",
                                              "/usr/bin/promtool", "/src/build/bin/l.exe"]),
        "emulator": test("emulator", ["/usr/bin/wine", "/src/build/bin/test_a.exe"]),
        "emulator_arg": test("emulator_arg", ["/usr/bin/python3", "/src/tests/p.py",
                                              "/opt/wine/bin/wine", "/src/build/bin/l.exe"]),
        "wine_env": test("wine_env", ["/src/build/bin/test_a.exe"],
                         ENVIRONMENT=["WINEPREFIX=/tmp/p"]),
        "shell": test("shell", ["/bin/sh", "/src/tests/start.sh"]),
        "no_node": test("no_node", ["/usr/bin/cmake", "-DNODE=", "-P", "/src/tests/m.cmake"]),
        "no_setup": test("no_setup", ["/src/build/bin/test_a.exe"], FIXTURES_REQUIRED=["wine"]),
        "no_command": {"name": "no_command", "properties": []},
        "not_found": test("not_found", ["LISTAPPS_DEBIAN_PYTHON-NOTFOUND", "/src/tests/p.py"]),
        "arg_not_found": test("arg_not_found", ["/usr/bin/python3", "/src/tests/p.py",
                                                "LISTAPPS_PROMTOOL-NOTFOUND"]),
    }
    failures = []
    lines, problems = check_listing(ctx, {"tests": clean})
    if problems:
        failures.append(f"clean tests were refused: {problems}")
    if not any("reports itself skipped: skip: skipped: no promtool here" in l for l in lines):
        failures.append(f"the skip reason is not shown: {lines}")
    for name, bad_test in bad.items():
        _, problems = check_listing(ctx, {"tests": clean + [bad_test]})
        if not problems or not all(p.startswith(name + ":") for p in problems):
            failures.append(f"{name}: expected problems with it alone, got {problems}")
    for failure in failures:
        print(f"check-windows-tests self-test: {failure}", file=sys.stderr)
    if failures:
        return 1
    print(f"check-windows-tests self-test: {len(bad)} kinds of trouble found, "
          f"{len(clean)} clean tests passed: ok")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", default=os.path.join(os.path.dirname(__file__), ".."))
    parser.add_argument("--build", default=None,
                        help="a folder of its own for the configure, where the programs the "
                        "tests run get empty placeholders (default: a temporary folder)")
    parser.add_argument("--check-prefix", default=None,
                        help="Check built for MinGW (default: $LISTAPPS_CHECK_PREFIX)")
    parser.add_argument("--node", default=None,
                        help="node, standing in for setup-node's (default: $LISTAPPS_NODE, or "
                        "node on PATH)")
    parser.add_argument("--npm-prefix", default=None,
                        help="the npm packages' prefix (default: $LISTAPPS_NPM_PREFIX)")
    parser.add_argument("--wine-build", default=None,
                        help="a configured Wine build, to list the tests registered there only")
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    if args.build is not None:
        return run(args)
    with tempfile.TemporaryDirectory(prefix="listapps-windows-tests-") as build:
        args.build = build
        return run(args)


if __name__ == "__main__":
    sys.exit(main())
