"""Each teacher and the vote of teachers against the exact truth of simulated test products.

Scores, per class and pooled over the TEST products of a simulated data directory (the one
`experiments/polar_sim.py` writes), the stage-0 teachers the project can use on simulated
products: the rule teacher, s2cloudless (cloud only), ukis-csmask (cloud and shadow) and the
vote of the three (`deepfmask.teachers.VOTE_RULES`, or --rules). Partial labels count only
for the classes they rule out (`deepfmask.evaluate.scores`); the share of pixels each teacher
labels definitely is reported beside. Writes data/experiments/<name>.json, which the
teachers notebook (18_teachers) shows.

Usage: python experiments/teachers.py [--data data/work/polar_sim/data_sim2_24-7-14_549px] [--rules RULES.yaml]
       [--name teachers_sim2]
"""
import argparse, json, time
from pathlib import Path


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', type=Path, default=Path('data/work/polar_sim/data_sim2_24-7-14_549px'))
    ap.add_argument('--rules', type=Path, default=None)
    ap.add_argument('--name', default='teachers_sim2')
    args = ap.parse_args()
    from deepfmask.core import NODATA, CLASSES, atomic_output
    from deepfmask.labels import read_labels
    from deepfmask.safe import open_safe
    from deepfmask.patches import split_products
    from deepfmask.evaluate import confusion, scores
    from deepfmask.teachers import teacher_masks, vote, vote_rules, vote_teachers, rules_digest, read_rules
    rules = read_rules(args.rules) if args.rules else vote_rules('vote')
    test = split_products(args.data, 'TEST')
    if not test: raise SystemExit(f'{args.data}/TEST holds no product: run experiments/polar_sim.py first')
    t0 = time.time()
    names = vote_teachers(rules)
    cms, definite = {n: 0 for n in names + ['vote']}, {n: [0, 0] for n in names + ['vote']}
    for p in test:
        truth = read_labels(p, 'labels').values
        masks = teacher_masks(p, names)
        tm = open_safe(p).tile
        masks['vote'] = vote(masks, rules, tm.mean_sun_zenith, tm.mean_sun_azimuth)
        ok = truth != NODATA
        for n, m in masks.items():
            cms[n] = cms[n] + confusion(m, truth, partial=True)
            definite[n][0] += int((ok & (m != NODATA) & (m < len(CLASSES))).sum()); definite[n][1] += int(ok.sum())
        print(f'{Path(p).name}: done', flush=True)
    scored = {n: {**scores(cm), 'definite_share': definite[n][0] / max(1, definite[n][1])} for n, cm in cms.items()}
    report = dict(name=args.name, data=str(args.data), test_products=[Path(p).name for p in test], rules=rules,
                  rules_digest=rules_digest(rules), teachers=scored, seconds=time.time() - t0)
    out = Path('data/experiments') / f'{args.name}.json'
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(out, overwrite=True) as tmp: tmp.write_text(json.dumps(report, indent=1, default=float))
    print(f'wrote {out}', flush=True)


if __name__ == '__main__':
    main()
