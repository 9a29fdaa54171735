"""Check that the demo widget renders in JupyterLab, in a real browser, and save a screenshot.

A small notebook (train a tiny wafer-map run, show `demo_widget` and `image_widget`'s wafer-map sibling)
is executed with nbconvert, which stores the widget state in the notebook as Jupyter does when a user
saves; a local JupyterLab server then opens it and headless Chromium loads the page. The check passes when
the page's DOM holds rendered ipywidgets views (the widget manager of JupyterLab drew them from the state)
and no error text; the screenshot goes to `nbs/images/demo_jupyterlab.png` for the docs.

    python tools/lab_check.py [--shot nbs/images/demo_jupyterlab.png]
"""
import argparse, json, os, re, shutil, socket, subprocess, sys, tempfile, time, urllib.request
from pathlib import Path
import nbformat
from nbconvert.preprocessors import ExecutePreprocessor

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
ui"""]


def free_port()->int:
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]


def main(shot:Path, run:str|None=None)->int:
    chromium = shutil.which('chromium') or shutil.which('chromium-browser')
    if not chromium: sys.exit('no Chromium: apt-get install chromium')
    with tempfile.TemporaryDirectory() as d:
        d = Path(d); nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c.replace('RUN', repr(run)) if i == 1 else c) for i, c in enumerate(CELLS)])
        nb.metadata['kernelspec'] = {'name': 'python3', 'display_name': 'Python 3', 'language': 'python'}
        os.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'
        ExecutePreprocessor(timeout=1800, store_widget_state=True).preprocess(nb, {'metadata': {'path': str(d)}})
        for c in nb.cells: c.outputs = [o for o in c.get('outputs', []) if o.get('name') != 'stderr']  # TensorFlow's start-up chatter
        state = nb.metadata.get('widgets', {}).get('application/vnd.jupyter.widget-state+json', {}).get('state', {})
        if not state: print('lab check: the executed notebook holds no widget state', file=sys.stderr); return 1
        nbformat.write(nb, d/'demo.ipynb')
        port = free_port(); env = {**os.environ, 'JUPYTER_CONFIG_DIR': str(d/'cfg'), 'JUPYTERLAB_SETTINGS_DIR': str(d/'settings')}
        for plugin, value in (('@jupyter-widgets/jupyterlab-manager/plugin', {'saveState': True}),   # draw widgets from the state saved in the notebook
                              ('@jupyterlab/apputils-extension/notification', {'fetchNews': 'false'})):
            p = d/'settings'/f'{plugin}.jupyterlab-settings'; p.parent.mkdir(parents=True, exist_ok=True); p.write_text(json.dumps(value))
        lab = subprocess.Popen([sys.executable, '-m', 'jupyter', 'lab', '--no-browser', f'--port={port}', '--ServerApp.token=',
                                '--ServerApp.password=', '--ServerApp.disable_check_xsrf=True', f'--ServerApp.root_dir={d}',
                                '--LabApp.news_url=', '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate',
                                *(['--allow-root'] if hasattr(os, 'geteuid') and os.geteuid() == 0 else [])],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        try:
            url = f'http://127.0.0.1:{port}/lab/tree/demo.ipynb'
            for _ in range(120):
                if lab.poll() is not None: print('lab check: JupyterLab did not start', file=sys.stderr); return 1
                try: urllib.request.urlopen(f'http://127.0.0.1:{port}/api/status', timeout=2); break
                except Exception: time.sleep(1)
            args = [chromium, '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--window-size=1300,1000',
                    '--virtual-time-budget=45000', f'--user-data-dir={d/"chrome"}']
            dom = subprocess.run(args + ['--dump-dom', url], capture_output=True, text=True, timeout=300).stdout
            shot.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(args + [f'--screenshot={shot.resolve()}', url], capture_output=True, timeout=300)
        finally: lab.terminate(); lab.wait(30)
    views = len(re.findall(r'class="[^"]*\bjupyter-widgets\b[^"]*\bwidget-(?:dropdown|inline-hbox|slider|button)', dom))  # ipywidgets' own views
    errors = [e for e in ('Error displaying widget', 'Traceback (most recent call last)', 'model not found') if e in dom]
    print(json.dumps({'widget_models_saved': len(state), 'widget_views_rendered': views, 'errors': errors, 'screenshot': str(shot)}))
    return 0 if views and not errors and shot.is_file() else 1


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--shot', default=str(ROOT/'nbs'/'images'/'demo_jupyterlab.png'))
    ap.add_argument('--run', default=None, help='an existing wafer-map RUN_DIR (default: train a tiny one)')
    a = ap.parse_args(); sys.exit(main(Path(a.shot), a.run))
