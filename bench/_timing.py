"Shared by the benchmark scripts: run a snippet in a fresh Python process and read its time and peak memory."
import os, subprocess, sys

PEAK = "print('PEAK_KIB', __import__('re').search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1])\n"


def run_timed(setup:str, work:str, threads:int|None=None, pin:bool=True)->tuple:
    """(seconds, peak MiB) of `work` run after `setup` in a fresh interpreter.

    Only `work` is timed. Peak memory is VmHWM, the high-water mark of that process's own
    address space (unlike ru_maxrss it does not inherit the launching process's peak through
    fork and exec). With `threads`, the process is pinned to that many cores and the BLAS and
    OpenMP pools are sized to match."""
    code = f"import time\n{setup}\nt = time.perf_counter()\n{work}\nprint('SECONDS', time.perf_counter() - t)\n{PEAK}"
    cmd, env = [sys.executable, '-c', code], dict(os.environ)
    if threads:
        env.update({k: str(threads) for k in ('OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS')})
        if pin: cmd = ['taskset', '-c', ','.join(map(str, range(min(threads, os.cpu_count()))))] + cmd
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env).stdout
    vals = dict(l.split() for l in out.splitlines() if l.startswith(('SECONDS', 'PEAK_KIB')))
    return float(vals['SECONDS']), int(vals['PEAK_KIB']) / 1024


def bench_product(folder, size:int, reuse:bool=False):
    "The simulated `polar_summer` product (seed 7, `size` pixels at 20 m) a benchmark masks: an earlier run's in `folder` with `reuse`, else written."
    import time
    from pathlib import Path
    from deepfmask.safe import open_safe
    from deepfmask.simulate import simulate_scene, write_scene
    folder, t = Path(folder), time.perf_counter()
    earlier = [p for p in sorted(folder.glob('*.SAFE')) if open_safe(p).tile.shape(20) == (size, size)] if reuse else []
    safe = earlier[-1] if earlier else write_scene(folder, simulate_scene('polar_summer', size=size, seed=7), overwrite=True)
    print(f"{'reusing' if earlier else 'wrote'} {safe.name} ({size} x {size})" + ('' if earlier else f' in {time.perf_counter() - t:.0f} s'), flush=True)
    return safe
