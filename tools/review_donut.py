"""The review loop measured on WM-811K: a run that never saw Donut, 50 of its flagged Donut maps labelled by
an engineer (here: their true label), a fine-tune with them; Donut F1 and every class's F1 on the same test
split before and after. Writes bench/review_donut.json.

    python tools/review_donut.py [--epochs 8] [--finetune-epochs 5] [--n-labels 50]

The splits are the WM-811K default's lot-block splits; Donut rows are removed from train and val for the
first run (they stay in test). The queue is `review_queue` over the first run's predictions of its own
training-split maps plus the held-back Donut maps, worst first; the first `n` Donut maps of it are labelled
with `add_label`, read back with `read_labels` and applied with `apply_labels` (what
`wafer_nb train --labels labels.csv --init RUN_DIR` does), and the fine-tune starts from the first run.
"""
import argparse, json, tempfile, time
from dataclasses import replace
from pathlib import Path
import numpy as np
from wafer_nb.core import require_data
from wafer_nb.wafermap import load_wm811k_parquet, make_splits, concat_datasets
from wafer_nb.pipeline import train_run, predict_run, MAP_RECIPE
from wafer_nb.review import review_queue, add_label, read_labels, apply_labels

ROOT = Path(__file__).resolve().parents[1]


def f1s(m:dict)->dict: return {c: round(v['f1'], 4) for c, v in m['int8']['per_class'].items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--epochs', type=int, default=8); ap.add_argument('--finetune-epochs', type=int, default=5)
    ap.add_argument('--n-labels', type=int, default=50); ap.add_argument('--out', default=str(ROOT/'bench'/'review_donut.json'))
    a = ap.parse_args(); t0 = time.time()
    ds = load_wm811k_parquet(require_data('wm811k/wm811k_labeled.parquet'), 48)
    parts, _ = make_splits(ds, seed=0); k = ds.classes.index('Donut')
    no = {s: parts[s].subset(parts[s].y != k) for s in ('train', 'val')}
    held = parts['train'].subset(parts['train'].y == k)   # Donut maps of the training split: new to the run
    cfg = replace(MAP_RECIPE, epochs=a.epochs, patience=a.epochs)
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        m0 = train_run(ds, d/'before', cfg, splits={**no, 'test': parts['test']}, verbose=False, formats=('int8',))
        pool = concat_datasets(no['train'], held); pool.y = np.where(pool.y == k, -1, pool.y)  # unlabelled for the run
        predict_run(d/'before', pool, d/'preds.csv')
        q = review_queue(d/'before', d/'preds.csv'); donut_ids = set(map(str, held.ids))
        pick = [i for i in q['id'].astype(str) if i in donut_ids][:a.n_labels]
        ranks = [int(q.index[q['id'].astype(str) == i][0]) for i in pick]
        for i in pick: add_label(d/'labels.csv', i, 'Donut', 'tools/review_donut.py')
        full_train = parts['train']; lab = read_labels(d/'labels.csv', full_train)
        tr = apply_labels(full_train, lab); keep = (tr.y != k) | np.isin(tr.ids.astype(str), pick)
        tr = tr.subset(keep)
        cfg2 = replace(cfg, epochs=a.finetune_epochs, patience=a.finetune_epochs, init_from=str(d/'before'/'model.keras'))
        m1 = train_run(ds, d/'after', cfg2, splits={'train': tr, 'val': no['val'], 'test': parts['test']}, verbose=False,
                       formats=('int8',))
    b, c = f1s(m0), f1s(m1)
    res = {'command': f'python tools/review_donut.py --epochs {a.epochs} --finetune-epochs {a.finetune_epochs} --n-labels {a.n_labels}',
           'date': time.strftime('%Y-%m-%d'), 'seconds': round(time.time() - t0, 1),
           'labels': len(pick), 'queue_rank_of_labelled': {'median': float(np.median(ranks)), 'max': int(max(ranks)),
                                                            'queue': len(q), 'flagged': int(q['unknown'].sum())},
           'donut_f1': {'before': b['Donut'], 'after': c['Donut']},
           'macro_f1': {'before': m0['int8']['macro_f1'], 'after': m1['int8']['macro_f1']},
           'f1_before': b, 'f1_after': c, 'f1_change_other_classes': {x: round(c[x] - b[x], 4) for x in b if x != 'Donut'},
           'test_donut_maps': int((parts['test'].y == k).sum())}
    Path(a.out).write_text(json.dumps(res, indent=1)); print(json.dumps(res, indent=1))


if __name__ == '__main__':
    main()
