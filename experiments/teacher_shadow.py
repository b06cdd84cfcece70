"""The rule teacher's scores on simulated test scenes, per class, pooled over scenes: how its shadow
matching fares, before and after each change of its rules.

Scenes: `--n` of them, every scenario in turn, `--size` pixels, from the test split's seeds
(20000 + i, never used in training), simulated in memory by the installed `deepfmask`. A variant
sets the teacher's options (`fmask_rules.TeacherConfig`) and whether it is given the sensor's
view angles; `--variant before` runs the rules as they were before the relative darkening test.

Usage: python experiments/teacher_shadow.py [--n 14] [--size 366] [--variant NAME ...] [--json FILE]
"""
import argparse, json, sys, time
from pathlib import Path

VARIANTS = {   # name: (TeacherConfig fields, give the view angles)
    'before': (dict(shadow_test='absolute'), False),         # the rules of RULE_TEACHER_VERSION 2
    'relative': (dict(), False),                              # Fmask 5's relative darkening test
    'no_water': (dict(shadow_on_water=False), False),         # water left out of the match
    'parallax': (dict(), True),                               # with the sensor's view angles (what teach_product does)
    'geometric': (dict(), True),                              # then the prediction path's geometric shadow step on the teacher's cloud
    'geometric_potential': (dict(), True),                    # the same, adding only shadow that the rules' flood fill also finds dark
}


def potential(refl, cfg):
    "The rules' potential shadow: darker than the flood-filled surroundings in B08 and B11 (`fmask_rules.potential_shadow`)."
    import numpy as np
    from deepfmask import fmask_rules as fr
    valid = ~np.isnan(refl).any(0); r = np.nan_to_num(refl); ix = fr.spectral_indices(r)
    clear_land = valid & ~fr.potential_cloud(r, ix, cfg) & ~(fr.water_test(r, ix) & valid)
    return fr.potential_shadow(r, valid, clear_land, cfg)


def geometric(cls, sc, within=None, step=None):
    "The shadow step of `deepfmask.shadows` on a teacher's classes, each class certain (one-hot probabilities); shadow added only `within`, if given."
    import numpy as np
    from deepfmask.core import BANDS
    from deepfmask.shadows import shadow_step, SunView, SHADOW_BANDS
    p8 = np.stack([(cls == k).astype('uint8') * 250 for k in range(1, 6)])
    p8[:, cls == 0] = 255
    bands = sc.reflectance[[BANDS.index(b) for b in SHADOW_BANDS]].astype('float16')
    from deepfmask.shadows import ShadowConfig
    out = shadow_step(cls, p8, bands, SunView(sc.sun_zenith, sc.sun_azimuth, sc.view_zenith, sc.view_azimuth, 'scene'), ShadowConfig(**(step or {})))[0]
    if within is not None:
        added = (out == 3) & (cls != 3) & ~within
        out[added] = cls[added]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--n', type=int, default=14)
    ap.add_argument('--size', type=int, default=366)
    ap.add_argument('--seed', type=int, default=20_000, help="the first scene's seed (the test split's)")
    ap.add_argument('--variant', nargs='+', default=list(VARIANTS),
                    help=f"{', '.join(VARIANTS)}, or geometric:K=V,... with shadow step settings (shadows.ShadowConfig), e.g. geometric:darkening=0.5")
    ap.add_argument('--json', type=Path)
    args = ap.parse_args()
    from deepfmask.simulate import simulate_scene, SCENARIOS, SIMULATOR_VERSION
    from deepfmask.fmask_rules import teach, TeacherConfig
    from deepfmask.evaluate import confusion, scores
    names = list(SCENARIOS)
    scenes = [simulate_scene(names[i % len(names)], args.size, args.seed + i) for i in range(args.n)]
    out = dict(command='python experiments/teacher_shadow.py ' + ' '.join(sys.argv[1:]), simulator=SIMULATOR_VERSION, n=args.n, size=args.size, seed=args.seed, variants={})
    for v in args.variant:
        fields, view = VARIANTS[v.split(':')[0]]
        cfg, cm, t = TeacherConfig(**fields), 0, time.perf_counter()
        for sc in scenes:
            angles = dict(view_zenith=sc.view_zenith, view_azimuth=sc.view_azimuth) if view else {}
            cls = teach(sc.reflectance, sc.sun_zenith, sc.sun_azimuth, cfg, **angles)
            if v.startswith('geometric'):
                step = {k: float(x) for k, x in (kv.split('=') for kv in v.split(':')[1].split(','))} if ':' in v else {}
                cls = geometric(cls, sc, potential(sc.reflectance, cfg) if v == 'geometric_potential' else None, step)
            cm = cm + confusion(cls, sc.truth)
        s = scores(cm)
        out['variants'][v] = dict(seconds=time.perf_counter() - t, mean_iou=s['mean_iou'], overall_accuracy=s['overall_accuracy'],
                                  per_class={k: {m: round(float(x), 4) for m, x in c.items() if m != 'support'} for k, c in s['per_class'].items()})
        sh = s['per_class']['shadow']
        print(f"{v:<10} shadow P {sh['precision']:.3f} R {sh['recall']:.3f} F1 {sh['f1']:.3f} | "
              + ' '.join(f"{k} {c['f1']:.3f}" for k, c in s['per_class'].items() if k != 'shadow')
              + f" | mIoU {s['mean_iou']:.3f} OA {s['overall_accuracy']:.3f} ({time.perf_counter() - t:.0f} s)")
    if args.json: args.json.write_text(json.dumps(out, indent=1))
    return out


if __name__ == '__main__':
    main()
