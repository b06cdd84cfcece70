"""Benchmark: reading a Level-1C tile to the 20 m grid with `read_safe`, against a bare rasterio read.

Writes a synthetic tile with `write_safe` (13 bands, JP2 at native resolution; full size is
10980 x 10980 at 10 m, 5490 x 5490 at 20 m), then, each in a fresh subprocess so that the
peak resident memory is its own:

- `rasterio`: bare rasterio reads of the 13 JP2 files into numpy, at native resolution
  (the peer: the cost of decoding alone);
- `read_safe`: `read_safe(path, res=20)`, the whole tile as reflectance on the 20 m grid;
- `read_safe_six_bands`: the same for the six bands the default input mode reads (B02, B03,
  B04, B08, B11, B12: what `predict_cog` decodes for the shipped model);
- `read_safe_dask`: `read_safe(path, res=20, chunks=1024)` reduced chunk by chunk to a
  per-band mean, so the tile is never held whole.

Prints a table of seconds, peak memory and ratios against the rasterio read, and writes it as
JSON next to the product. Usage: python bench/read_safe_bench.py [--size 5490] [--out DIR]
"""
import argparse, json, time
from pathlib import Path
from _timing import run_timed

CASES = {  # name: (imports, not timed; the timed work)
    'rasterio': ("import glob, rasterio", """
arrs = []
for f in sorted(glob.glob(f'{path}/GRANULE/*/IMG_DATA/*_B??.jp2')):
    with rasterio.open(f) as src: arrs.append(src.read(1))
"""),
    'read_safe': ("from deepfmask.safe import read_safe", """
a = read_safe(path, res=20)
"""),
    'read_safe_six_bands': ("from deepfmask.safe import read_safe\nfrom deepfmask.model import mode_bands", """
a = read_safe(path, res=20, bands=mode_bands('swirndsi'))
"""),
    'read_safe_dask': ("import dask\nfrom deepfmask.safe import read_safe", """
a = read_safe(path, res=20, chunks=1024)
with dask.config.set(scheduler='threads', num_workers=2): m = a.mean(dim=('y', 'x')).values
"""),
}


def run_case(name, path):
    "Run one case in a fresh interpreter; return (seconds, peak MiB)."
    setup, work = CASES[name]
    return run_timed(f"{setup}\npath = {str(path)!r}", work)


def synthetic_tile(size, seed=0):
    "(13, size, size) float32 reflectance: smooth fields plus noise, so the JP2 files compress like imagery."
    import numpy as np
    from scipy import ndimage
    rng = np.random.default_rng(seed)
    base = ndimage.zoom(rng.random((13, size // 61 + 1, size // 61 + 1)).astype('float32'), (1, 61, 61), order=1)[:, :size, :size]
    out = 0.05 + 0.5 * base
    for i in range(13): out[i] += 0.01 * rng.standard_normal((size, size), dtype='float32')
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--size', type=int, default=5490, help='tile side in 20 m pixels (5490 = a full tile)')
    ap.add_argument('--out', type=Path, default=Path('bench/out'), help='where the synthetic product is written')
    ap.add_argument('--reuse', action='store_true', help='read the product a previous run wrote instead of writing it again')
    args = ap.parse_args()
    from deepfmask.write import write_safe
    args.out.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    safe = next(iter(sorted(args.out.glob('*.SAFE'))), None) if args.reuse else None
    if safe is None: safe = write_safe(args.out, synthetic_tile(args.size), overwrite=True)
    write_s = time.perf_counter() - t
    size_mb = sum(p.stat().st_size for p in safe.rglob('*.jp2')) / 2**20
    print(f'{"reused" if args.reuse else "wrote"} {safe.name}: {args.size} x {args.size} at 20 m, JP2 total {size_mb:.0f} MiB, in {write_s:.1f} s')
    timed = {name: run_case(name, safe) for name in CASES}
    base_s, base_m = timed['rasterio']
    print(f"{'case':<20}{'seconds':>9}{'peak MiB':>10}{'time ratio':>12}{'memory ratio':>14}")
    for name, (s, m) in timed.items():
        print(f'{name:<20}{s:>9.1f}{m:>10.0f}{s / base_s:>12.2f}{m / base_m:>14.2f}')
    report = dict(size_20m=args.size, jp2_mib=size_mb, write_seconds=write_s,
                  cases={k: dict(seconds=s, peak_mib=m, time_ratio=s / base_s, memory_ratio=m / base_m) for k, (s, m) in timed.items()})
    (args.out / f'read_safe_bench_{args.size}.json').write_text(json.dumps(report, indent=2))
    return report


if __name__ == '__main__':
    main()
