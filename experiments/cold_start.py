"""Time `wafer_nb predict RUN_DIR IMAGE` from a cold start (a fresh process each run), for this checkout and,
with `--vs`, another one; write the medians to bench/cold_start.json.

    python experiments/cold_start.py RUN_DIR IMAGE [--vs OTHER_CHECKOUT] [-n 7] [--out bench/cold_start.json]

Each run is `python -c "from wafer_nb.cli import main; main()" predict RUN_DIR IMAGE` with PYTHONPATH set to
the checkout, so the two checkouts run alternately under the same machine load; also counted: the modules
of wafer_nb and whether TensorFlow-Model-Optimization was imported.
"""
import argparse, json, os, statistics, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = ('import sys, json\nfrom wafer_nb.cli import main\nmain()\n'
         'print(json.dumps(sorted(m for m in sys.modules if m.startswith("wafer_nb") or m == "tensorflow_model_optimization")),'
         ' file=sys.stderr)')


def once(checkout:Path, run:str, image:str)->tuple:
    env = {**os.environ, 'PYTHONPATH': str(checkout)}
    t = time.perf_counter()
    r = subprocess.run([sys.executable, '-c', PROBE, 'predict', str(Path(run).resolve()), str(Path(image).resolve())],
                       env=env, capture_output=True, text=True, cwd='/')  # not a checkout: PYTHONPATH decides
    dt = time.perf_counter() - t
    if r.returncode: sys.exit(f'{checkout}: predict failed: {r.stderr.strip().splitlines()[-1:]}')
    return dt, json.loads(r.stderr.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('run'); ap.add_argument('image'); ap.add_argument('--vs', default=None)
    ap.add_argument('-n', type=int, default=7); ap.add_argument('--out', default=str(ROOT/'bench'/'cold_start.json'))
    a = ap.parse_args()
    sides = {'this': ROOT, **({'other': Path(a.vs).resolve()} if a.vs else {})}
    sec = {k: [] for k in sides}; mods = {}
    for _ in range(a.n):
        for k, c in sides.items(): dt, m = once(c, a.run, a.image); sec[k].append(round(dt, 3)); mods[k] = m
    res = {'command': 'python experiments/cold_start.py RUN_DIR IMAGE' + (' --vs OTHER_CHECKOUT' if a.vs else ''),
           'date': time.strftime('%Y-%m-%d'), 'cores': os.cpu_count(), 'runs': a.n,
           'sides': {k: {'checkout': subprocess.run(['git', '-C', str(c), 'rev-parse', '--short', 'HEAD'],
                                                    capture_output=True, text=True).stdout.strip(),
                         'median_seconds': statistics.median(sec[k]), 'min_seconds': min(sec[k]),
                         'max_seconds': max(sec[k]), 'wafer_nb_modules': len(mods[k]),
                         'training_modules': [m for m in mods[k] if m in ('wafer_nb.train', 'wafer_nb.pipeline',
                                                                           'wafer_nb.distill', 'wafer_nb.qat',
                                                                           'tensorflow_model_optimization')]}
                     for k, c in sides.items()}}
    Path(a.out).write_text(json.dumps(res, indent=1)); print(json.dumps(res, indent=1))


if __name__ == '__main__':
    main()
