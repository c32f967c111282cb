#!/usr/bin/python3
"""What scripts/bootstrap-debian.sh installs, checked through its --print-packages (issue 24).

Usage: setup_packages_check.py BOOTSTRAP CACHE_DIR PROMTOOL

Run on Debian or Ubuntu after `bootstrap-debian.sh test` (scripts/test.sh runs it first).
Checks that
1. `--print-packages` prints the demo's and the tests' lists and does nothing else: it runs with
   apt-get, dpkg, sudo, Wine, CMake and npm replaced by stand-ins that record any call, and with
   a cache folder that must stay absent;
2. the demo's list is within the tests' and holds none of the packages that only the tests use
   (TEST_ONLY, written down here rather than read from the script), and neither list holds
   prometheus;
3. no package of either list ships a service, and no package that one of them depends on as
   installed here does either (see ships_service for what counts). The dependencies are walked
   in dpkg's own records (Pre-Depends and Depends, virtual packages through their installed
   providers), which after the test set-up hold everything the set-up installed. A listed
   package that is not installed here (nodejs and npm when node came from elsewhere) is
   downloaded with apt-get download and read from its .deb. Packages on every Debian or Ubuntu
   system (Essential, or Priority required) cannot have been added by the set-up and are
   reported, not counted; so is EXEMPT's one-shot boot helper;
4. PROMTOOL lies in CACHE_DIR, belongs to no installed package, and works with an empty PATH:
   `promtool check metrics` accepts a valid text and refuses a broken one.
Prints what it found and "setup packages: ... ok"; exits 1 with the reasons otherwise.
"""
import os
import re
import subprocess
import sys
import tarfile
import tempfile

# The packages that only the tests use: the demo builds and runs under Wine with none of them.
TEST_ONLY = {
    "check", "pkg-config", "mingw-w64-tools", "gcc", "libc6-dev", "clang", "libclang-rt-dev",
    "dpkg-dev", "xz-utils", "python3", "python3-prometheus-client", "nodejs", "npm",
}
# Packages that no purpose may list: Debian's prometheus runs its server as a service.
NEVER = {"prometheus"}

# A service: a systemd unit (system or user), a SysV init script, a system user declared to
# systemd-sysusers, a D-Bus system service, or a desktop autostart entry...
SERVICE_DIRS = (
    "/lib/systemd/system/", "/usr/lib/systemd/system/", "/lib/systemd/user/",
    "/usr/lib/systemd/user/", "/etc/systemd/system/", "/etc/systemd/user/", "/etc/init.d/",
    "/lib/sysusers.d/", "/usr/lib/sysusers.d/", "/usr/share/dbus-1/system-services/",
    "/etc/xdg/autostart/",
)
# ...or a maintainer script that adds a user or enables a service. (Starting one needs a unit or
# an init script, which the folders above catch; libc6 restarting other packages' services
# after an upgrade ships none.)
SERVICE_SCRIPT = re.compile(
    r"(?<![\w./-])(adduser|useradd|systemd-sysusers)(?![\w.-])"
    r"|\bdeb-systemd-helper\s+(enable|unmask)\b"
    r"|\bsystemctl\b[^;&|]*\benable\b|\bupdate-rc\.d\s+\S+\s+(defaults|enable)\b")
MAINTAINER_SCRIPTS = ("preinst", "postinst")

# Dependencies that ship an init script but run nothing of their own, with the reason.
EXEMPT = {
    "procps": "CMake depends on it; its /etc/init.d/procps, which it enables, applies sysctl "
              "settings once at boot (under systemd an alias of systemd-sysctl.service): no "
              "daemon, port or user",
}


def run(args, **kwargs):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=240, **kwargs)


def print_packages(bootstrap, purpose_args, problems):
    """The list that `bootstrap PURPOSE --print-packages` prints, checked to do nothing else."""
    with tempfile.TemporaryDirectory() as work:
        stand_ins = os.path.join(work, "bin")
        os.mkdir(stand_ins)
        calls = os.path.join(work, "calls")
        for tool in ("apt-get", "apt-cache", "dpkg", "dpkg-query", "dpkg-deb", "sudo", "tee",
                     "wine", "wine64", "wineboot", "wineserver", "cmake", "npm", "node", "tar"):
            path = os.path.join(stand_ins, tool)
            with open(path, "w") as f:
                f.write(f'#!/bin/sh\necho "{tool} $*" >>"{calls}"\nexit 1\n')
            os.chmod(path, 0o755)
        cache = os.path.join(work, "cache")
        env = dict(os.environ, PATH=stand_ins + os.pathsep + os.environ.get("PATH", ""),
                   LISTAPPS_CACHE=cache)
        done = run(["bash", bootstrap, *purpose_args, "--print-packages"], env=env)
        what = " ".join(purpose_args) or "(no purpose)"
        if done.returncode != 0:
            problems.append(f"{what} --print-packages: exit {done.returncode}: {done.stderr!r}")
        if os.path.exists(calls):
            with open(calls) as f:
                problems.append(f"{what} --print-packages ran {f.read()!r}")
        if os.path.exists(cache):
            problems.append(f"{what} --print-packages created the cache folder")
        lines = done.stdout.splitlines()
        bad = [x for x in lines if not re.fullmatch(r"[a-z0-9][a-z0-9+.-]+", x)]
        if bad or not lines:
            problems.append(f"{what} --print-packages printed {done.stdout!r}: not package names")
        if len(set(lines)) != len(lines):
            problems.append(f"{what} --print-packages lists a package twice: {lines}")
        return lines


