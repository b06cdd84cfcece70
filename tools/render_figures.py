"""Run the pages that exist to show figures and tables, and keep those outputs in the notebooks.

nbdev publishes a notebook's stored outputs; the notebooks here are kept clean otherwise, so
without this the docs would show none of the figures and tables that the simulator, the
scores, the experiment, the model card, the comparison and the tutorial are for. This runs
each page in `FIGURE_PAGES` from `nbs/` (as `nbdev_test` does) and keeps only its pictures
(PNG, large ones scaled down) and tables (pandas HTML), dropping text, streams, progress
bars and every other output, so a rerun on the
same code and data gives the same notebooks. A page that fails to run is left as it was
and the command exits 1.

Run from the repository root: `python tools/render_figures.py [PAGE ...]` (default all of
them), then `nbdev_clean`. `tests/test_docs.py` checks that every page in the list shows a
figure once rendered.
"""
import json, sys
from pathlib import Path

FIGURE_PAGES = ['index', 'tutorial', '11_simulate', '16_evaluate', '28_experiment', '29_model_card', '26_visualise',
                '30_compare', '24_realism', '18_teachers']
MAX_PNG = 250_000   # bytes: a larger picture is scaled to at most 1000 pixels wide and reduced to 256 colours


def small_png(b64:str)->str:
    "A base64 PNG, made small enough to live in a notebook (deterministic)."
    import base64, io
    from PIL import Image
    raw = base64.b64decode(b64)
    if len(raw) <= MAX_PNG: return b64
    im = Image.open(io.BytesIO(raw)).convert('RGB')
    if im.width > 1000: im = im.resize((1000, round(im.height * 1000 / im.width)), Image.LANCZOS)
    buf = io.BytesIO()
    im.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(buf, format='PNG', optimize=True)
    return base64.b64encode(buf.getvalue()).decode()


def kept(data:dict)->dict:
    "The pictures (PNG) and tables (pandas HTML) of one output; progress bars, widgets and text are dropped."
    out = {}
    if 'image/png' in data: out['image/png'] = small_png(''.join(data['image/png']))
    html = ''.join(data.get('text/html', ''))
    if 'class="dataframe"' in html: out['text/html'] = html
    return out


def keep_figures(nb:dict)->dict:
    "The notebook with only its pictures and tables kept, as display data without execution counts."
    for c in nb['cells']:
        if c['cell_type'] != 'code': continue
        outs = []
        for o in c.get('outputs', []):
            data = kept(o.get('data', {})) if o.get('output_type') in ('display_data', 'execute_result') else {}
            if data: outs.append({'output_type': 'display_data', 'data': data, 'metadata': {}})
        c['outputs'], c['execution_count'] = outs, None
    return nb


def render(page:str, root:Path=Path('nbs'))->bool:
    "Run one page and keep its figures; False (and the notebook untouched) if it fails."
    import nbformat
    from nbclient import NotebookClient
    path = root / f'{page}.ipynb'
    nb = nbformat.read(path, as_version=4)
    try: NotebookClient(nb, timeout=1800, kernel_name='python3', resources={'metadata': {'path': str(root)}}).execute()
    except Exception as e:
        print(f'{path}: failed, left as it was ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else ""})', file=sys.stderr)
        return False
    out = keep_figures(json.loads(nbformat.writes(nb)))
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + '\n', encoding='utf-8')
    n = sum(len(c.get('outputs', [])) for c in out['cells'])
    print(f'{path}: {n} figures and tables kept')
    return True


if __name__ == '__main__':
    pages = sys.argv[1:] or FIGURE_PAGES
    unknown = [p for p in pages if p not in FIGURE_PAGES]
    if unknown: sys.exit(f'not figure pages: {unknown} (they are {FIGURE_PAGES})')
    sys.exit(0 if all([render(p) for p in pages]) else 1)
