"""Benchmark: masking a full 5490 x 5490 20 m product, deepfmask against s2cloudless and ukis-csmask.

Writes one simulated product (`polar_summer`) with `write_scene`, then runs in fresh
subprocesses pinned to `--threads` cores (peak memory read as VmHWM):

- `deepfmask_model`: the shipped model over the reflectance array already in memory (windows
  of 512, overlap 64): the network alone; `deepfmask_model_largest_stage` the same for the
  largest stage configuration (`STAGES[-1]`: 32 start filters, depth 6; untrained weights,
  the same arithmetic);
- `deepfmask_model_bf16`, `deepfmask_end_to_end_bf16`: the same in bfloat16 (`precision='bf16'`: autocast, channels
  last; CPUs with AVX-512 BF16 or AMX only), the end-to-end mask compared pixel by pixel with the fp32 one;
- `deepfmask_end_to_end`: `predict_cog` on the product, as by default: checking the bands' MD5 sums against
  manifest.safe, reading the JP2 bands in row blocks, predicting (`precision='auto'`: bf16 where the CPU
  has it, else fp32), writing the Cloud-Optimized GeoTIFF and quicklook; `deepfmask_end_to_end_fp32` the
  same in fp32 (the reference the bf16 and the default masks are compared with, pixel by pixel);
  `deepfmask_end_to_end_no_verify` the same without the checksums;
  `deepfmask_end_to_end_no_shadow_geometry` the same without the geometric shadow step after
  the network (the step's cost is the difference: issue goal at most 10% of end to end);
  `deepfmask_end_to_end_two_blocks` with two row blocks read and predicted at once (threads);
  `deepfmask_end_to_end_jp2_reduced` with the 10 m bands decoded at JPEG 2000's half resolution
  (its mask written apart and compared pixel by pixel with the end-to-end one);
- `deepfmask_cube_dask`: the same product as a lazy, dask-backed cube of the model's bands
  (`read_safe(..., chunks=1024)`) masked by `deepfmask.mask` and computed into memory with
  dask's default threaded scheduler (each 1024 x 1024 chunk with a 64-pixel halo);
- `deepfmask_stac_item`: `predict_item` on a STAC item of the product (`safe_item`: its JPEG
  2000 band files as assets), writing the COG and quicklook, like the end-to-end case;
- `s2cloudless` and `ukis_csmask`: the peers on the same reflectance array (in memory).

Prints seconds, peak memory and the ratios against deepfmask's end-to-end run. Uses CUDA for
deepfmask when present. Usage: python bench/predict_bench.py [--size 5490] [--threads 2] [--out DIR] [--cases ...]
[--reuse] (`--reuse` takes the product an earlier run wrote, when it has the size asked for, instead of writing one).
"""
import argparse, json, os
from pathlib import Path
from _timing import run_timed, bench_product

CASES = {  # name: (setup, not timed; timed work)
    'deepfmask_model': ("import numpy as np, torch\nfrom deepfmask.model import load_model\nfrom deepfmask.predict import default_model_path, predict_probabilities\n"
                        "refl = np.load(NPY)\nnet = load_model(default_model_path())",
                        "p = predict_probabilities(net, refl, 512, 64, 4)"),
    'deepfmask_model_largest_stage': ("import numpy as np, torch\nfrom deepfmask.model import load_model, DeepFmaskNet, STAGES\n"
                                      "from dataclasses import replace\nfrom deepfmask.predict import default_model_path, predict_probabilities\nrefl = np.load(NPY)\n"
                                      "ship = load_model(default_model_path())\ntorch.manual_seed(0)\n"
                                      "net = DeepFmaskNet(replace(STAGES[-1], mode=ship.stage_cfg.mode), ship.mean.flatten(), ship.std.flatten()).eval()",
                                      "p = predict_probabilities(net, refl, 512, 64, 4)"),
    'deepfmask_model_bf16': ("import numpy as np, torch\nfrom deepfmask.model import load_model\nfrom deepfmask.predict import default_model_path, predict_probabilities\n"
                             "refl = np.load(NPY)\nnet = load_model(default_model_path())",
                             "p = predict_probabilities(net, refl, 512, 64, 4, precision='bf16')"),
    'deepfmask_end_to_end': ("from deepfmask.cog import predict_cog", "predict_cog(SAFE, out_dir=OUT, overwrite=True)"),
    'deepfmask_end_to_end_bf16': ("from deepfmask.cog import predict_cog", "predict_cog(SAFE, out_dir=OUT + '_bf16', overwrite=True, precision='bf16')"),
    'deepfmask_end_to_end_fp32': ("from deepfmask.cog import predict_cog", "predict_cog(SAFE, out_dir=OUT + '_fp32', overwrite=True, precision='fp32')"),
    'deepfmask_end_to_end_no_shadow_geometry': ("from deepfmask.cog import predict_cog",
                                                "predict_cog(SAFE, out_dir=OUT + '/no_geometry', overwrite=True, shadow_geometry=False)"),
    'deepfmask_end_to_end_two_blocks': ("from deepfmask.cog import predict_cog", "predict_cog(SAFE, out_dir=OUT, overwrite=True, workers=2)"),
    'deepfmask_end_to_end_jp2_reduced': ("from deepfmask.cog import predict_cog",
                                         "predict_cog(SAFE, out_dir=OUT + '_jp2_reduced', overwrite=True, jp2_reduced=True)"),
    'deepfmask_end_to_end_no_verify': ("from deepfmask.cog import predict_cog", "predict_cog(SAFE, out_dir=OUT, overwrite=True, verify=False)"),
    'deepfmask_cube_dask': ("from deepfmask.safe import read_safe\nfrom deepfmask.cube import mask\nfrom deepfmask.model import load_model, mode_bands\n"
                           "from deepfmask.predict import default_model_path\nnet = load_model(default_model_path())\n"
                           "cube = read_safe(SAFE, bands=mode_bands(net.stage_cfg.mode), chunks=1024)",
                           "m = mask(cube, net).values"),
    'deepfmask_stac_item': ("from deepfmask.stac import safe_item, predict_item\nitem = safe_item(SAFE)",
                            "predict_item(item, out_dir=OUT, overwrite=True)"),
    's2cloudless': ("import numpy as np\nfrom deepfmask.peers import s2cloudless_mask\nrefl = np.load(NPY)", "m = s2cloudless_mask(refl)"),
    'ukis_csmask': ("import numpy as np\nfrom deepfmask.peers import csmask_mask\nrefl = np.load(NPY)", "m = csmask_mask(refl)"),
}