def dependency_groups(field):
    """[[alternative, ...], ...] from a Depends-style field, versions and arch qualifiers off."""
    groups = []
    for group in field.split(","):
        alternatives = [re.split(r"[\s(:\[]", a.strip(), maxsplit=1)[0] for a in group.split("|")]
        alternatives = [a for a in alternatives if a]
        if alternatives:
            groups.append(alternatives)
    return groups


class Installed:
    """dpkg's records of the installed packages, read once."""

    def __init__(self):
        fields = "${Package}\t${db:Status-Abbrev}\t${Essential}\t${Priority}\t${Provides}" \
                 "\t${Pre-Depends}\t${Depends}\n"
        done = run(["dpkg-query", "-W", "-f", fields])
        self.depends, self.base, self.providers = {}, {}, {}
        for line in done.stdout.splitlines():
            name, status, essential, priority, provides, pre, depends = line.split("\t")
            if status[:2] not in ("ii", "hi"):
                continue
            self.depends.setdefault(name, []).extend(dependency_groups(pre + "," + depends))
            if essential == "yes" or priority == "required":
                self.base[name] = "Essential" if essential == "yes" else "Priority required"
            for (virtual, *_) in dependency_groups(provides):
                self.providers.setdefault(virtual, set()).add(name)
        # Files in the service folders, by package, in one query (dpkg -S takes patterns).
        self.service_files = {}
        found = run(["dpkg-query", "-S"] + [d + "*" for d in SERVICE_DIRS])
        for line in found.stdout.splitlines():
            if line.startswith("diversion ") or ": " not in line:
                continue
            owners, path = line.split(": ", 1)
            if not any(path.startswith(d) and len(path) > len(d) for d in SERVICE_DIRS):
                continue
            for owner in owners.split(","):
                self.service_files.setdefault(owner.strip().split(":")[0], []).append(path)
        self._reasons = {}

    def candidates(self, name):
        """The installed packages that satisfy NAME: itself, else its providers."""
        if name in self.depends:
            return [name]
        return sorted(self.providers.get(name, ()))

    def ships_service(self, name):
        """The reason NAME counts as shipping a service, or None."""
        if name not in self._reasons:
            reason = None
            if name in self.service_files:
                reason = ", ".join(sorted(self.service_files[name])[:3])
            else:
                done = run(["dpkg-query", "--control-path", name])
                for path in done.stdout.split():
                    if os.path.basename(path).split(".")[-1] in MAINTAINER_SCRIPTS:
                        with open(path, errors="replace") as f:
                            reason = script_reason(os.path.basename(path), f.read())
                        if reason:
                            break
            self._reasons[name] = reason
        return self._reasons[name]

    def closure(self, roots):
        """The installed packages that ROOTS need, walked as apt would satisfy each dependency:
        by an installed alternative (one without a service, when there is one)."""
        seen, todo = set(), list(roots)
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            for alternatives in self.depends[name]:
                chosen = [c for a in alternatives for c in self.candidates(a)]
                if not chosen:
                    continue  # dpkg accepted it as satisfied (by a version of itself, by Essential)
                quiet = [c for c in chosen if not self.ships_service(c)]
                todo.append((quiet or chosen)[0])
        return seen


def script_reason(name, text):
    for line in text.splitlines():
        code = line.split("#", 1)[0]
        if SERVICE_SCRIPT.search(code):
            return f"{name}: {line.strip()[:100]!r}"
    return None


def deb_reasons(names, problems):
    """Each not-installed package's service, read from its downloaded .deb."""
    reasons = {}
    with tempfile.TemporaryDirectory() as work:
        download = ["apt-get", "download", "-qq"]
        if os.getuid() == 0:
            download += ["-o", "APT::Sandbox::User=root"]  # _apt cannot write to this folder
        done = run(download + sorted(names), cwd=work)
        if done.returncode != 0:
            problems.append(f"apt-get download {' '.join(sorted(names))}: {done.stderr.strip()}")
            return reasons
        for deb in sorted(os.listdir(work)):
            name = deb.split("_")[0]
            path = os.path.join(work, deb)
            reason = None
            for member in tar_members(["dpkg-deb", "--fsys-tarfile", path]):
                file = "/" + member.name.lstrip("./")
                if any(file.startswith(d) and len(file) > len(d) for d in SERVICE_DIRS):
                    reason = file
                    break
            if not reason:
                for member, text in tar_members(["dpkg-deb", "--ctrl-tarfile", path], True):
                    if os.path.basename(member.name) in MAINTAINER_SCRIPTS:
                        reason = script_reason(os.path.basename(member.name), text)
                        if reason:
                            break
            reasons[name] = reason
    missing = set(names) - set(reasons)
    if missing:
        problems.append(f"apt-get download left out {sorted(missing)}")
    return reasons


