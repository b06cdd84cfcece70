"""When does a Dask LocalCluster pay? `predict_cogs` on N simulated products, in process (the peer) and with a LocalCluster.

python bench/scheduler_bench.py --size 1098 --counts 2 4   # the figures in nbs/21_cog.ipynb (`CLUSTER_MIN_PIXELS`)
Each case runs in a fresh process; the report gives seconds per case, the ratio local / in-process, and the cluster's
start-up and speed-up fitted from two counts (local = start-up + in-process time / speed-up)."""
import argparse, json, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
from _timing import run_timed

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--size', type=int, default=1098, help='side of each product in 20 m pixels (a multiple of 3)')
    ap.add_argument('--counts', type=int, nargs='+', default=[2, 4], help='numbers of products to mask')
    ap.add_argument('--out', type=Path, default=Path('bench/out'), help='folder for the products and the report')
    a = ap.parse_args(argv)
    prods = a.out / f'scheduler_products_{a.size}'
    from deepfmask.simulate import simulate
    paths = simulate(prods, n=max(a.counts), size=a.size, seed=5, overwrite=True)   # made afresh on every run
    rows = []
    for n in a.counts:
        for sched in ('none', 'local'):
            out = a.out / f'scheduler_masks_{a.size}_{n}_{sched}'
            setup = (f"import shutil; from deepfmask.cog import predict_cogs\nshutil.rmtree({str(out)!r}, ignore_errors=True)\n"
                     f"paths = {[str(p) for p in paths[:n]]!r}")
            work = f"predict_cogs(paths, out_dir={str(out)!r}, scheduler={None if sched == 'none' else sched!r}, log=lambda m: None, quicklook=False)"
            s, mib = run_timed(setup, work)
            rows.append(dict(products=n, scheduler=sched, seconds=round(s, 2), peak_mib_client=round(mib)))
            print(rows[-1], flush=True)
    t = {(r['products'], r['scheduler']): r['seconds'] for r in rows}
    for n in a.counts: print(f"{n} products: local / in process = {t[n, 'local'] / t[n, 'none']:.2f}")
    report = dict(size=a.size, rows=rows)
    if len(a.counts) >= 2:
        n0, n1 = a.counts[0], a.counts[-1]
        speed = (t[n1, 'none'] - t[n0, 'none']) / max(1e-9, t[n1, 'local'] - t[n0, 'local'])
        start = t[n0, 'local'] - t[n0, 'none'] / speed
        report.update(cluster_start_s=round(start, 1), cluster_speedup=round(speed, 2),
                      break_even_pixels=round(start / max(1e-9, 1 - 1 / speed) / (t[n1, 'none'] / (n1 * a.size ** 2))) if speed > 1 else None)
        print(f"cluster start-up {start:.1f} s, speed-up {speed:.2f}; pays from {report['break_even_pixels']} pixels in all")
    (a.out / f'scheduler_bench_{a.size}.json').write_text(json.dumps(report, indent=1))

if __name__ == '__main__': main()
