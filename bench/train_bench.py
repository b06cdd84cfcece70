"""Benchmark: training throughput of each stage's U-Net with fastai, against a plain PyTorch loop on the same data.

Writes a few simulated products and cuts them into patches (`--size` pixels), then, for each of
the four stage networks, trains `--batches` batches of `--bs` patches twice, each in a fresh
subprocess pinned to `--threads` cores: once through `fastai.Learner.fit` with the project's
dataset, loss and augmentation (no validation), once through a bare PyTorch loop (DataLoader,
forward, loss, backward, Adam step) over the same dataset. Reports patches per second, the
fastai / PyTorch throughput ratio (the overhead of the framework) and peak memory (VmHWM).
Uses CUDA when present. Usage: python bench/train_bench.py [--size 128] [--bs 4] [--batches 6] [--products N] [--stages K...]
(with `--products`, fewer products are written and their patches repeated: the throughput does not depend on the pixels).
Both loops load data in the main process, as `train_stage` does by default (`TrainConfig.num_workers` 0).
"""
import argparse, json, tempfile
from pathlib import Path
from _timing import run_timed

COMMON = """
import time, re, torch, numpy as np
from functools import partial
from deepfmask.model import STAGES, DeepFmaskNet
from deepfmask.train import PatchDataset, MaskedCrossEntropy, band_stats
torch.set_num_threads({threads})
files = {files!r}
stage_cfg = STAGES[{stage}]
ds = PatchDataset(files, augment=True)
ds.index = (ds.index * -(-{n} // len(ds.index)))[:{n}]   # the patches repeated when there are fewer than asked for
mean, std = band_stats(files, stage_cfg.mode, 16)
net = DeepFmaskNet(stage_cfg, mean, std)
loss = MaskedCrossEntropy(torch.ones(6))
dev = 'cuda' if torch.cuda.is_available() else 'cpu'
"""
LOOPS = {
    'fastai': """
from fastai.data.core import DataLoaders
from fastai.learner import Learner
from fastai.optimizer import Adam
import fastai.callback.progress
dls = DataLoaders.from_dsets(ds, ds, bs={bs}, num_workers=0, device=torch.device(dev))   # as train_stage (TrainConfig.num_workers 0)
learn = Learner(dls, net, loss_func=loss, opt_func=partial(Adam, decouple_wd=False), wd=1e-5)
learn.fit(1, 1e-3)     # warm-up epoch
t = time.perf_counter()
with learn.no_bar(), learn.no_logging(): learn.fit(1, 1e-3)   # (validation on the same few batches is timed too)
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


def run(loop, stage, files, args):
    code = (COMMON + LOOPS[loop]).format(threads=args.threads, files=[str(f) for f in files], stage=stage,
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
    args = ap.parse_args()
    from deepfmask.simulate import simulate_scene, write_scene
    from deepfmask.patches import write_patches
    tmp = Path(tempfile.mkdtemp())
    side = 3 * ((args.size * 2 + 2) // 3)
    n_prod = args.products or max(1, -(-args.bs * args.batches // 4))    # four patches a product
    files = [write_patches(write_scene(tmp, simulate_scene('polar_summer', size=side, seed=s)), tmp / 'h5', source='labels',
                           size=args.size) for s in range(n_prod)]
    rows = {}
    print(f"{'stage':<7}{'fastai patch/s':>16}{'pytorch patch/s':>17}{'ratio':>8}{'fastai MiB':>12}{'pytorch MiB':>13}")
    for k in args.stages:
        (fs, fm), (ps, pm) = run('fastai', k, files, args), run('pytorch', k, files, args)
        n = 2 * args.bs * args.batches       # patches through the network per timed pass: train + validation
        rows[k] = dict(fastai_patches_per_s=n / fs, pytorch_patches_per_s=n / ps, ratio=ps / fs, fastai_peak_mib=fm, pytorch_peak_mib=pm)
        print(f'{k:<7}{n / fs:>16.2f}{n / ps:>17.2f}{ps / fs:>8.2f}{fm:>12.0f}{pm:>13.0f}')
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f'train_bench_{args.size}.json').write_text(json.dumps(dict(vars(args) | {'out': str(args.out)}, stages=rows), indent=2))
    return rows


if __name__ == '__main__':
    main()
