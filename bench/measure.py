#!/usr/bin/env python3
"""CPU time and peak memory of each tool's runs, taken round by round.

    measure.py RUNS DIR < COMMANDS

COMMANDS has one "TOOL<tab>COMMAND" line a tool. Each of RUNS rounds runs
every tool once, in turn, so that a change in the machine's load falls on
all of them alike; each run appends "wall user sys maxrss-KiB" to
DIR/TOOL.time, from wait4() (the child's own rusage, to the microsecond;
/usr/bin/time rounds CPU to 10 ms).
"""
import os
import shlex
import subprocess
import sys
import time


def main(argv):
    runs, d = int(argv[0]), argv[1]
    tools = [line.rstrip("\n").split("\t", 1) for line in sys.stdin if line.strip()]
    for t, _ in tools:
        open(os.path.join(d, f"{t}.time"), "w").close()
    with open(os.devnull, "wb") as null:
        for _ in range(runs):
            for t, cmd in tools:
                start = time.monotonic()
                p = subprocess.Popen(shlex.split(cmd), stdout=null, stderr=null)
                _, status, ru = os.wait4(p.pid, 0)
                wall = time.monotonic() - start
                p.returncode = os.waitstatus_to_exitcode(status)
                if p.returncode != 0:
                    sys.exit(f"measure: {t} failed (exit {p.returncode}): {cmd}")
                with open(os.path.join(d, f"{t}.time"), "a") as fh:
                    fh.write(f"{wall:.6f} {ru.ru_utime:.6f} {ru.ru_stime:.6f} {ru.ru_maxrss}\n")


if __name__ == "__main__":
    main(sys.argv[1:])
