"""Benchmark: decoding a product's bands in `predict_cog`'s row blocks, the files opened per block or held open.

Writes one simulated product (`polar_summer`, `--size` pixels at 20 m) and reads the seven bands
the default model and the shadow step need (B02 B03 B04 B08 B10 B11 B12) in the row blocks of
`predict_cog` (1024 rows, a 64-row margin shared with each neighbour), each case in a fresh
process pinned to `--threads` cores (peak memory read as VmHWM):

- `reopen` (the peer: `predict_cog` before 2026-12-08): `read_safe` of each block by the product's
  path, every band file opened and closed per block, so the JPEG 2000 tiles along the blocks'
  edges are decoded again;
- `band_reader` (`predict_cog` now): `safe.BandReader`, the files held open through
  `resample.RowStrips`, each tile row decoded once, the shared rows kept;
- `rasterio_held_open`: bare rasterio reads of the blocks' digital numbers from files held open,
  GDAL's block cache at its default (5% of memory); `rasterio_held_open_cache_128mib` the same with
  `GDAL_CACHEMAX` at 128 MiB (no conversion to reflectance, no resampling in these two).

Usage: python bench/decode_bench.py [--size 2745] [--threads 2] [--out bench/out] [--reuse]
"""
import argparse, json
from pathlib import Path
from _timing import run_timed, bench_product

SETUP = """
import numpy as np, rasterio
from rasterio.windows import Window
from deepfmask.safe import open_safe, read_safe, BandReader
from deepfmask.cog import row_blocks
from deepfmask.core import BAND_RES
SAFE, BANDS = {safe!r}, ['B02', 'B03', 'B04', 'B08', 'B10', 'B11', 'B12']
prod = open_safe(SAFE); rows, cols = prod.tile.shape(20)
blocks = [Window(0, r0, cols, r1 - r0) for r0, r1, _, _ in row_blocks(rows, 1024, 64)]
def native(b, w):   # the block's rows of the band's own grid
    f = BAND_RES[b] / 20
    r0, r1 = int(w.row_off / f), min(int(np.ceil((w.row_off + w.height) / f)), int(np.ceil(rows / f)))
    return Window(0, r0, int(np.ceil(cols / f)), r1 - r0)
"""
CASES = {
    'reopen': "for w in blocks: a = read_safe(SAFE, window=w, bands=BANDS, verify=False).values",
    'band_reader': "with BandReader(prod, BANDS, 20, keep=128) as read:\n    for w in blocks: a = read(w)",
    'rasterio_held_open': "ds = {b: rasterio.open(prod.gdal_path(prod.band_files[b])) for b in BANDS}\nfor w in blocks:\n    for b in BANDS: a = ds[b].read(1, window=native(b, w))",
    'rasterio_held_open_cache_128mib': "with rasterio.Env(GDAL_CACHEMAX=128 * 2**20):   # rasterio takes bytes\n"
                                       "    ds = {b: rasterio.open(prod.gdal_path(prod.band_files[b])) for b in BANDS}\n"
                                       "    for w in blocks:\n        for b in BANDS: a = ds[b].read(1, window=native(b, w))",
}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--size', type=int, default=2745)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--out', type=Path, default=Path('bench/out'))
    ap.add_argument('--cases', nargs='+', default=list(CASES))
    ap.add_argument('--reuse', action='store_true', help='take the product an earlier run wrote (of this size) instead of writing one')
    args = ap.parse_args()
    safe = bench_product(args.out / 'decode_bench', args.size, args.reuse)
    timed = {}
    for name in args.cases:
        timed[name] = run_timed(SETUP.format(safe=str(safe)), CASES[name], args.threads)
        print(f'{name:<34}{timed[name][0]:>8.1f} s{timed[name][1]:>8.0f} MiB', flush=True)
    base = timed.get('reopen')
    report = dict(size_20m=args.size, threads=args.threads,
                  cases={k: dict(seconds=s, peak_mib=m, **(dict(time_over_reopen=s / base[0], memory_over_reopen=m / base[1]) if base else {}))
                         for k, (s, m) in timed.items()})
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f'decode_bench_{args.size}.json').write_text(json.dumps(report, indent=2))
    return report


if __name__ == '__main__':
    main()
