"""The student-beats-teacher experiment on simulated polar scenes, and the shipped model.

Simulates the data (products split by product, all scenarios mixed), runs the self-training
pipeline with the chosen configuration, scores the teacher and every stage against the exact
truth of the test products (pooled and per scenario), and writes:

- `data/experiments/<name>.json`: the scores (pooled and per scenario), what every stage's
  model calls each of the five real patches in `data/real/`, the per-epoch training logs of
  every stage and the settings (what the experiment notebook shows);
- with `--ship [FILE]`, the model of the stage with the best validation mean IoU (each stage's own best
  epoch, from its done.json; a later stage wins a tie) into `deepfmask/models/FILE` (default
  deepfmask_polar_small.pth, the package's default model; deepfmask_polar_six.pth is its six-band model). The test products and the real patches play no part in the choice.

With `--shipped`, the shipped default model is scored beside them (row `shipped`), on the same test products.

Usage: python experiments/polar_sim.py [--config small] [--schedule original] [--train 80] [--validation 10]
       [--test 15] [--size 183] [--work data/work/polar_sim] [--name NAME] [--randomise] [--ship [FILE]]
       [--teacher vote] [--rules RULES.yaml] [--stages N] [--mode MODE] [--loss ce+dice] [--precision bf16]
The simulated data live in <work>/data_sim<V>_<train>-<validation>-<test>_<size>px, V the simulator's
version (products are made from fixed seeds, so every experiment with the same simulator, counts and
size reads the same data); the
experiment (default name polar_sim_<config>_<schedule>) in <work>/exp_data/. Rerunning
resumes: finished products, patches and stages are not redone, and a rerun with other
settings under the same name is refused.
"""
import argparse, csv, json, shutil, time
from dataclasses import asdict
from pathlib import Path

SPLITS = [('TRAIN', 0), ('VALIDATION', 10_000), ('TEST', 20_000)]   # each split's base seed: product i uses seed + i


def data_dir(work:Path, train:int, validation:int, test:int, size:int)->Path:
    "Where an experiment's simulated products live: keyed by the simulator's version, the counts and the size."
    from deepfmask.simulate import SIMULATOR_VERSION
    return work / f'data_sim{SIMULATOR_VERSION}_{train}-{validation}-{test}_{size}px'



