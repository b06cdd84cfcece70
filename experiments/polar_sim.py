"""The student-beats-teacher experiment on simulated polar scenes, and the shipped model.

Simulates the data (products split by product, all scenarios mixed), runs the self-training
pipeline with the chosen configuration, scores the teacher and every stage against the exact
truth of the test products (pooled and per scenario), and writes:

- `data/experiments/<name>.json`: the scores, the per-epoch training logs of every stage and
  the settings (what the experiment notebook shows);
- with `--ship`, the final stage's model into `deepfmask/models/` (the package's default model).

Usage: python experiments/polar_sim.py [--config small] [--train 80] [--validation 10] [--test 15]
       [--size 183] [--work data/work/polar_sim] [--ship]
Rerunning resumes: finished products, patches and stages are not redone.
"""
import argparse, csv, json, shutil, time
from dataclasses import asdict
from pathlib import Path


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--config', default='small', choices=['tiny', 'small', 'full'])
    ap.add_argument('--train', type=int, default=80); ap.add_argument('--validation', type=int, default=10)
    ap.add_argument('--test', type=int, default=15); ap.add_argument('--size', type=int, default=183)
    ap.add_argument('--work', type=Path, default=Path('data/work/polar_sim'))
    ap.add_argument('--name', default='polar_sim_small')
    ap.add_argument('--ship', action='store_true', help='copy the final model into deepfmask/models/')
    args = ap.parse_args()
    from deepfmask.simulate import simulate
    from deepfmask.pipeline import CONFIGS, PipelineConfig, run_pipeline, score_stages, load_config
    from deepfmask.patches import split_products
    from deepfmask.train import stage_dir
    from deepfmask.core import atomic_output
    data = args.work / 'data'
    t0 = time.time()
    for split, n, seed in [('TRAIN', args.train, 0), ('VALIDATION', args.validation, 10_000), ('TEST', args.test, 20_000)]:
        have = len(list((data / split).glob('*.SAFE')))
        if have < n: simulate(data / split, n=n, size=args.size, seed=seed, overwrite=True)
    print(f'data ready in {time.time() - t0:.0f} s', flush=True)
    cfg = PipelineConfig(**{**asdict(CONFIGS[args.config]), 'data_dir': str(data)})
    root = args.work / 'exp_data'
    models = run_pipeline(args.name, cfg, root=root)
    test = split_products(data, 'TEST')
    res = score_stages(models, test, cfg)
    by_scenario = {}
    from deepfmask.simulate import SCENARIOS
    names = list(SCENARIOS)
    for i, p in enumerate(test):                       # simulate() cycles scenarios: product i is names[i % 5]
        by_scenario.setdefault(names[i % len(names)], []).append(p)
    per_scenario = {sc: score_stages(models, ps, cfg) for sc, ps in by_scenario.items()}
    logs = {}
    for k in range(len(models)):
        with open(stage_dir(args.name, k, root) / 'log' / 'history.csv') as fh: logs[f'stage {k}'] = list(csv.DictReader(fh))
    report = dict(name=args.name, config=asdict(cfg), products=dict(train=args.train, validation=args.validation, test=args.test, size=args.size),
                  pooled=res, per_scenario=per_scenario, logs=logs, seconds=time.time() - t0,
                  test_products=[Path(p).name for p in test])
    out = Path('data/experiments') / f'{args.name}.json'
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(out, overwrite=True) as tmp: tmp.write_text(json.dumps(report, indent=1, default=float))
    print(f'wrote {out}', flush=True)
    if args.ship:
        dest = Path('deepfmask/models') / 'deepfmask_polar_small.pth'
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(models[-1], dest)
        print(f'shipped {dest} ({dest.stat().st_size / 2**20:.1f} MiB)', flush=True)


if __name__ == '__main__':
    main()
