#!/usr/bin/env python3
# One table of every benchmark figure written by this run of `meson test --benchmark`:
# printed, and saved as benchmarks.txt and benchmarks.json beside the results.
import json
import os
import sys

results_dir = sys.argv[1]
rows = []
benchmarks = []
for name in sorted(os.listdir(results_dir)) if os.path.isdir(results_dir) else []:
    if not name.endswith(".json"):
        continue
    with open(os.path.join(results_dir, name)) as f:
        result = json.load(f)
    benchmarks.append(result)
    for fig in result["figures"]:
        spread = f'{fig["median"]:.2f} ({fig["min"]:.2f}-{fig["max"]:.2f}, {fig["runs"]} runs)'
        if "reference" in fig:
            reference = f'{fig["reference"]}: {fig["reference_median"]:.2f} ({fig["reference_min"]:.2f}-{fig["reference_max"]:.2f})'
            ratio = f'{fig["ratio"]:.2f}x'
        else:
            reference, ratio = "-", "-"
        if fig["goal"] == "shown":
            target, verdict = "-", "shown"
        else:
            limit = f'{fig["target"]:.2f}x' if "reference" in fig else f'{fig["target"]:g} {fig["unit"]}'
            target = f'{"<=" if fig["goal"] == "at most" else ">="} {limit}'
            verdict = "met" if fig["met"] else "MISSED"
        rows.append([fig["figure"], f'{spread} {fig["unit"]}', reference, ratio, target, verdict,
                     result["benchmark"]])

if not rows:
    sys.exit(f"no benchmark results in {results_dir}")

header = ["figure", "median (min-max)", "reference, same run", "ratio", "target", "", "benchmark"]
widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
lines = [" | ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in [header] + rows]
lines.insert(1, "-+-".join("-" * w for w in widths))
text = "\n".join(lines) + "\n"
print(text, end="")

out_dir = os.path.dirname(os.path.abspath(results_dir))
with open(os.path.join(out_dir, "benchmarks.txt"), "w") as f:
    f.write(text)
with open(os.path.join(out_dir, "benchmarks.json"), "w") as f:
    json.dump({"benchmarks": benchmarks}, f, indent=2)
print(f"written: {os.path.join(out_dir, 'benchmarks.txt')} and benchmarks.json")
