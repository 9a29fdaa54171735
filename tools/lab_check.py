"""Check that the demo widget renders in JupyterLab, in a real browser, with a live kernel; save a screenshot.

A small notebook (train a tiny wafer-map run, or take `--run`, then show `demo_widget`) is written to a
temporary folder; a local JupyterLab server (with `expose_app_in_browser`) opens it in headless Chromium;
through the Chrome DevTools protocol the check runs every cell as a user would (`notebook:run-all-cells`)
and waits until the kernel is idle. It passes when the page holds ipywidgets' own views (dropdown, slider,
the plot output), no error text, and the widget redraws after a value is changed from the kernel side.
The screenshot goes to `nbs/images/demo_jupyterlab.png`, shown on the demo's docs page.

    python tools/lab_check.py [--shot nbs/images/demo_jupyterlab.png] [--run RUN_DIR]

With `--review`, the notebook shows the review widget (`12a_review`) over a tiny run's predictions instead;
the check then clicks *save label* in the page, as an engineer would, and passes when the widget moves on
to the next input (the label was written through the kernel).
"""
import argparse, base64, json, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request
from pathlib import Path
import nbformat
import websocket  # websocket-client: a dependency of jupyter_server

ROOT = Path(__file__).resolve().parents[1]
CELLS = ["""import tempfile, logging, os
logging.getLogger('tensorflow').setLevel(logging.ERROR)
from pathlib import Path
from wafer_nb.synth import synth_wafer_maps
from wafer_nb.wafermap import dataset_from_maps
from wafer_nb.pipeline import train_run
from wafer_nb.core import TrainConfig
from wafer_nb.demo import WaferDemo, demo_widget""",
         """run = Path(RUN) if RUN else Path(tempfile.mkdtemp())/'run'
if not RUN: train_run(dataset_from_maps(*synth_wafer_maps(60, seed=0), size=48), run, TrainConfig(epochs=3, batch_size=64), latency_runs=3, verbose=False)
ui = demo_widget(WaferDemo(run)); ui.controls['pattern'].value = 'Edge-Ring'
ui""",
         "ui.controls['pattern'].value = 'Center'  # a change made by the kernel: the view must follow"]
REVIEW_CELLS = ["""import tempfile, logging
logging.getLogger('tensorflow').setLevel(logging.ERROR)
from pathlib import Path
from wafer_nb.synth import synth_wafer_maps
from wafer_nb.wafermap import dataset_from_maps
from wafer_nb.pipeline import train_run, predict_run
from wafer_nb.core import TrainConfig
from wafer_nb.review import review_queue, review_widget""",
                """d = Path(tempfile.mkdtemp()); ds = dataset_from_maps(*synth_wafer_maps(30, seed=0), size=48); run = d/'run'
train_run(ds, run, TrainConfig(epochs=2, batch_size=64), latency_runs=3, verbose=False, formats=('int8',))
predict_run(run, ds, d/'preds.csv')
ui = review_widget(run, review_queue(run, d/'preds.csv', n=5), ds, d/'labels.csv', who='lab-check')
ui"""]
CLICK_SAVE_JS = """(() => { const b = [...document.querySelectorAll('.jp-OutputArea button')].find(b => b.innerText.includes('save label'));
  if (!b) return 'no-button'; b.click(); return 'clicked'; })()"""
# ipywidgets' own views, counted in the page (JupyterLab draws them only when the widget manager works)
VIEWS_JS = """(() => { const q = s => document.querySelectorAll(s).length;
  return JSON.stringify({dropdown: q('.jp-OutputArea .widget-dropdown'), slider: q('.jp-OutputArea .widget-slider'),
    box: q('.jp-OutputArea .widget-box'), image: q('.jp-OutputArea .widget-output img, .jp-OutputArea .widget-image'),
    selected: [...document.querySelectorAll('.jp-OutputArea .widget-dropdown select')].map(s => s.value),
    text: document.body.innerText}); })()"""
BUSY_JS = """(() => { const a = window.jupyterapp; if (!a) return 'no-app';
  const w = a.shell.currentWidget; if (!w || !w.sessionContext || !w.sessionContext.session) return 'no-session';
  return w.sessionContext.session.kernel ? w.sessionContext.session.kernel.status : 'no-kernel'; })()"""
ERRORS = ('Error displaying widget', 'Traceback (most recent call last)', 'model not found', 'Failed to load')


def free_port()->int:
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]


def wait_http(url:str, proc, seconds:int=120, what:str='server'):
    for _ in range(seconds):
        if proc.poll() is not None: raise RuntimeError(f'{what} exited before it answered')
        try: return urllib.request.urlopen(url, timeout=2).read()
        except Exception: time.sleep(1)
    raise RuntimeError(f'{what} did not answer {url} in {seconds} s')


