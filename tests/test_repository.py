"Repository checks that no notebook can make: README, CI and package in step with the notebooks."
import importlib.util, re, shutil, subprocess, sys
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
