"""The widget browser (`deepfmask.visualise.browse`) driven in a real browser.

A JupyterLab server runs a small notebook that calls `browse`; headless Chromium (Debian's
`chromium` and `chromium-driver` packages, driven by Selenium) runs it, picks an item and a
patch, toggles a class and changes the overlay opacity, and reads the figure the kernel
sends back from a screenshot after each step. The items are made so that every step has
a known answer: each 64 x 64 patch is one class, so at full opacity a patch's panel is that
class's colour, and a class toggled off or an opacity of 0 leaves the composite's colour.

Skipped, saying why, where Chromium, its driver, Selenium or JupyterLab is absent, except under CI (`CI=true`), where a
missing browser is an error: `.ci/run` installs Debian's `chromium` and `chromium-driver`.
"""
import io, os, shutil, socket, subprocess, sys, time, urllib.request
from pathlib import Path
import numpy as np
import pytest

CHROMIUM, DRIVER = shutil.which('chromium') or shutil.which('chromium-browser'), shutil.which('chromedriver')
IN_CI = os.environ.get('CI', '').lower() == 'true'
if IN_CI and not (CHROMIUM and DRIVER):     # CI must run it: .ci/run installs them; a skip there would hide the test
    raise RuntimeError('CI=true but Chromium or ChromeDriver is missing: .ci/run installs Debian\'s chromium and chromium-driver')
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER),
    reason='needs Chromium and ChromeDriver (Debian/Ubuntu: apt-get install chromium chromium-driver)')
webdriver = pytest.importorskip('selenium.webdriver', reason='needs selenium (the dev extra)')
pytest.importorskip('jupyterlab', reason='needs jupyterlab (the dev extra)')
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait
from selenium.common.exceptions import StaleElementReferenceException
from PIL import Image
from deepfmask.core import CLASS_COLORS, CLEAR, SHADOW, SNOW, WATER

# Each item: a reflectance of one magenta-ish colour (B04 > B02 > B03, unlike any class
# colour) and a truth whose 64 x 64 quadrants are one class each.
NOTEBOOK_SOURCE = '''\
import numpy as np
from deepfmask.core import BANDS, CLEAR, SHADOW, SNOW, WATER
from deepfmask.visualise import browse

def item(quadrants, seed):
    refl = np.full((13, 128, 128), 0.05, 'float32')
    rng = np.random.default_rng(seed)
    for b, v in (('B04', 0.30), ('B03', 0.10), ('B02', 0.20)): refl[BANDS.index(b)] = v + rng.normal(0, 0.002, (128, 128))
    truth = np.zeros((128, 128), 'uint8')
    for (r, c), k in quadrants.items(): truth[64 * r:64 * (r + 1), 64 * c:64 * (c + 1)] = k
    return refl, {'truth': truth}

items = {'quadrants': item({(0, 0): CLEAR, (0, 1): SNOW, (1, 0): WATER, (1, 1): SHADOW}, 0),
         'water': item({(0, 0): WATER, (0, 1): WATER, (1, 0): WATER, (1, 1): WATER}, 1)}
browse(items, patch=64)
'''

def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

@pytest.fixture
def lab(tmp_path):
    "A JupyterLab server on a free port with the browser notebook; yields (url, token)."
    import nbformat
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(NOTEBOOK_SOURCE)])
    nb.metadata['kernelspec'] = {'name': 'python3', 'display_name': 'Python 3', 'language': 'python'}
    nbformat.write(nb, tmp_path / 'browse.ipynb')
    port, token = _free_port(), 'deepfmask-browser-test'
    env = {**os.environ, 'JUPYTER_CONFIG_DIR': str(tmp_path / 'cfg'), 'JUPYTER_RUNTIME_DIR': str(tmp_path / 'run'),
           'JUPYTERLAB_WORKSPACES_DIR': str(tmp_path / 'ws'), 'JUPYTERLAB_SETTINGS_DIR': str(tmp_path / 'settings'),
           'MPLBACKEND': 'module://matplotlib_inline.backend_inline'}
    log = open(tmp_path / 'lab.log', 'w')
    proc = subprocess.Popen([sys.executable, '-m', 'jupyterlab', '--no-browser', f'--port={port}', '--ip=127.0.0.1',
                             f'--IdentityProvider.token={token}', f'--ServerApp.root_dir={tmp_path}',
                             '--LabApp.expose_app_in_browser=True', '--LabApp.extension_manager=readonly',
                             '--LabApp.news_url=', '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate',
                             *(['--allow-root'] if os.geteuid() == 0 else [])],
                            cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f'http://127.0.0.1:{port}'
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f'{url}/api/status?token={token}', timeout=2); break
            except OSError:
                if proc.poll() is not None: break
                time.sleep(0.5)
        else: raise AssertionError('JupyterLab did not start:\n' + (tmp_path / 'lab.log').read_text()[-3000:])
        if proc.poll() is not None: raise AssertionError('JupyterLab exited:\n' + (tmp_path / 'lab.log').read_text()[-3000:])
        yield url, token
    finally:
        proc.terminate()
        try: proc.wait(20)
        except subprocess.TimeoutExpired: proc.kill()
        log.close()

@pytest.fixture
def browser():
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ('--headless=new', '--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--window-size=1400,1100',
              '--force-device-scale-factor=1'): opts.add_argument(a)
    drv = webdriver.Chrome(service=webdriver.ChromeService(executable_path=DRIVER), options=opts)
    yield drv
    drv.quit()

def _colour_share(png:bytes, rgb, tol=6)->float:
    "Share of a screenshot's pixels within `tol` of colour `rgb`."
    a = np.asarray(Image.open(io.BytesIO(png)).convert('RGB')).astype(int)
    return float((np.abs(a - np.array(rgb)).max(-1) <= tol).mean())

