"""K-fold cross-validation inside the training part of the Deitsch split, for deciding an ELPV lever on more than 233 cells.

The protocol's one validation split holds 233 cells, where one cell is 0.4 point of accuracy: too few to tell
apart two recipes a point apart. This tool splits the protocol's 75% (training + validation cells, 1,563 here)
into K folds stratified by (defect probability, cell type), trains once per fold with that fold held out for
validation, and runs each fold's INT8 file (eight orientations) on the cells it held out, so that every one of
the 1,563 cells is predicted once by a model that never trained on it. The test split takes no part in the
choice: each run still scores it (in `metrics.json`, the pipeline always does), and those figures are printed
apart, for the record.

Each fold is a `train_run` of `elpv_recipe()` changed by `--set`, from `--init-from` (default: the bench's
synthetic-EL pre-training of img_cnn_s@96, as the bench's pre-trained rows start), with the bench's settings
for a pre-trained start (three warm-up epochs, eight views, learning rate 1e-3). One JSON line per fold is
appended to `--out`, and the pooled accuracy and macro-F1 are printed when all folds are there.

    python3 tools/elpv_cv.py base
    python3 tools/elpv_cv.py ema99 --set '{"ema": 0.99}'
    python3 tools/elpv_cv.py base --pool          # pooled figures of the folds already run
"""
import os, sys, json, time, argparse
os.environ['TF_USE_LEGACY_KERAS'] = '1'
import numpy as np
from pathlib import Path
from dataclasses import replace

p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
p.add_argument('name'); p.add_argument('--set', default='{}', help='JSON of TrainConfig fields to change')
p.add_argument('--folds', type=int, default=4); p.add_argument('--only', type=int, nargs='*', help='fold numbers to run (default: all)')
p.add_argument('--size', type=int, default=96); p.add_argument('--model', default='img_cnn_s')
p.add_argument('--init-from', default='bench/runs/elpv/pretrain_el_cells_img_cnn_s@96/model.keras', help="'' to train from scratch")
p.add_argument('--data', default=None, help='the data directory (default: WAFER_NB_DATA or ../shared/data)')
p.add_argument('--runs', default='/tmp/elpv_cv', help='where the fold runs go (outside the repository)')
p.add_argument('--out', default='/tmp/elpv_cv.jsonl'); p.add_argument('--threads', type=int, default=0, help='TensorFlow threads (0: all)')
p.add_argument('--synth', type=int, default=0, help='synthetic EL cells (seed 12, not the pre-training draw) trained on beside each fold\'s ELPV cells, '
               'as functional (their functional class) or defective (crack, inactive, dark area), drawn in the fold\'s class ratio')
p.add_argument('--pool', action='store_true', help='only print the pooled figures of the folds already run')
a = p.parse_args()

import tensorflow as tf
if a.threads: tf.config.threading.set_intra_op_parallelism_threads(a.threads); tf.config.threading.set_inter_op_parallelism_threads(a.threads)
from wafer_nb.core import find_data_dir
from wafer_nb.bench import elpv_recipe, deitsch_split, deitsch_folds
from wafer_nb.images import load_elpv, synth_el_cells
from wafer_nb.pipeline import train_run
from wafer_nb.train import score
from wafer_nb.wafermap import encode_maps, concat_datasets
from wafer_nb.export import TFLiteModel

data = Path(a.data) if a.data else find_data_dir()
if data is None or not (data/'elpv'/'labels.csv').exists(): sys.exit(f'elpv_cv: elpv/labels.csv not found under {data}')
ds = load_elpv(data/'elpv', size=a.size); sp = deitsch_split(ds); folds = deitsch_folds(ds, sp, a.folds)  # fold of each non-test cell
runs = Path(a.runs)

if not a.pool:
    over = json.loads(a.set)
    base = {'model': a.model, 'views': 8, **({'init_from': a.init_from, 'warmup_epochs': 3, 'lr': 1e-3} if a.init_from else {})}
    cfg = replace(elpv_recipe(), **{**base, **over})  # --set wins
    if a.synth: pool = synth_el_cells(3 * a.synth, seed=12, size=a.size); pool.y = (pool.y != 0).astype(int)  # enough of each class to draw from
    for k in (a.only if a.only is not None else range(a.folds)):
        ds.split = np.where(sp == 2, 2, np.where(folds == k, 1, 0)); d = runs/f'{a.name}_f{k}'; run_ds = ds
        if a.synth:  # the fold's training cells' share of defective ones, kept: the synthetic cells must not move the class prior
            share = ds.y[ds.split == 0].mean(); nd = int(round(a.synth * share))
            pick = np.r_[np.where(pool.y == 0)[0][:a.synth - nd], np.where(pool.y == 1)[0][:nd]]
            if len(pick) != a.synth: sys.exit(f'elpv_cv: the synthetic pool is short of one class ({len(pick)} of {a.synth})')
            syn = pool.subset(pick); syn.classes = list(ds.classes); syn.split = np.zeros(len(syn), int); syn.groups = syn.groups + 10**6
            syn.attrs = {'type': np.array(['synthetic'] * len(syn)), 'prob': syn.y.astype(float)}
            run_ds = concat_datasets(ds, syn)
        t = time.time(); m = train_run(run_ds, d, cfg, overwrite=True, time_limit_s=6000, latency_runs=3, verbose=False)
        idx = np.where(ds.split == 1)[0]
        pr = TFLiteModel((d/'model_int8.tflite').read_bytes(), views=8).predict(encode_maps(ds.x[idx], 'gray'))
        np.save(d/'p8_val.npy', pr); np.save(d/'val_idx.npy', idx)
        rec = dict(name=a.name, fold=k, folds=a.folds, set=over, synth=a.synth, secs=round(time.time() - t), n_val=len(idx),
                   val_acc8=float((pr.argmax(1) == ds.y[idx]).mean()), val_score=m['history'].get('best_val_score'), test_acc8=m['int8']['accuracy'])
        print(json.dumps(rec), flush=True); open(a.out, 'a').write(json.dumps(rec) + '\n')

done = [runs/f'{a.name}_f{k}' for k in range(a.folds) if (runs/f'{a.name}_f{k}'/'p8_val.npy').exists()]
if len(done) < a.folds: print(f'{a.name}: {len(done)} of {a.folds} folds run; no pooled figure yet'); sys.exit(0)
idx = np.concatenate([np.load(d/'val_idx.npy') for d in done]); pr = np.concatenate([np.load(d/'p8_val.npy') for d in done])
if sorted(idx) != sorted(np.where(sp != 2)[0]): sys.exit(f'elpv_cv: the folds of {a.name} do not cover the training part once each')
y = ds.y[idx]; right = int((pr.argmax(1) == y).sum())
tests = [json.loads((d/'metrics.json').read_text())['int8']['accuracy'] for d in done]
print(json.dumps(dict(name=a.name, cells=len(y), right=right, accuracy=round(right / len(y), 4), macro_f1=round(score(y, pr), 4),
                      test_acc8_per_fold=[round(t, 4) for t in tests])))