def run_case(name, npy, safe, out, threads):
    setup, work = CASES[name]
    return run_timed(f"import torch\ntorch.set_num_threads({threads})\nNPY, SAFE, OUT = {str(npy)!r}, {str(safe)!r}, {str(out)!r}\n{setup}",
                     work, threads)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--size', type=int, default=5490)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--out', type=Path, default=Path('bench/out'))
    ap.add_argument('--cases', nargs='+', default=list(CASES))
    ap.add_argument('--reuse', action='store_true', help='take the product an earlier run wrote (of this size) instead of writing one')
    args = ap.parse_args()
    import numpy as np
    from deepfmask.safe import read_safe
    args.out.mkdir(parents=True, exist_ok=True)
    safe = bench_product(args.out / 'predict_bench', args.size, args.reuse)
    npy = args.out / f'predict_bench_{args.size}.npy'
    np.save(npy, read_safe(safe).values)
    timed = {}
    for name in args.cases:
        timed[name] = run_case(name, npy, safe, args.out / 'predict_bench_masks', min(args.threads, os.cpu_count()))
        print(f'{name:<22}{timed[name][0]:>9.1f} s{timed[name][1]:>9.0f} MiB', flush=True)
    npy.unlink()
    base = timed.get('deepfmask_end_to_end')
    report = dict(size_20m=args.size, threads=args.threads, cases={k: dict(seconds=s, peak_mib=m) for k, (s, m) in timed.items()})
    if base:
        for k, (s, m) in timed.items(): report['cases'][k].update(time_over_end_to_end=s / base[0], memory_over_end_to_end=m / base[1])
    pairs = [('jp2_reduced', 'deepfmask_end_to_end', 'deepfmask_end_to_end_jp2_reduced'),   # (what, reference case, compared case)
             ('bf16', 'deepfmask_end_to_end_fp32', 'deepfmask_end_to_end_bf16'), ('default', 'deepfmask_end_to_end_fp32', 'deepfmask_end_to_end')]
    for what, ref, other in pairs:                    # the same pixels classed alike?
        if ref not in timed or other not in timed: continue
        masks = [next((args.out / ('predict_bench_masks' + c.removeprefix('deepfmask_end_to_end'))).glob('*_deepfmask.tif'), None) for c in (ref, other)]
        if not all(masks): continue
        import rasterio
        with rasterio.open(masks[0]) as a, rasterio.open(masks[1]) as b: x, y = a.read(1), b.read(1)
        data = (x != 0) | (y != 0)
        report[f'{what}_mask'] = dict(against=ref, same_class=float((x == y)[data].mean()), lost_to_nodata=float(((y == 0) & (x != 0)).mean()),
                                      by_class={int(k): float((y[x == k] == k).mean()) for k in range(1, 6) if (x == k).any()})
        print(f'{what} mask against {ref}:', report[f'{what}_mask'], flush=True)
    (args.out / f'predict_bench_{args.size}.json').write_text(json.dumps(report, indent=2))
    return report


if __name__ == '__main__':
    main()