def _composite_share(png:bytes)->float:
    "Share of pixels in the composite's magenta (red high, green low, blue between)."
    a = np.asarray(Image.open(io.BytesIO(png)).convert('RGB')).astype(int)
    return float(((a[..., 0] > 200) & (a[..., 1] < 60) & (a[..., 2] > 80) & (a[..., 2] < 200)).mean())

class Page:
    "The notebook's widget browser in Chromium: its controls and the figure it shows."
    def __init__(self, drv, timeout=120, keep:str|None=None):
        self.drv, self.keep, self.n = drv, keep, 0
        self.wait = WebDriverWait(drv, timeout, ignored_exceptions=(StaleElementReferenceException,))   # a figure redrawn while looked at
    @staticmethod
    def fresh(f, tries:int=25):
        "f(), again while the widget redraws the elements it looks at (on a busy machine the redraw can come late)."
        for _ in range(tries - 1):
            try: return f()
            except StaleElementReferenceException: time.sleep(0.2)
        return f()
    def figure(self):
        imgs = self.drv.find_elements(By.CSS_SELECTOR, '.widget-interact .jp-OutputArea-output img')
        return imgs[-1] if imgs else None
    def shot(self, before=None)->bytes:
        "A screenshot of the figure once it is shown (and differs from `before`, the previous figure's source)."
        self.wait.until(lambda d: self.figure() is not None and self.figure().get_attribute('src') != before)
        time.sleep(0.3)
        png = self.fresh(lambda: self.figure().screenshot_as_png)
        if self.keep: Path(self.keep).mkdir(parents=True, exist_ok=True); (Path(self.keep) / f'{self.n:02d}.png').write_bytes(png)
        self.n += 1
        return png
    def src(self): return self.fresh(lambda: self.figure().get_attribute('src'))
    def slider(self, label):
        for w in self.drv.find_elements(By.CSS_SELECTOR, '.widget-interact .widget-slider'):
            if w.find_element(By.CSS_SELECTOR, '.widget-label').text.strip() == label: return w
        raise AssertionError(f'no slider {label!r}')
    def set_slider(self, label, value):
        def put():
            ro = self.slider(label).find_element(By.CSS_SELECTOR, '.widget-readout')
            ro.click(); ro.send_keys(Keys.CONTROL, 'a'); ro.send_keys(str(value), Keys.ENTER)
        self.fresh(put)
    def choose(self, css, text): Select(self.drv.find_element(By.CSS_SELECTOR, f'.widget-interact {css} select')).select_by_visible_text(text)
    def toggle_class(self, name):
        sel = Select(self.drv.find_element(By.CSS_SELECTOR, '.widget-interact .widget-select-multiple select'))
        opt = next(o for o in sel.options if o.text == name)
        opt.click()

def test_browse_in_chromium(lab, browser):
    url, token = lab
    browser.get(f'{url}/lab/tree/browse.ipynb?token={token}')
    wait = WebDriverWait(browser, 120)
    wait.until(lambda d: d.execute_script(
        "const a = window.jupyterapp; const w = a && a.shell.currentWidget;"
        "return !!(w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel"
        " && w.sessionContext.session.kernel.status === 'idle')"))
    browser.execute_script("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page = Page(browser, keep=os.environ.get('DEEPFMASK_BROWSER_SHOTS'))   # a folder to keep the screenshots in
    share = lambda png, k: _colour_share(png, CLASS_COLORS[k])

    # The first item's top-left patch (clear land) at opacity 0.5: blended, not pure.
    png = page.shot()
    assert share(png, CLEAR) < 0.01 and _composite_share(png) < 0.01, (share(png, CLEAR), _composite_share(png))
    # Opacity 1: the panel is the class colour.
    src = page.src(); page.set_slider('alpha', 1); png = page.shot(src)
    clear_full = share(png, CLEAR)
    assert clear_full > 0.2 and share(png, SNOW) < 0.01 and share(png, WATER) < 0.01, (clear_full, share(png, SNOW))
    # The next patch to the right is snow/ice.
    src = page.src(); page.set_slider('col', 1); png = page.shot(src)
    assert share(png, SNOW) > 0.2 and share(png, CLEAR) < 0.01, (share(png, SNOW), share(png, CLEAR))
    # Toggling snow/ice off shows the composite under it instead (its legend entry goes too).
    src = page.src(); page.toggle_class('snow/ice'); png = page.shot(src)
    assert share(png, SNOW) < 0.001 and _composite_share(png) > 0.2, (share(png, SNOW), _composite_share(png))
    # ...and back on.
    src = page.src(); page.toggle_class('snow/ice'); png = page.shot(src)
    assert share(png, SNOW) > 0.2
    # The patch below it is shadow.
    src = page.src(); page.set_slider('row', 1); png = page.shot(src)
    assert share(png, SHADOW) > 0.2 and share(png, SNOW) < 0.01, (share(png, SHADOW), share(png, SNOW))
    # Opacity 0: the composite only, whatever the classes (the legend keeps its small swatches).
    src = page.src(); page.set_slider('alpha', 0); png = page.shot(src)
    assert share(png, SHADOW) < 0.01 and _composite_share(png) > 0.2, (share(png, SHADOW), _composite_share(png))
    # The other item is all water.
    src = page.src(); page.set_slider('alpha', 1); page.shot(src)
    src = page.src(); page.choose('.widget-dropdown', 'water'); png = page.shot(src)
    assert share(png, WATER) > 0.2 and share(png, SHADOW) < 0.01, (share(png, WATER), share(png, SHADOW))
