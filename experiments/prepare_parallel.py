"""Make an experiment's simulated products and rule-teacher masks in parallel processes.

`experiments/polar_sim.py` simulates its products and computes the teacher's masks one after another;
on a machine with many cores this script does both first, in parallel, and writes exactly what
polar_sim.py would (the same seeds, folders and file names), so that polar_sim.py then finds them
and goes straight to training. Run it with the same counts, size and experiment name:

    python experiments/prepare_parallel.py --train 48 --validation 7 --test 14 --size 549 --name NAME [--workers 14]
    python experiments/polar_sim.py --train 48 --validation 7 --test 14 --size 549 --name NAME ...

Only the rule teacher (polar_sim.py's default `--teacher teacher` on simulated products) is made here.
"""
import argparse, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from polar_sim import SPLITS, data_dir


def _simulate_one(job):
    from deepfmask.simulate import simulate
    out, n, i, size, seed = job
    return str(simulate(out, n=n, size=size, seed=seed, overwrite=True, indices=[i])[0])


def _teach_one(job):
    from deepfmask.fmask_rules import teacher_labels
    product, teacher_dir = job
    teacher_labels(product, 'teacher', teacher_dir)
    return product


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--train', type=int, default=80); ap.add_argument('--validation', type=int, default=10)
    ap.add_argument('--test', type=int, default=15); ap.add_argument('--size', type=int, default=183)
    ap.add_argument('--work', type=Path, default=Path('data/work/polar_sim'))
    ap.add_argument('--name', required=True, help="the experiment's name (its teacher masks go to <work>/exp_data/<name>/teacher)")
    ap.add_argument('--workers', type=int, default=None, help='processes (default: every core)')
    args = ap.parse_args()
    from deepfmask.patches import split_products
    data = data_dir(args.work, args.train, args.validation, args.test, args.size)
    t0 = time.time()
    jobs = []
    for (split, seed), n in zip(SPLITS, (args.train, args.validation, args.test)):
        if len(list((data / split).glob('*.SAFE'))) != n: jobs += [(data / split, n, i, args.size, seed) for i in range(n)]
    with ProcessPoolExecutor(args.workers) as ex:
        done = list(ex.map(_simulate_one, jobs))
        print(f'simulated {len(done)} products in {time.time() - t0:.0f} s', flush=True)
        teacher_dir = args.work / 'exp_data' / args.name / 'teacher'
        teacher_dir.mkdir(parents=True, exist_ok=True)
        made = list(ex.map(_teach_one, [(p, teacher_dir) for p in split_products(data, 'TRAIN')]))
    print(f'teacher masks of {len(made)} training products ready after {time.time() - t0:.0f} s', flush=True)


if __name__ == '__main__':
    main()
