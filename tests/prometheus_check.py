#!/usr/bin/python3
"""listapps' Prometheus output read as Prometheus reads it.

Usage: prometheus_check.py PROMTOOL [WINE] LISTAPPS_EXE FIXTURE_EXE
(WINE, the emulator that runs the .exe files, only where they do not run natively)

Starts FIXTURE_EXE (fixture_hostile.exe: a FileDescription with a quote, a backslash and a line
feed) with a window, then runs listapps with --format prometheus and checks that
- `promtool check metrics` accepts the text,
- Python's prometheus_client parser reads every series back, and the fixture's name label is
  exactly the Name listapps gives in JSON (escapes undone), its image and PID (label process_id)
  likewise,
- the memory and CPU series are there when asked for, and listapps_apps counts each category;
- with the fixture's window in front (its "focus 0" command) and foreground asked for,
  listapps_foreground_info has one sample, with the fixture's listapps_app_info labels, also
  in a --private listing.
Exits non-zero with the reason when anything is off.
"""
import json
import subprocess
import sys

from prometheus_client.parser import text_string_to_metric_families


def run(command, *args, stdin=subprocess.DEVNULL):
    done = subprocess.run(list(command) + list(args), stdin=stdin, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=120)
    if done.returncode != 0:
        sys.exit(f"{args}: exit {done.returncode}: {done.stderr!r}")
    return done.stdout.decode("utf-8")


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    promtool = sys.argv[1]
    emulator = sys.argv[2:-2]
    listapps, fixture = sys.argv[-2:]
    cli = emulator + [listapps]
    host = subprocess.Popen(emulator + [fixture, "visible:Prometheus \"title\" \\ zq4"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        line = host.stdout.readline()
        assert line == b"ready\n", f"fixture wrote {line!r}"
        rows = json.loads(run(cli, "--format", "json", "--all"))
        mine = [r for r in rows if (r["image"] or "").lower() == "fixture_hostile.exe"]
        assert len(mine) == 1, f"{len(mine)} rows of fixture_hostile.exe"
        row = mine[0]
        for ch in ('"', "\\", "\n"):
            assert ch in row["name"], f"the fixture's name {row['name']!r} lacks {ch!r}"
        host.stdin.write(b"focus 0\n")
        host.stdin.flush()
        line = host.stdout.readline()
        assert line.startswith(b"ok "), f"focus 0: the fixture wrote {line!r}"
        text = run(cli, "--format", "prometheus", "--all", "--columns",
                   "name,image,pid,memory,cpu,threads,handles,gdiObjects,userObjects,disk,"
                   "network,gpu,gpuEngine,gpuDedicatedMemory,gpuSharedMemory,foreground",
                   "--interval", "100")
        private_text = run(cli, "--format", "prometheus", "--private", "--columns",
                           "name,pid,foreground")
    finally:
        host.stdin.close()
        host.wait(timeout=60)

    for checked_text in (text, private_text):
        checked = subprocess.run([promtool, "check", "metrics"],
                                 input=checked_text.encode("utf-8"), stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, timeout=60)
        if checked.returncode != 0:
            sys.exit(f"promtool check metrics failed:\n{checked.stdout.decode()}\n"
                     f"--- text:\n{checked_text}")

    families = {f.name: f for f in text_string_to_metric_families(text)}
    for name in ("listapps_app_info", "listapps_app_windows", "listapps_app_processes",
                 "listapps_app_memory_bytes", "listapps_app_cpu_ratio", "listapps_apps",
                 "listapps_foreground_info"):
        assert name in families, f"no {name} in {sorted(families)}"
        assert families[name].type == "gauge", f"{name} is a {families[name].type}"
    info = [s for s in families["listapps_app_info"].samples
            if s.labels["process_id"] == str(row["pid"])]
    assert len(info) == 1, f"{len(info)} info series for PID {row['pid']}"
    labels = info[0].labels
    assert labels["name"] == row["name"], f"label {labels['name']!r} != name {row['name']!r}"
    assert labels["image"] == row["image"], (labels, row)
    assert labels["category"] == row["category"], (labels, row)
    assert info[0].value == 1
    memory = [s for s in families["listapps_app_memory_bytes"].samples
              if s.labels["process_id"] == str(row["pid"])]
    assert len(memory) == 1 and memory[0].value > 0, memory
    cpu = [s for s in families["listapps_app_cpu_ratio"].samples
           if s.labels["process_id"] == str(row["pid"])]
    assert len(cpu) == 1 and 0 <= cpu[0].value <= 1, cpu
    # windows_exporter's label for the process ID, on every series; no "pid" label anywhere.
    for family in families.values():
        for s in family.samples:
            assert "pid" not in s.labels, f"{s.name} has a pid label: {s.labels}"
            if family.name.startswith("listapps_app_"):
                assert "process_id" in s.labels, f"{s.name} has no process_id: {s.labels}"
    # A metric per new column, in base units; threads and handles are real under Wine too.
    for name in ("listapps_app_threads", "listapps_app_handles", "listapps_app_gdi_objects",
                 "listapps_app_user_objects", "listapps_app_disk_bytes_per_second",
                 "listapps_app_network_bytes_per_second", "listapps_app_gpu_ratio",
                 "listapps_app_gpu_dedicated_memory_bytes",
                 "listapps_app_gpu_shared_memory_bytes"):
        assert name in families, f"no {name} in {sorted(families)}"
        assert families[name].type == "gauge", f"{name} is a {families[name].type}"
    for name in ("listapps_app_threads", "listapps_app_handles"):
        mine = [s for s in families[name].samples if s.labels["process_id"] == str(row["pid"])]
        assert len(mine) == 1 and mine[0].value >= 1, (name, mine)
    counts = {s.labels["category"]: s.value for s in families["listapps_apps"].samples}
    assert set(counts) == {"App", "Background process", "Windows process"}, counts
    assert counts["App"] >= 1, counts
    # The App in front: the fixture, with the same labels as its info series.
    front = families["listapps_foreground_info"].samples
    assert len(front) == 1, f"{len(front)} foreground_info samples: {front}"
    assert front[0].labels == labels and front[0].value == 1, (front[0], labels)
    private = {f.name: f for f in text_string_to_metric_families(private_text)}
    front = private["listapps_foreground_info"].samples
    assert len(front) == 1 and front[0].labels["process_id"] == str(row["pid"]), front
    series = sum(len(f.samples) for f in families.values())
    print(f"prometheus: promtool ok, {series} series read back, hostile name intact: ok")


if __name__ == "__main__":
    main()
