"The documentation: nbdev's own processing of every notebook, then each page rendered to HTML (what Quarto would publish, without Quarto)."
import importlib, json, shutil, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_notebook_renders_with_its_api(tmp_path):
    for p in ('settings.ini', 'nbs', 'deepfmask'):
        (shutil.copytree if (ROOT / p).is_dir() else shutil.copy)(ROOT / p, tmp_path / p)
    bindir = Path(sys.executable).parent
    subprocess.run([str(bindir / 'nbdev_proc_nbs')], cwd=tmp_path, check=True, capture_output=True)
    proc = tmp_path / '_proc'
    for yml in ('_quarto.yml', 'nbdev.yml', 'sidebar.yml'): assert (proc / yml).exists(), yml
    nbs = sorted((ROOT / 'nbs').glob('*.ipynb'))
    subprocess.run([str(bindir / 'jupyter'), 'nbconvert', '--to', 'html', '--output-dir', str(tmp_path / 'html'),
                    *[str(proc / n.name) for n in nbs]], check=True, capture_output=True)
    for nb in nbs:
        html = (tmp_path / 'html' / nb.with_suffix('.html').name).read_text(encoding='utf-8')
        title = ''.join(json.loads(nb.read_text())['cells'][0]['source']).splitlines()[0].lstrip('# ').strip()
        assert title in html, f'{nb.name}: page lacks its title {title!r}'
        exp = [l for c in json.loads(nb.read_text())['cells'] for l in c['source'] if l.startswith('#| default_exp')]
        if not exp: continue
        mod = importlib.import_module('deepfmask.' + exp[0].split()[-1])
        for name in mod.__all__:
            if callable(getattr(mod, name)) and not name.startswith('_'):
                assert f'id="{name.lower()}"' in html.lower(), f'{nb.name}: no documentation entry for {name}'
