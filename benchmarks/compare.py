#!/usr/bin/env python3
"""Whole-process timing, hyperfine-style: runs each command N times, alternating, and prints
the median, min-max and interquartile range of each, and each command's median over the first's.

  benchmarks/compare.py -n 10 --prepare 'rm -rf /tmp/t' 'git clone -q --depth 1 URL /tmp/t' './gitsource clone URL /tmp/t'

--prepare runs (untimed) before every run of every command; -w warm-up rounds are run untimed.
Commands run through /bin/sh; a command that fails stops the comparison."""
import argparse
import statistics
import subprocess
import sys
import time


def run(cmd):
    start = time.perf_counter()
    r = subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if r.returncode != 0:
        sys.exit(f"command failed ({r.returncode}): {cmd}\n{r.stderr.decode(errors='replace')}")
    return elapsed


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", "--runs", type=int, default=10)
    ap.add_argument("-w", "--warmup", type=int, default=1)
    ap.add_argument("--prepare", default=None)
    ap.add_argument("-l", "--label", action="append", default=[], help="a name per command, in order")
    ap.add_argument("commands", nargs="+")
    a = ap.parse_args()
    labels = a.label + a.commands[len(a.label):]
    times = [[] for _ in a.commands]
    for round_ in range(a.warmup + a.runs):
        # alternate the order each round, so neither command always runs right after the other's files
        order = list(range(len(a.commands)))
        if round_ % 2:
            order.reverse()
        for i in order:
            if a.prepare:
                subprocess.run(a.prepare, shell=True, check=True)
            t = run(a.commands[i])
            if round_ >= a.warmup:
                times[i].append(t)
    base = statistics.median(times[0])
    for label, ts in zip(labels, times):
        med = statistics.median(ts)
        q = statistics.quantiles(ts, n=4) if len(ts) > 1 else [med, med, med]
        print(f"{label:40.40s} median {med:7.3f} s  min-max {min(ts):.3f}-{max(ts):.3f}  "
              f"IQR {q[0]:.3f}-{q[2]:.3f}  x{med / base:.2f}  (n={len(ts)})")


if __name__ == "__main__":
    main()
