"""Write README.md from nbs/index.ipynb.

nbdev 2's `nbdev_readme` renders through Quarto, which cannot always be installed; this
does the same job for a notebook without outputs: markdown cells as they are, code cells
as Python blocks, cells marked `#| hide` left out and `#|` directives removed.
Run from the repository root: `python tools/make_readme.py` (`--check` only compares).
"""
import json, sys
from pathlib import Path

HEADER = '<!-- Generated from nbs/index.ipynb by tools/make_readme.py: edit the notebook, not this file. -->\n\n'

def render_readme(nb_path='nbs/index.ipynb') -> str:
    "The README text for the notebook at `nb_path`."
    cells = json.loads(Path(nb_path).read_text(encoding='utf-8'))['cells']
    parts = []
    for c in cells:
        src = ''.join(c['source'])
        lines = src.splitlines()
        if any(l.strip().replace(' ', '') in ('#|hide', '#|hide_input') for l in lines): continue
        if c['cell_type'] == 'markdown': parts.append(src.strip())
        elif c['cell_type'] == 'code':
            code = '\n'.join(l for l in lines if not l.strip().startswith('#|')).strip()
            if code: parts.append(f'```python\n{code}\n```')
    return HEADER + '\n\n'.join(parts) + '\n'

if __name__ == '__main__':
    text, readme = render_readme(), Path('README.md')
    if '--check' in sys.argv:
        ok = readme.exists() and readme.read_text(encoding='utf-8') == text
        print('README.md is in sync with nbs/index.ipynb' if ok else 'README.md is out of date: run python tools/make_readme.py')
        sys.exit(0 if ok else 1)
    readme.write_text(text, encoding='utf-8')
    print('wrote README.md')
