"Repository checks that no notebook can make: README, CI and package in step with the notebooks."
import importlib.util, os, re, shutil, subprocess, sys
import pytest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _readme_tool():
    spec = importlib.util.spec_from_file_location('make_readme', ROOT / 'tools' / 'make_readme.py')
    m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
    return m


def test_readme_is_generated_from_index():
    assert (ROOT / 'README.md').read_text(encoding='utf-8') == _readme_tool().render_readme(ROOT / 'nbs' / 'index.ipynb'), \
        'README.md is out of date: run python tools/make_readme.py'


def _sh_blocks(text):
    return [b.strip() for b in re.findall(r'```sh\n(.*?)```', text, re.S)]


def test_readme_has_two_setup_commands_and_ci_runs_the_test_one():
    blocks = _sh_blocks((ROOT / 'README.md').read_text(encoding='utf-8'))
    setup = [b for b in blocks if 'pip install' in b]
    assert len(setup) == 2 and 'deepfmask demo' in setup[0] and 'pytest' in setup[1]
    ci = [l.strip() for l in (ROOT / '.ci' / 'run').read_text().splitlines() if l.strip() and not l.startswith('#')]
    assert setup[1] in ci, '.ci/run must run the README test command as it stands'


def test_package_is_exported_from_notebooks(tmp_path):
    "nbdev_export on a copy of the repository reproduces the committed package exactly."
    nbdev_export = Path(sys.executable).with_name('nbdev_export')
    for p in ('settings.ini', 'nbs', 'deepfmask'): 
        (shutil.copytree if (ROOT / p).is_dir() else shutil.copy)(ROOT / p, tmp_path / p)
    subprocess.run([str(nbdev_export)], cwd=tmp_path, check=True, capture_output=True)
    for f in sorted((ROOT / 'deepfmask').glob('*.py')):
        assert (tmp_path / 'deepfmask' / f.name).read_text() == f.read_text(), f'{f.name} differs from what its notebook exports: edit the notebook and run nbdev_export'


REAL_FILES = {  # data/real/: the real Sentinel-2 files that ship with the repository, never altered
    'MTD_TL_T05VPH_20211016.xml': 'ee7b7b52c37fa9dd4505950e6de459d0f914ffb1971cd50968700c2ae9858ae3',
    's2_l1c_reference_scenes_slovenia.npy': '2fbd4921483ef21129446d7d79c153975f1590310cd5b1dc569c04090c78a0f4'}


def test_real_files_ship_unaltered_with_their_provenance():
    import hashlib
    readme = (ROOT / 'data' / 'README.md').read_text()
    for name, sha in REAL_FILES.items():
        assert hashlib.sha256((ROOT / 'data' / 'real' / name).read_bytes()).hexdigest() == sha, f'data/real/{name} was altered'
        assert name in readme and sha in readme, f'data/README.md must state the origin and checksum of {name}'


ORIGINAL_SPLIT = {'train': 92, 'validation': 20, 'test': 23}   # the original work's product lists (data/original_split/)


def test_the_original_split_ships_and_reads(tmp_path):
    import hashlib, re, shutil
    from deepfmask.core import ProductError
    from deepfmask.patches import split_products
    readme = (ROOT / 'data' / 'README.md').read_text()
    names = {}
    for split, n in ORIGINAL_SPLIT.items():
        f = ROOT / 'data' / 'original_split' / f'{split}_filename.txt'
        assert hashlib.sha256(f.read_bytes()).hexdigest() in readme, f'data/README.md must state the checksum of {f.name}'
        names[split] = [l.strip() for l in f.read_text().splitlines() if l.strip()]
        assert len(names[split]) == len(set(names[split])) == n, f'{f.name}: {len(names[split])} products, the original lists {n}'
        bad = [x for x in names[split] if not re.fullmatch(r'S2[AB]_MSIL1C_\d{8}T\d{6}_N\d{4}_R\d{3}_T\w{5}_\d{8}T\d{6}\.SAFE', x)]
        assert not bad, f'{f.name}: not Level-1C product names: {bad[:3]}'
    assert not set(names['train']) & set(names['test']) and not set(names['train']) & set(names['validation'])
    shutil.copy(ROOT / 'data' / 'original_split' / 'test_filename.txt', tmp_path)
    (tmp_path / 'TEST').mkdir()
    for x in names['test'][:-1]: (tmp_path / 'TEST' / x).mkdir()
    with pytest.raises(ProductError, match=f"lists products that are not in .*{names['test'][-1]}"):
        split_products(tmp_path, 'TEST')
    (tmp_path / 'TEST' / names['test'][-1]).mkdir()
    assert [p.name for p in split_products(tmp_path, 'TEST')] == names['test']


def test_a_fresh_clone_runs_its_real_data_notebooks_alone(tmp_path):
    "The repository's files, copied into an empty folder with nothing beside it, run the notebooks that read real data."
    files = subprocess.run(['git', 'ls-files', '-co', '--exclude-standard'], cwd=ROOT, capture_output=True, text=True, check=True)
    clone = tmp_path / 'alone' / 'deepfmask'
    for f in files.stdout.splitlines():
        if (ROOT / f).is_file():
            (clone / f).parent.mkdir(parents=True, exist_ok=True); shutil.copy2(ROOT / f, clone / f)
    assert [p.name for p in clone.parent.iterdir()] == ['deepfmask'] and (clone / 'data' / 'real').is_dir()
    env = {k: os.environ[k] for k in ('PATH', 'HOME', 'LANG') if k in os.environ}    # nothing from this machine's set-up
    env['PYTHONPATH'] = str(clone)      # the clone's own package, not the installed checkout
    code = ("import deepfmask, deepfmask.core as c; from pathlib import Path; "
            f"assert Path(deepfmask.__file__).resolve().is_relative_to(Path({str(clone)!r}).resolve()), deepfmask.__file__; "
            "print(c.real_data('MTD_TL_T05VPH_20211016.xml'))")
    out = subprocess.run([sys.executable, '-c', code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip().startswith(str(clone)), out.stderr
    reads_real = lambda t: 'real_data(' in t or 'real_patches(' in t     # directly, or through deepfmask.realism
    real_nbs = sorted(p.name for p in (clone / 'nbs').glob('*.ipynb') if reads_real(p.read_text(encoding='utf-8')))
    assert {'01_metadata.ipynb', '29_model_card.ipynb', '24_realism.ipynb'} <= set(real_nbs), real_nbs
    nbdev_test = Path(sys.executable).with_name('nbdev_test')
    for nb in real_nbs:                 # every notebook that reads the real files, run in the clone alone
        run = subprocess.run([str(nbdev_test), '--path', f'nbs/{nb}'], cwd=clone, env=env, capture_output=True, text=True)
        assert run.returncode == 0, nb + run.stdout + run.stderr
