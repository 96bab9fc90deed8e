#!/usr/bin/env python3
"""Whole-process comparison with Python lifetimes on the 1M-customer continuous BG/NBD summary (issue 12, item 3).

    /usr/bin/python3 benchmarks/whole-process/compare.py [--rounds 5] [--data DIR] [--peers DIR] [--cli PATH]

1. Generates the summary with the peers' seeded generator (`simulate.py summaries DIR`: synth_bgnbd_1m_seed42.csv,
   1,000,000 customers, continuous recency and T in weeks) unless it is already in DIR.
2. Alternates, round after round, the same four jobs as whole processes (start-up, reading the CSV, the work,
   writing the output): `customer-value fit --model bgnbd` (standard errors included) and lifetimes' BG/NBD fit
   (`lifetimes_job.py fit`), then `customer-value predict --horizon 39` and lifetimes' P(alive) and 39-week expected
   purchases (`lifetimes_job.py predict`), each with the parameters its own fit found.
3. Prints a Markdown table: median wall time, our speed-up, median CPU seconds (user + system), peak resident memory
   (`/usr/bin/time`), and the 1-minute
   load average read before each run (the machine is shared; figures are only comparable within one run).

Python: Debian's /usr/bin/python3 with python3-numpy, -scipy, -pandas, -dill; lifetimes from the peers folder.
The CLI: build first (`dotnet build CustomerValue.sln -c Release`); the default path is the Release apphost.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", ".."))
parser = argparse.ArgumentParser()
parser.add_argument("--rounds", type=int, default=5)
parser.add_argument("--data", default=os.path.join(tempfile.gettempdir(), "cv-whole-process"))
parser.add_argument("--peers", default=os.path.abspath(os.path.join(root, "..", "..", "shared", "peers")))
parser.add_argument("--cli", default=os.path.join(root, "src", "CustomerValue.Cli", "bin", "Release", "net10.0", "customer-value"))
args = parser.parse_args()

os.makedirs(args.data, exist_ok=True)
summary = os.path.join(args.data, "synth_bgnbd_1m_seed42.csv")
if not os.path.exists(summary):
    subprocess.run(["/usr/bin/python3", os.path.join(args.peers, "simulate.py"), "summaries", args.data], check=True)

env = dict(os.environ, PYTHONPATH=os.path.join(args.peers, "python"))
job = os.path.join(args.peers, "lifetimes_job.py")
ours_fit, lt_fit = os.path.join(args.data, "fit-ours.json"), os.path.join(args.data, "fit-lifetimes.json")
jobs = {
    "fit ours": [args.cli, "fit", "--model", "bgnbd", "--summary", summary, "--output", ours_fit],
    "fit lifetimes": ["/usr/bin/python3", job, "fit", summary, lt_fit],
    "predict ours": [args.cli, "predict", "--model", ours_fit, "--summary", summary, "--horizon", "39", "--output", os.path.join(args.data, "predict-ours.csv")],
    "predict lifetimes": ["/usr/bin/python3", job, "predict", summary, os.path.join(args.data, "predict-lifetimes.csv"), lt_fit],
}


def run(command):
    with open("/proc/loadavg") as f:
        load = float(f.read().split()[0])
    timing = os.path.join(args.data, "time.txt")
    result = subprocess.run(["/usr/bin/time", "-f", "%e %M %U %S", "-o", timing] + command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode not in (0, 3):
        sys.exit(f"{' '.join(command)} failed ({result.returncode}): {result.stderr[-2000:]}")
    seconds, kib, user, system = open(timing).read().split()[-4:]
    return float(seconds), int(kib) / 1024, load, float(user) + float(system)


results = {name: [] for name in jobs}
for round_ in range(args.rounds):
    for name, command in jobs.items():
        results[name].append(run(command))
        print(f"round {round_ + 1} {name}: {results[name][-1][0]:.2f} s, {results[name][-1][1]:.0f} MiB, load {results[name][-1][2]:.2f}", file=sys.stderr)

print(f"| job | customer-value | lifetimes | speed-up | CPU seconds (ours / lifetimes) | peak memory (ours / lifetimes) | load average (min–max) |")
print("|---|---|---|---|---|---|---|")
for task in ("fit", "predict"):
    ours, theirs = results[f"{task} ours"], results[f"{task} lifetimes"]
    mo, ml = statistics.median(r[0] for r in ours), statistics.median(r[0] for r in theirs)
    loads = [r[2] for r in ours + theirs]
    co, cl = statistics.median(r[3] for r in ours), statistics.median(r[3] for r in theirs)
    print(f"| {task} | {mo:.2f} s | {ml:.2f} s | {ml / mo:.1f}x | {co:.2f} / {cl:.2f} | {max(r[1] for r in ours):.0f} / {max(r[1] for r in theirs):.0f} MiB | {min(loads):.1f}–{max(loads):.1f} |")
