"The documentation: nbdev's own processing of every notebook, then each page rendered to HTML (what Quarto would publish, without Quarto)."
import importlib, importlib.util, json, shutil, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def title_of(nb:Path)->str:
    "The page title: the first heading of the notebook's first markdown cell."
    first = next(c for c in json.loads(nb.read_text())['cells'] if c['cell_type'] == 'markdown')
    return ''.join(first['source']).splitlines()[0].lstrip('# ').strip()


@pytest.fixture(scope='module')
def site(tmp_path_factory):
    "A copy of the project with nbdev's processed notebooks in _proc/ (what nbdev_docs hands to Quarto)."
    d = tmp_path_factory.mktemp('site')
    for p in ('settings.ini', 'nbs', 'deepfmask'):
        (shutil.copytree if (ROOT / p).is_dir() else shutil.copy)(ROOT / p, d / p)
    # nbdev_proc_nbs, less its Quarto installer: without Quarto that downloads it with sudo and then runs
    # `pip install -e .[dev]` with whatever pip is first on PATH
    run = 'import nbdev.quarto as q; q._ensure_quarto = lambda: None; q.nbdev_proc_nbs.__wrapped__()'
    subprocess.run([sys.executable, '-c', run], cwd=d, check=True, capture_output=True)
    return d


def test_every_notebook_renders_with_its_api(site, tmp_path):
    proc = site / '_proc'
    for yml in ('_quarto.yml', 'nbdev.yml', 'sidebar.yml'): assert (proc / yml).exists(), yml
    nbs = sorted((ROOT / 'nbs').glob('*.ipynb'))
    subprocess.run([str(BIN / 'jupyter'), 'nbconvert', '--to', 'html', '--output-dir', str(tmp_path / 'html'),
                    *[str(proc / n.name) for n in nbs]], check=True, capture_output=True)
    for nb in nbs:
        html = (tmp_path / 'html' / nb.with_suffix('.html').name).read_text(encoding='utf-8')
        assert title_of(nb) in html, f'{nb.name}: page lacks its title {title_of(nb)!r}'
        exp = [l for c in json.loads(nb.read_text())['cells'] for l in c['source'] if l.startswith('#| default_exp')]
        if not exp: continue
        mod = importlib.import_module('deepfmask.' + exp[0].split()[-1])
        for name in mod.__all__:
            if callable(getattr(mod, name)) and not name.startswith('_'):
                assert f'id="{name.lower()}"' in html.lower(), f'{nb.name}: no documentation entry for {name}'


def test_pages_with_figures_show_them(site, tmp_path):
    """The pages that exist to show figures and tables keep them (`tools/render_figures.py`), and their rendered pages
    show every one of them."""
    spec = importlib.util.spec_from_file_location('render_figures', ROOT / 'tools' / 'render_figures.py')
    rf = importlib.util.module_from_spec(spec); spec.loader.exec_module(rf)
    proc = site / '_proc'
    subprocess.run([str(BIN / 'jupyter'), 'nbconvert', '--to', 'html', '--output-dir', str(tmp_path / 'html'),
                    *[str(proc / f'{p}.ipynb') for p in rf.FIGURE_PAGES]], check=True, capture_output=True)
    for p in rf.FIGURE_PAGES:
        outs = [o for c in json.loads((ROOT / 'nbs' / f'{p}.ipynb').read_text())['cells'] for o in c.get('outputs', [])]
        pngs = sum('image/png' in o.get('data', {}) for o in outs)
        html = (tmp_path / 'html' / f'{p}.html').read_text(encoding='utf-8')
        assert pngs >= 1, f'{p}: the notebook keeps no figure: run python tools/render_figures.py {p}'
        assert html.count('src="data:image/png;base64,') >= pngs, f'{p}: the rendered page lacks some of its {pngs} figures'


def test_sidebar_lists_every_page_once():
    "The hand-kept sidebar (API pages, reports apart) names every notebook exactly once."
    import yaml
    def pages(items):
        for it in items:
            if isinstance(it, str): yield it
            else: yield from pages(it.get('contents', []))
    listed = list(pages(yaml.safe_load((ROOT / 'nbs' / 'sidebar.yml').read_text())['website']['sidebar']['contents']))
    assert sorted(listed) == sorted(p.name for p in (ROOT / 'nbs').glob('*.ipynb')), listed