def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--config', default='small', choices=['tiny', 'small', 'full'])
    ap.add_argument('--schedule', default='original', choices=['original', 'relabel_all'])
    ap.add_argument('--train', type=int, default=80); ap.add_argument('--validation', type=int, default=10)
    ap.add_argument('--test', type=int, default=15); ap.add_argument('--size', type=int, default=183)
    ap.add_argument('--work', type=Path, default=Path('data/work/polar_sim'))
    ap.add_argument('--name', default=None, help='experiment name (default polar_sim_<config>_<schedule>)')
    ap.add_argument('--ship', nargs='?', const='deepfmask_polar_small.pth', default=None, metavar='FILE',
                    help='copy the final model into deepfmask/models/FILE (default deepfmask_polar_small.pth, the default model)')
    ap.add_argument('--supervised', action='store_true', help="also train and score the supervised baseline (the original's train.py --full)")
    ap.add_argument('--shipped', action='store_true', help='also score the shipped default model (deepfmask.predict.default_model_path) on the test products')
    ap.add_argument('--randomise', action='store_true', help='domain randomisation in training (deepfmask.train.RANDOMISE_DEFAULTS)')
    ap.add_argument('--teacher', default='teacher', help="stage 0's teacher (deepfmask.teachers.STAGE0_SOURCES; default teacher)")
    ap.add_argument('--rules', type=Path, default=None, help='vote rules (YAML) for --teacher vote (default teachers.VOTE_RULES)')
    ap.add_argument('--stages', type=int, default=None, help="number of stages (default the configuration's 4)")
    ap.add_argument('--mode', default=None, help="every stage's input mode (deepfmask.model.INPUT_MODES; default the configuration's, swirndsi)")
    ap.add_argument('--loss', default=None, choices=['ce', 'ce+dice'], help="the training loss (deepfmask.train.LOSSES; default the configuration's, ce)")
    ap.add_argument('--precision', default=None, choices=['fp32', 'bf16'], help="training arithmetic on the CPU (TrainConfig.precision; default fp32)")
    args = ap.parse_args()
    args.name = args.name or f'polar_sim_{args.config}_{args.schedule}'
    from deepfmask.simulate import simulate, SIMULATOR_VERSION
    from deepfmask.train import RANDOMISE_DEFAULTS
    from deepfmask.pipeline import CONFIGS, PipelineConfig, run_pipeline, run_supervised, stage_confusions, pooled_scores
    from deepfmask.patches import split_products
    from deepfmask.model import stage_files
    from deepfmask.core import atomic_output
    data = data_dir(args.work, args.train, args.validation, args.test, args.size)
    t0 = time.time()
    for (split, seed), n in zip(SPLITS, (args.train, args.validation, args.test)):
        have = len(list((data / split).glob('*.SAFE')))
        if have != n: simulate(data / split, n=n, size=args.size, seed=seed, overwrite=True)
    print(f'data ready in {time.time() - t0:.0f} s', flush=True)
    base = asdict(CONFIGS[args.config])
    if args.randomise: base['train'] = {**base['train'], 'randomise': dict(RANDOMISE_DEFAULTS)}
    if args.loss: base['train'] = {**base['train'], 'loss': args.loss}
    if args.precision: base['train'] = {**base['train'], 'precision': args.precision}
    from deepfmask.teachers import read_rules
    extra = dict(teacher=args.teacher, vote=read_rules(args.rules) if args.rules else None)
    if args.stages: extra['n_stages'] = args.stages
    if args.mode: extra['stages'] = [{**st, 'mode': args.mode} for st in base['stages']]
    cfg = PipelineConfig(**{**base, 'data_dir': str(data), 'schedule': args.schedule, **extra})
    root = args.work / 'exp_data'
    models = run_pipeline(args.name, cfg, root=root)
    test = split_products(data, 'TEST')
    named = {f'stage {k}': m for k, m in enumerate(models)}
    if args.supervised: named['supervised'] = run_supervised(args.name, cfg, root=root)
    if args.shipped:
        from deepfmask.predict import default_model_path
        named['shipped'] = default_model_path()
    confusions = stage_confusions(list(named.values()), test, cfg)   # every test product predicted once
    def score(products=None):                          # the teacher and every model, under their names
        scored = pooled_scores(confusions, products)
        return {'teacher': scored['teacher'], **{n: scored[f'stage {k}'] for k, n in enumerate(named)}}
    scored = score()
    by_scenario = {}
    from deepfmask.simulate import SCENARIOS, simulate_scene
    names = list(SCENARIOS)
    for i in range(args.test):                         # simulate() cycles scenarios: product i is names[i % len(names)]
        sc = simulate_scene(names[i % len(names)], size=args.size, seed=dict(SPLITS)['TEST'] + i)
        key = f"_MSIL1C_{sc.sensing.strftime('%Y%m%dT%H%M%S')}_"
        match = [p for p in test if key in Path(p).name and f'_{sc.tile}_' in Path(p).name]
        if len(match) != 1: raise RuntimeError(f'test product {i} ({sc.scenario}, seed {sc.seed}) not found once in {data / "TEST"}')
        by_scenario.setdefault(sc.scenario, []).append(match[0])
    per_scenario = {sc: score(ps) for sc, ps in by_scenario.items()}
    logs = {}
    for name, m in named.items():
        if name == 'shipped': continue                 # trained elsewhere: its log is its own run's
        with open(stage_files(Path(m).parent.parent)['history']) as fh: logs[name] = list(csv.DictReader(fh))
    from deepfmask.model import load_model
    from deepfmask.realism import real_patch_shares
    real_patches = {name: real_patch_shares(load_model(m, 'cpu')) for name, m in named.items()}   # share of each class, per stage
    out = Path('data/experiments') / f'{args.name}.json'
    seconds = time.time() - t0
    if out.exists():                                   # a rerun that found every stage finished keeps the first run's time
        old = json.loads(out.read_text())
        from deepfmask.train import saved_train_settings   # a training setting added since stood at its default then
        was = old.get('config') or {}
        if isinstance(was.get('train'), dict): was = {**was, 'train': saved_train_settings(was['train'])}
        if was == json.loads(json.dumps(asdict(cfg))): seconds = old.get('seconds', seconds)
    val_miou = {f'stage {k}': json.loads(stage_files(Path(m).parent.parent)['done'].read_text())['best_miou'] for k, m in enumerate(models)}
    best = max(range(len(models)), key=lambda k: (val_miou[f'stage {k}'], k))     # the stage the validation set prefers
    report = dict(name=args.name, simulator_version=SIMULATOR_VERSION, config=asdict(cfg), products=dict(train=args.train, validation=args.validation, test=args.test, size=args.size),
                  validation_miou=val_miou, best_stage=f'stage {best}', pooled=scored, per_scenario=per_scenario, real_patches=real_patches, logs=logs, seconds=seconds,
                  test_products=[Path(p).name for p in test])
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(out, overwrite=True) as tmp: tmp.write_text(json.dumps(report, indent=1, default=float))
    print(f'wrote {out}', flush=True)
    if args.ship:
        dest = Path('deepfmask/models') / args.ship
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(models[best], dest)
        print(f'shipped stage {best} as {dest} ({dest.stat().st_size / 2**20:.1f} MiB)', flush=True)


if __name__ == '__main__':
    main()
