"""Benchmark: training throughput of each stage's U-Net with fastai, against a plain PyTorch loop on the same data.

Writes a few simulated products and cuts them into patches (`--size` pixels), then, for each of
the four stage networks, trains `--batches` batches of `--bs` patches twice, each in a fresh
subprocess pinned to `--threads` cores: once through `fastai.Learner.fit` with the project's
dataset, loss and augmentation (no validation), once through a bare PyTorch loop (DataLoader,
forward, loss, backward, Adam step) over the same dataset. Reports patches per second, the
fastai / PyTorch throughput ratio (the overhead of the framework) and peak memory (VmHWM).
Uses CUDA when present. Usage: python bench/train_bench.py [--size 128] [--bs 4] [--batches 6] [--products N] [--stages K...]
[--config full|small] [--loops fastai pytorch fastai_bf16 loading]
(with `--products`, fewer products are written and their patches repeated: the throughput does not depend on the pixels).
Both loops load data in the main process, as `train_stage` does by default (`TrainConfig.num_workers` 0).
`--config small` takes the stage networks (and input mode) of the `small` configuration instead of the original's four.
Two more loops: `fastai_bf16`, the fastai loop with the forward pass and loss under `torch.autocast` in bfloat16 and the
network channels-last, as `TrainConfig(precision='bf16')` trains (`train.CPUBFloat16`; CPUs with native bfloat16; the
backward pass and Adam in float32 weights), and `loading`, the
fastai data loaders alone (reading the HDF5 patches and augmenting them, the same train and validation passes, no network).
"""
import argparse, json, tempfile
from pathlib import Path
from _timing import run_timed

COMMON = """
import time, re, torch, numpy as np
from functools import partial
from deepfmask.model import StageConfig, DeepFmaskNet
from deepfmask.train import PatchDataset, MaskedCrossEntropy, band_stats
torch.set_num_threads({threads})
files = {files!r}
stage_cfg = StageConfig(**{stage_cfg!r})
ds = PatchDataset(files, augment=True)
ds.index = (ds.index * -(-{n} // len(ds.index)))[:{n}]   # the patches repeated when there are fewer than asked for
mean, std = band_stats(files, stage_cfg.mode, 16)
net = DeepFmaskNet(stage_cfg, mean, std)
loss = MaskedCrossEntropy(torch.ones(6))
dev = 'cuda' if torch.cuda.is_available() else 'cpu'
"""
FASTAI = """
from fastai.data.core import DataLoaders
from fastai.learner import Learner
from fastai.optimizer import Adam
import fastai.callback.progress
dls = DataLoaders.from_dsets(ds, ds, bs={bs}, num_workers=0, device=torch.device(dev))   # as train_stage (TrainConfig.num_workers 0)
learn = Learner(dls, net, loss_func=loss, opt_func=partial(Adam, decouple_wd=False), wd=1e-5)
"""
BF16 = """
from deepfmask.train import CPUBFloat16   # as train_stage adds it for TrainConfig(precision='bf16')
net.to(memory_format=torch.channels_last)
learn.add_cb(CPUBFloat16())
"""
FIT = """
learn.fit(1, 1e-3)     # warm-up epoch
t = time.perf_counter()
with learn.no_bar(), learn.no_logging(): learn.fit(1, 1e-3)   # (validation on the same few batches is timed too)
"""
LOOPS = {
    'fastai': FASTAI + FIT,
    'fastai_bf16': FASTAI + BF16 + FIT,
    'loading': FASTAI + """
for b in dls.train: pass   # warm-up pass
t = time.perf_counter()
for dl in (dls.train, dls.valid):
    for b in dl: pass
""",
    'pytorch': """
net.to(dev)
opt = torch.optim.Adam(net.parameters(), lr=1e-3, weight_decay=1e-5)
dl = torch.utils.data.DataLoader(ds, batch_size={bs}, shuffle=True)
def epoch(train=True):
    net.train(train)
    for x, y in dl:
        x, y = x.to(dev), y.to(dev)
        with torch.set_grad_enabled(train):
            l = loss(net(x), y)
        if train: opt.zero_grad(); l.backward(); opt.step()
epoch()                # warm-up epoch
t = time.perf_counter()
epoch(); epoch(False)  # train, then the same batches without gradients, as fastai's validation
""",
}


def stage_configs(config:str, mode:str|None=None)->list:
    "The four stage networks of a configuration ('full': the original's, `model.STAGES`), as dicts, in `mode` if given."
    from deepfmask.pipeline import CONFIGS
    return [{**st, **({'mode': mode} if mode else {})} for st in CONFIGS[config].stages]


def run(loop, stage, files, args):
    code = (COMMON + LOOPS[loop]).format(threads=args.threads, files=[str(f) for f in files], stage_cfg=stage_configs(args.config, args.mode)[stage],
                                         n=args.bs * args.batches, bs=args.bs)
    setup, work = code.split('t = time.perf_counter()\n')
    return run_timed(setup, work, args.threads, pin=not __import__('torch').cuda.is_available())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--size', type=int, default=128, help='patch side, pixels')
    ap.add_argument('--bs', type=int, default=4)
    ap.add_argument('--batches', type=int, default=6, help='batches timed per loop')
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--stages', type=int, nargs='+', default=[0, 1, 2, 3])
    ap.add_argument('--products', type=int, default=0, help='products to cut patches from (default: enough for every patch to differ)')
    ap.add_argument('--out', type=Path, default=Path('bench/out'))
    ap.add_argument('--config', default='full', choices=['full', 'small', 'tiny'], help="whose stage networks (default the original's)")
    ap.add_argument('--mode', default=None, help="the networks' input mode (default the configuration's)")
    ap.add_argument('--loops', nargs='+', default=['fastai', 'pytorch'], choices=list(LOOPS))
    args = ap.parse_args()
    from deepfmask.simulate import simulate_scene, write_scene
    from deepfmask.patches import write_patches
    tmp = Path(tempfile.mkdtemp())
    side = 3 * ((args.size * 2 + 2) // 3)
    n_prod = args.products or max(1, -(-args.bs * args.batches // 4))    # four patches a product
    files = [write_patches(write_scene(tmp, simulate_scene('polar_summer', size=side, seed=s)), tmp / 'h5', source='labels',
                           size=args.size) for s in range(n_prod)]
    rows = {}
    n = 2 * args.bs * args.batches       # patches through the network (or the loaders) per timed pass: train + validation
    print(f"{'stage':<7}" + ''.join(f'{l + " patch/s":>20}{"MiB":>7}' for l in args.loops), flush=True)
    for k in args.stages:
        got = {l: run(l, k, files, args) for l in args.loops}
        rows[k] = {f'{l}_{m}': v for l, (s, mib) in got.items() for m, v in (('patches_per_s', n / s), ('peak_mib', mib))}
        base = got.get('pytorch') or got.get('fastai')
        for l, (s, _) in got.items(): rows[k][f'{l}_time_over_{"pytorch" if "pytorch" in got else "fastai"}'] = s / base[0]
        if 'fastai' in got and 'pytorch' in got: rows[k]['ratio'] = got['pytorch'][0] / got['fastai'][0]   # fastai's throughput over PyTorch's
        print(f'{k:<7}' + ''.join(f'{n / s:>20.2f}{mib:>7.0f}' for s, mib in got.values()), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f'train_bench_{args.config}_{args.size}.json' if args.config != 'full' else args.out / f'train_bench_{args.size}.json').write_text(json.dumps(dict(vars(args) | {'out': str(args.out)}, stages=rows), indent=2))
    return rows


if __name__ == '__main__':
    main()