def tar_members(command, read=False):
    with subprocess.Popen(command, stdout=subprocess.PIPE) as proc:
        with tarfile.open(fileobj=proc.stdout, mode="r|") as tar:
            for member in tar:
                if read:
                    data = tar.extractfile(member) if member.isfile() else None
                    yield member, data.read().decode("utf-8", "replace") if data else ""
                else:
                    yield member


def check_services(purpose, listed, installed, all_problems):
    problems = []
    roots, absent = [], []
    for name in listed:
        found = installed.candidates(name)
        if found:
            roots.append(found[0])
        else:
            absent.append(name)
    for name in roots:
        reason = installed.ships_service(name)
        if reason:
            problems.append(f"{purpose}: the listed {name} ships a service: {reason}")
    if absent:
        for name, reason in deb_reasons(absent, problems).items():
            if reason:
                problems.append(f"{purpose}: the listed {name} ships a service: {reason}")
    closure = installed.closure(roots)
    noted = []
    for name in sorted(closure - set(roots)):
        reason = installed.ships_service(name)
        if not reason:
            continue
        if name in installed.base:
            noted.append(f"{name} ({installed.base[name]}, on every system: {reason})")
        elif name in EXEMPT:
            noted.append(f"{name} ({EXEMPT[name]}: {reason})")
        else:
            problems.append(f"{purpose}: {name}, which the list depends on, ships a service: "
                            f"{reason}")
    print(f"{purpose}: {len(listed)} packages listed, {len(closure)} with what they depend on "
          f"as installed here" + (f", {len(absent)} read from their .deb ({', '.join(absent)})"
                                  if absent else "") + (f"; {len(problems)} problems"
                                                        if problems else "; no service"))
    for note in noted:
        print(f"  not counted: {note}")
    all_problems.extend(problems)


def check_promtool(cache, promtool, problems):
    if not promtool:
        problems.append("no promtool given: configure with -DLISTAPPS_PROMTOOL= set to what "
                        "scripts/bootstrap-debian.sh test prints")
        return
    real, folder = os.path.realpath(promtool), os.path.realpath(cache)
    if os.path.commonpath([real, folder]) != folder:
        problems.append(f"promtool {real} is not in the cache folder {folder}")
    if run(["dpkg-query", "-S", real]).returncode == 0:
        problems.append(f"promtool {real} belongs to an installed package")
    if not os.access(real, os.X_OK):
        problems.append(f"promtool {real} is not an executable file")
        return
    env = {"PATH": "/nonexistent", "LANG": "C"}
    version = run([real, "--version"], env=env)
    if "promtool, version" not in version.stdout + version.stderr:
        problems.append(f"promtool --version: exit {version.returncode}: {version.stderr!r}")
    good = ("# HELP listapps_check_ratio A gauge.\n# TYPE listapps_check_ratio gauge\n"
            "listapps_check_ratio 0.5\n")
    accepted = run([real, "check", "metrics"], input=good, env=env)
    refused = run([real, "check", "metrics"], input='listapps_check{a="b} 1\n', env=env)
    if accepted.returncode != 0 or refused.returncode == 0:
        problems.append(f"promtool check metrics: valid text exit {accepted.returncode} "
                        f"{accepted.stdout + accepted.stderr!r}, broken text exit "
                        f"{refused.returncode}")
    print(f"promtool: {real}, {version.stdout.splitlines()[0] if version.stdout else '?'}")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    bootstrap, cache, promtool = sys.argv[1:]
    problems = []

    demo = print_packages(bootstrap, ["demo"], problems)
    test = print_packages(bootstrap, ["test"], problems)
    if print_packages(bootstrap, ["--no-check"], problems) != demo:
        problems.append("--no-check does not print the demo's list")
    if print_packages(bootstrap, [], problems) != test:
        problems.append("no purpose does not print the tests' list")
    usage = run(["bash", bootstrap, "bogus", "--print-packages"])
    if usage.returncode != 2 or usage.stdout or "usage:" not in usage.stderr:
        problems.append(f"an unknown purpose: exit {usage.returncode}, {usage.stdout!r}")

    if not set(demo) <= set(test):
        problems.append(f"the demo's list has {sorted(set(demo) - set(test))}, the tests' not")
    if set(demo) & TEST_ONLY:
        problems.append(f"the demo's list holds test-only {sorted(set(demo) & TEST_ONLY)}")
    for purpose, listed in (("demo", demo), ("test", test)):
        if set(listed) & NEVER:
            problems.append(f"the {purpose} list holds {sorted(set(listed) & NEVER)}")
    print(f"demo list: {' '.join(demo)}")
    print(f"test list adds: {' '.join(x for x in test if x not in demo)}")

    installed = Installed()
    for purpose, listed in (("demo", demo), ("test", test)):
        check_services(purpose, listed, installed, problems)
    check_promtool(cache, promtool, problems)

    if problems:
        sys.exit("setup packages: FAILED\n" + "\n".join(problems))
    print("setup packages: lists, services and promtool: ok")


if __name__ == "__main__":
    main()
