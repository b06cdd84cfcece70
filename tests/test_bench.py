"The benchmarks' tiny twins: each bench script runs end to end on a miniature input (figures are not checked here)."
import json, pytest, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_read_safe_bench_runs_small(tmp_path):
    subprocess.run([sys.executable, str(ROOT / 'bench' / 'read_safe_bench.py'), '--size', '183', '--out', str(tmp_path)],
                   check=True, capture_output=True, text=True)
    report = json.loads((tmp_path / 'read_safe_bench_183.json').read_text())
    assert set(report['cases']) == {'rasterio', 'read_safe', 'read_safe_six_bands', 'read_safe_dask'}
    assert all(c['seconds'] > 0 and c['peak_mib'] > 0 for c in report['cases'].values())


def test_teacher_bench_runs_small(tmp_path):
    subprocess.run([sys.executable, str(ROOT / 'bench' / 'teacher_bench.py'), '--size', '120', '--out', str(tmp_path)],
                   check=True, capture_output=True, text=True)
    report = json.loads((tmp_path / 'teacher_bench_120.json').read_text())
    assert set(report['cases']) == {'teacher', 's2cloudless'} and report['teacher_over_s2cloudless']['time'] > 0


def test_train_bench_runs_small(tmp_path):
    subprocess.run([sys.executable, str(ROOT / 'bench' / 'train_bench.py'), '--size', '32', '--bs', '2', '--batches', '3',
                    '--products', '1', '--stages', '0', '--out', str(tmp_path)], check=True, capture_output=True, text=True)   # patches repeated
    report = json.loads((tmp_path / 'train_bench_32.json').read_text())
    assert report['stages']['0']['fastai_patches_per_s'] > 0 and report['stages']['0']['pytorch_patches_per_s'] > 0


def test_train_bench_small_config_loops_run_small(tmp_path):
    "The `small` configuration's networks, and the data loaders alone (and bfloat16 where this CPU computes it)."
    from deepfmask.predict import cpu_has_bf16
    loops = ['fastai', 'loading'] + (['fastai_bf16'] if cpu_has_bf16() else [])
    subprocess.run([sys.executable, str(ROOT / 'bench' / 'train_bench.py'), '--size', '32', '--bs', '2', '--batches', '2', '--config', 'small',
                    '--products', '1', '--stages', '3', '--loops', *loops, '--out', str(tmp_path)], check=True, capture_output=True, text=True)
    stage = json.loads((tmp_path / 'train_bench_small_32.json').read_text())['stages']['3']
    assert all(stage[f'{l}_patches_per_s'] > 0 for l in loops) and stage['fastai_time_over_fastai'] == 1.0


def test_predict_bench_runs_small(tmp_path):
    subprocess.run([sys.executable, str(ROOT / 'bench' / 'predict_bench.py'), '--size', '96', '--out', str(tmp_path),
                    '--cases', 'deepfmask_model', 'deepfmask_model_largest_stage', 'deepfmask_end_to_end', 'deepfmask_end_to_end_no_verify', 'deepfmask_cube_dask',
                    'deepfmask_stac_item', 'deepfmask_end_to_end_two_blocks', 'deepfmask_end_to_end_jp2_reduced', 's2cloudless'],
                   check=True, capture_output=True, text=True)
    report = json.loads((tmp_path / 'predict_bench_96.json').read_text())
    assert report['cases']['deepfmask_end_to_end']['time_over_end_to_end'] == 1.0
    assert set(report['cases']) == {'deepfmask_model', 'deepfmask_model_largest_stage', 'deepfmask_end_to_end', 'deepfmask_end_to_end_no_verify', 'deepfmask_cube_dask',
                                    'deepfmask_stac_item', 'deepfmask_end_to_end_two_blocks', 'deepfmask_end_to_end_jp2_reduced', 's2cloudless'}
    assert 0.5 < report['jp2_reduced_mask']['same_class'] <= 1     # the two decodings' masks compared
    again = subprocess.run([sys.executable, str(ROOT / 'bench' / 'predict_bench.py'), '--size', '96', '--out', str(tmp_path), '--reuse',
                            '--cases', 'deepfmask_end_to_end'], check=True, capture_output=True, text=True)
    assert 'reusing ' in again.stdout

def test_decode_bench_runs_small(tmp_path):
    subprocess.run([sys.executable, str(ROOT / 'bench' / 'decode_bench.py'), '--size', '120', '--out', str(tmp_path)],
                   check=True, capture_output=True, text=True)
    report = json.loads((tmp_path / 'decode_bench_120.json').read_text())
    assert set(report['cases']) == {'reopen', 'band_reader', 'rasterio_held_open', 'rasterio_held_open_cache_128mib'}
    assert report['cases']['reopen']['time_over_reopen'] == 1.0 and all(c['seconds'] > 0 for c in report['cases'].values())


def test_scheduler_bench_runs_small(tmp_path):
    subprocess.run([sys.executable, str(ROOT / 'bench' / 'scheduler_bench.py'), '--size', '60', '--counts', '1', '2', '--out', str(tmp_path)],
                   check=True, capture_output=True, text=True)
    report = json.loads((tmp_path / 'scheduler_bench_60.json').read_text())
    assert [(r['products'], r['scheduler']) for r in report['rows']] == [(1, 'none'), (1, 'local'), (2, 'none'), (2, 'local')]
    assert all(r['seconds'] > 0 for r in report['rows']) and 'cluster_speedup' in report


def test_predict_bench_bf16_cases_run_small(tmp_path):
    "The bfloat16 cases, where this CPU computes bfloat16 (they are refused elsewhere, as `predict_probabilities` refuses them)."
    from deepfmask.predict import cpu_has_bf16
    if not cpu_has_bf16(): pytest.skip('this CPU has no native bfloat16 (AVX-512 BF16 or AMX)')
    subprocess.run([sys.executable, str(ROOT / 'bench' / 'predict_bench.py'), '--size', '96', '--out', str(tmp_path),
                    '--cases', 'deepfmask_end_to_end', 'deepfmask_end_to_end_fp32', 'deepfmask_model_bf16', 'deepfmask_end_to_end_bf16'],
                   check=True, capture_output=True, text=True)
    report = json.loads((tmp_path / 'predict_bench_96.json').read_text())
    assert 0.9 < report['bf16_mask']['same_class'] <= 1 and report['bf16_mask']['against'] == 'deepfmask_end_to_end_fp32'
    assert report['default_mask']['same_class'] == report['bf16_mask']['same_class']   # the default is bf16 on such a CPU
