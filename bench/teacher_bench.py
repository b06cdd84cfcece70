"""Benchmark: the rule teacher on a full 5490 x 5490 20 m scene, against s2cloudless on the same scene.

Simulates one scene (`polar_summer`) with `deepfmask.simulate`, saves its reflectance, then runs
in fresh subprocesses (so that each peak memory is its own, read as VmHWM):

- `teacher`: `deepfmask.fmask_rules.teach` on the scene (the issue's target: under 5 minutes on 2 cores);
- `s2cloudless`: `deepfmask.peers.s2cloudless_mask`, the public peer, on the same array.

Prints seconds, peak memory and the teacher/s2cloudless ratios, and writes them as JSON.
Usage: python bench/teacher_bench.py [--size 5490] [--out DIR] [--threads 2]
"""
import argparse, json, os, time
from pathlib import Path
from _timing import run_timed

CASES = {  # name: (setup, not timed; timed work)
    'teacher': ("from deepfmask.fmask_rules import teach", "m = teach(refl, sza, saz)"),
    's2cloudless': ("from deepfmask.peers import s2cloudless_mask", "m = s2cloudless_mask(refl)"),
}


def run_case(name, npy, sza, saz, threads):
    setup, work = CASES[name]
    return run_timed(f"import numpy as np\n{setup}\nrefl = np.load({str(npy)!r})\nsza, saz = {sza}, {saz}", work, threads)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--size', type=int, default=5490, help='scene side in 20 m pixels (5490 = a full tile)')
    ap.add_argument('--out', type=Path, default=Path('bench/out'))
    ap.add_argument('--threads', type=int, default=2, help='CPU cores the cases may use')
    args = ap.parse_args()
    import numpy as np
    from deepfmask.simulate import simulate_scene
    args.out.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    sc = simulate_scene('polar_summer', size=args.size, seed=7)
    sim_s = time.perf_counter() - t
    npy = args.out / f'teacher_bench_scene_{args.size}.npy'
    np.save(npy, sc.reflectance)
    sza, saz = sc.sun_zenith, sc.sun_azimuth
    del sc
    print(f'simulated a {args.size} x {args.size} scene in {sim_s:.1f} s')
    res = {name: run_case(name, npy, sza, saz, min(args.threads, os.cpu_count())) for name in CASES}
    npy.unlink()
    (ts, tm), (ps, pm) = res['teacher'], res['s2cloudless']
    print(f"{'case':<14}{'seconds':>9}{'peak MiB':>10}")
    for name, (s, m) in res.items(): print(f'{name:<14}{s:>9.1f}{m:>10.0f}')
    print(f'teacher / s2cloudless: time {ts / ps:.2f}, memory {tm / pm:.2f}')
    report = dict(size_20m=args.size, threads=args.threads, simulate_seconds=sim_s,
                  cases={k: dict(seconds=s, peak_mib=m) for k, (s, m) in res.items()},
                  teacher_over_s2cloudless=dict(time=ts / ps, memory=tm / pm))
    (args.out / f'teacher_bench_{args.size}.json').write_text(json.dumps(report, indent=2))
    return report


if __name__ == '__main__':
    main()