class Page:
    "The smallest Chrome DevTools protocol client: evaluate JavaScript, take a screenshot."
    def __init__(self, ws_url:str): self.ws, self.n = websocket.create_connection(ws_url, timeout=120, suppress_origin=True), 0
    def call(self, method:str, **params):
        self.n += 1; self.ws.send(json.dumps({'id': self.n, 'method': method, 'params': params}))
        while True:
            m = json.loads(self.ws.recv())
            if m.get('id') == self.n:
                if 'error' in m: raise RuntimeError(f'{method}: {m["error"]}')
                return m['result']
    def js(self, expr:str):
        r = self.call('Runtime.evaluate', expression=expr, awaitPromise=True, returnByValue=True)
        if 'exceptionDetails' in r: raise RuntimeError(f'JavaScript failed: {r["exceptionDetails"].get("text")}')
        return r['result'].get('value')
    def until(self, expr:str, ok, seconds:float, what:str):
        end = time.time() + seconds; v = None
        while time.time() < end:
            try: v = self.js(expr)
            except RuntimeError: v = None
            if ok(v): return v
            time.sleep(1)
        raise RuntimeError(f'timed out waiting for {what} (last: {str(v)[:200]})')


def main(shot:Path, run:str|None=None, review:bool=False)->int:
    chromium = shutil.which('chromium') or shutil.which('chromium-browser')
    if not chromium: sys.exit('no Chromium: apt-get install chromium')
    with tempfile.TemporaryDirectory() as d:
        d = Path(d); cells = REVIEW_CELLS if review else [c.replace('RUN', repr(run)) for c in CELLS]
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
        nb.metadata['kernelspec'] = {'name': 'python3', 'display_name': 'Python 3', 'language': 'python'}
        nbformat.write(nb, d/'demo.ipynb')
        port, cdp = free_port(), free_port()
        env = {**os.environ, 'JUPYTER_CONFIG_DIR': str(d/'cfg'), 'JUPYTERLAB_SETTINGS_DIR': str(d/'settings'), 'TF_CPP_MIN_LOG_LEVEL': '3'}
        p = d/'settings'/'@jupyterlab/apputils-extension/notification.jupyterlab-settings'
        p.parent.mkdir(parents=True, exist_ok=True); p.write_text(json.dumps({'fetchNews': 'false'}))
        lab = subprocess.Popen([sys.executable, '-m', 'jupyter', 'lab', '--no-browser', f'--port={port}', '--ServerApp.token=',
                                '--ServerApp.password=', '--ServerApp.disable_check_xsrf=True', f'--ServerApp.root_dir={d}',
                                '--LabApp.expose_app_in_browser=True', '--LabApp.news_url=',
                                '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate',
                                *(['--allow-root'] if hasattr(os, 'geteuid') and os.geteuid() == 0 else [])],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        chrome = None
        try:
            wait_http(f'http://127.0.0.1:{port}/api/status', lab, what='JupyterLab')
            chrome = subprocess.Popen([chromium, '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars',
                                       '--window-size=1300,1100', f'--remote-debugging-port={cdp}', '--remote-allow-origins=*', f'--user-data-dir={d/"chrome"}',
                                       f'http://127.0.0.1:{port}/lab/tree/demo.ipynb'],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            targets = json.loads(wait_http(f'http://127.0.0.1:{cdp}/json', chrome, what='Chromium'))
            page = Page(next(t['webSocketDebuggerUrl'] for t in targets if t.get('type') == 'page'))
            page.until(BUSY_JS, lambda v: v == 'idle', 180, 'the notebook and its kernel')
            page.js("window.jupyterapp.commands.execute('notebook:run-all-cells')")
            time.sleep(3)
            page.until(BUSY_JS, lambda v: v == 'idle', 1200, 'the cells to run')
            found = json.loads(page.until(VIEWS_JS, lambda v: v and json.loads(v)['dropdown'] > 0, 60, 'the widget views'))
            if review:  # an engineer's click: the kernel writes the label and the widget shows the next input
                if page.js(CLICK_SAVE_JS) != 'clicked': raise RuntimeError('no save button in the review widget')
                found = json.loads(page.until(VIEWS_JS, lambda v: v and '2 / 5' in json.loads(v)['text'], 120,
                                              'the review widget to move to the next input'))
            page.js("document.querySelector('.jp-OutputArea .widget-dropdown') && "
                    "document.querySelector('.jp-OutputArea .widget-dropdown').scrollIntoView()")
            time.sleep(2)
            png = base64.b64decode(page.call('Page.captureScreenshot', format='png')['data'])
            shot.parent.mkdir(parents=True, exist_ok=True); shot.write_bytes(png)
        except RuntimeError as e:
            print(f'lab check: {e}', file=sys.stderr); return 1
        finally:
            if chrome: chrome.terminate(); chrome.wait(30)
            lab.terminate(); lab.wait(30)
    errors = [e for e in ERRORS if e in found['text']]
    report = {k: v for k, v in found.items() if k != 'text'}
    print(json.dumps({**report, 'errors': errors, 'screenshot': str(shot)}))
    if review: return 0 if found['dropdown'] and '2 / 5' in found['text'] and not errors and shot.is_file() else 1
    follows = 'Center' in found['selected']  # the third cell changed the value from the kernel
    return 0 if found['dropdown'] and found['slider'] and follows and not errors and shot.is_file() else 1


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--shot', default=str(ROOT/'nbs'/'images'/'demo_jupyterlab.png'))
    ap.add_argument('--run', default=None, help='an existing wafer-map RUN_DIR (default: train a tiny one)')
    ap.add_argument('--review', action='store_true', help='the review widget instead of the demo, and a click on save')
    a = ap.parse_args(); sys.exit(main(Path(a.shot), a.run, a.review))
