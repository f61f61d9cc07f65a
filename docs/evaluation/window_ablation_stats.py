"""Usage: python3 window_ablation_stats.py RUN_DIR POLICY

Paired statistics of a window-ablation evaluation: ablation - policy test loss over (setting, seed) pairs,
95% t-interval, settings worse on average, and the per-run mean |log(LR_ablation / LR_policy)| (median, largest)."""
import csv, math, os, sys, statistics
from collections import defaultdict
run_dir, best = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(os.path.join(run_dir, 'results.csv'))))
loss = {(r['method'], r['setting'], r['seed']): (math.log(10) if r['diverged'] == 'true' else float(r['test_loss'])) for r in rows}
div = sum(1 for r in rows if r['diverged'] == 'true')
def tq(df):
    """The two-sided 95% t quantile, by its expansion in 1/df around the normal one (to ~1e-4 for df >= 10)."""
    from statistics import NormalDist
    z = NormalDist().inv_cdf(0.975)
    g1 = (z**3 + z) / 4; g2 = (5*z**5 + 16*z**3 + 3*z) / 96; g3 = (3*z**7 + 19*z**5 + 17*z**3 - 15*z) / 384
    return z + g1/df + g2/df**2 + g3/df**3
def curve(method, setting, seed):
    p = os.path.join(run_dir, 'curves', method, setting.replace('/', '_'), seed + '.csv')
    with open(p) as f:
        next(f)
        return [float(l.split(',')[1]) for l in f]
print(f"runs {len(rows)}, diverged {div}, policy mean test loss "
      f"{statistics.mean(v for (m, s, e), v in loss.items() if m == best):.4f}")
for ab in sorted({r['method'] for r in rows} - {best}):
    d, per_setting, gaps = [], defaultdict(list), []
    for (m, s, e), v in loss.items():
        if m != ab or (best, s, e) not in loss:
            continue
        diff = v - loss[(best, s, e)]
        d.append(diff); per_setting[s].append(diff)
        a, b = curve(ab, s, e), curve(best, s, e)
        n = min(len(a), len(b))
        gaps.append(sum(abs(math.log(a[i] / b[i])) for i in range(n)) / n)
    n = len(d); mean = statistics.mean(d); se = statistics.stdev(d) / math.sqrt(n); h = tq(n - 1) * se
    worse = sum(1 for v in per_setting.values() if statistics.mean(v) > 0)
    print(f"{ab}: {mean:+.4f} [{mean - h:+.4f}, {mean + h:+.4f}] over {n} pairs; worse in {worse} of "
          f"{len(per_setting)} settings; LR gap median {statistics.median(gaps):.3f}, largest {max(gaps):.2f}")
    for s in sorted(per_setting):
        print(f"    {s}: {statistics.mean(per_setting[s]):+.4f} ({len(per_setting[s])} seeds)")
