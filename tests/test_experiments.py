"The experiment scripts' helpers, run as a user runs them (a subprocess), on tiny products."
import filecmp, subprocess, sys
from pathlib import Path
import numpy as np
import rasterio
from deepfmask.simulate import simulate, SIMULATOR_VERSION
from deepfmask.fmask_rules import teacher_labels

ROOT = Path(__file__).resolve().parents[1]


def test_prepare_parallel_writes_what_polar_sim_would(tmp_path):
    "Products and teacher masks made in parallel are the ones polar_sim.py's sequential path makes: same names, same bytes."
    work = tmp_path / 'work'
    p = subprocess.run([sys.executable, str(ROOT / 'experiments' / 'prepare_parallel.py'), '--train', '3', '--validation', '1', '--test', '1',
                        '--size', '48', '--name', 'tiny', '--work', str(work), '--workers', '2'], capture_output=True, text=True, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    data = work / f'data_sim{SIMULATOR_VERSION}_3-1-1_48px'
    for split, n, seed in [('TRAIN', 3, 0), ('VALIDATION', 1, 10_000), ('TEST', 1, 20_000)]:
        made = sorted((data / split).glob('*.SAFE'))
        ref = [Path(q) for q in sorted(map(str, simulate(tmp_path / 'ref' / split, n=n, size=48, seed=seed)))]
        assert [q.name for q in made] == [q.name for q in ref]
        for a, b in zip(made, ref):
            fa = sorted(q.relative_to(a) for q in a.rglob('*') if q.is_file())
            assert fa == sorted(q.relative_to(b) for q in b.rglob('*') if q.is_file())
            assert all(filecmp.cmp(a / f, b / f, shallow=False) for f in fa if f.suffix in ('.jp2', '.tif'))
    kept = sorted((work / 'exp_data' / 'tiny' / 'teacher').glob('*_RULES.tif'))
    assert len(kept) == 3
    for f, prod in zip(kept, sorted((data / 'TRAIN').glob('*.SAFE'))):
        with rasterio.open(f) as src: codes = src.read(1)
        assert codes.shape == (48, 48)
        np.testing.assert_array_equal(teacher_labels(prod, 'teacher', f.parent)[0], teacher_labels(prod, 'rule')[0])
