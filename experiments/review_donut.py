"""The review loop measured on WM-811K: a run that never saw Donut, 50 of its flagged Donut maps labelled by
an engineer (here: their true label), a fine-tune with them; Donut F1 and every class's F1 on the same test
split before and after, for each seed asked, with the spread over seeds. Writes bench/review_donut.json.

    python experiments/review_donut.py [--epochs 8] [--finetune-epochs 5] [--n-labels 50] [--seeds 0 1 2]
                                 [--finetune-lr LR] [--keep DIR]

The splits are the WM-811K default's lot-block splits; Donut rows are removed from train and val for the
first run (they stay in test). The recipe is the default's (`MAP_RECIPE`: a teacher trained in the run, a
one-view student), shortened to `--epochs` (its teacher too). The queue is `review_queue` over the first
run's predictions of its own training-split maps plus the held-back Donut maps, worst first; the first `n`
Donut maps of it are labelled with `add_label`, read back with `read_labels` and applied with `apply_labels`
(what `wafer_nb train --labels labels.csv --init RUN_DIR` does), and the fine-tune starts from the first run.
A class's F1 change counts as within the seed spread when its mean over seeds is no lower than minus the
standard deviation of that class's F1 over the seeds' first runs.
"""
import argparse, json, statistics, tempfile, time
from dataclasses import replace
from pathlib import Path
import numpy as np
from wafer_nb.core import require_data
from wafer_nb.wafermap import load_wm811k_parquet, make_splits, concat_datasets
from wafer_nb.pipeline import train_run, predict_run, MAP_RECIPE
from wafer_nb.review import review_queue, add_label, read_labels, apply_labels
from wafer_nb.one_view import spread

ROOT = Path(__file__).resolve().parents[1]


def f1s(m:dict)->dict: return {c: round(v['f1'], 4) for c, v in m['int8']['per_class'].items()}


def one_seed(ds, parts, k, a, seed:int)->dict:
    "Before and after of one seed: the first run, its queue, the labels, the fine-tune."
    no = {s: parts[s].subset(parts[s].y != k) for s in ('train', 'val')}
    held = parts['train'].subset(parts['train'].y == k)   # Donut maps of the training split: new to the run
    cfg = replace(MAP_RECIPE, epochs=a.epochs, patience=a.epochs, seed=seed); tcfg = {'epochs': a.epochs}
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        m0 = train_run(ds, d/'before', cfg, splits={**no, 'test': parts['test']}, verbose=False, formats=('int8',),
                       teacher_cfg=tcfg)
        pool = concat_datasets(no['train'], held); pool.y = np.where(pool.y == k, -1, pool.y)  # unlabelled for the run
        predict_run(d/'before', pool, d/'preds.csv')
        q = review_queue(d/'before', d/'preds.csv'); donut_ids = set(map(str, held.ids))
        pick = [i for i in q['id'].astype(str) if i in donut_ids][:a.n_labels]
        ranks = [int(q.index[q['id'].astype(str) == i][0]) for i in pick]
        for i in pick: add_label(d/'labels.csv', i, 'Donut', 'experiments/review_donut.py')
        full_train = parts['train']; lab = read_labels(d/'labels.csv', full_train)
        tr = apply_labels(full_train, lab); tr = tr.subset((tr.y != k) | np.isin(tr.ids.astype(str), pick))
        cfg2 = replace(cfg, epochs=a.finetune_epochs, patience=a.finetune_epochs, lr=a.finetune_lr or cfg.lr,
                       init_from=str(d/'before'/'model.keras'))
        m1 = train_run(ds, d/'after', cfg2, splits={'train': tr, 'val': no['val'], 'test': parts['test']},
                       verbose=False, formats=('int8',), teacher_cfg=tcfg)
    b, c = f1s(m0), f1s(m1)
    return {'seed': seed, 'labels': len(pick), 'queue_rank_of_labelled': {
                'median': float(np.median(ranks)), 'max': int(max(ranks)), 'queue': len(q),
                'flagged': int(q['unknown'].sum())},
            'donut_f1': {'before': b['Donut'], 'after': c['Donut']},
            'macro_f1': {'before': m0['int8']['macro_f1'], 'after': m1['int8']['macro_f1']},
            'f1_before': b, 'f1_after': c}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--epochs', type=int, default=8); ap.add_argument('--finetune-epochs', type=int, default=5)
    ap.add_argument('--n-labels', type=int, default=50)
    ap.add_argument('--finetune-lr', type=float, default=None,
                    help="the fine-tune's learning rate (default: the recipe's)")
    ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    ap.add_argument('--out', default=str(ROOT/'bench'/'review_donut.json'))
    ap.add_argument('--keep', default=str(ROOT/'bench'/'runs'/'review_donut'), help='per-seed rows, reused')
    a = ap.parse_args(); t0 = time.time()
    ds = load_wm811k_parquet(require_data('wm811k/wm811k_labeled.parquet'), 48)
    parts, _ = make_splits(ds, seed=0); k = ds.classes.index('Donut')
    keep = Path(a.keep); keep.mkdir(parents=True, exist_ok=True); runs = []
    lr = f'_lr{a.finetune_lr:g}' if a.finetune_lr else ''
    for s in a.seeds:   # each seed's rows are kept as it ends, so a stopped run resumes at the next seed
        f = keep/f'seed{s}_e{a.epochs}_f{a.finetune_epochs}_n{a.n_labels}{lr}.json'
        if not f.exists(): f.write_text(json.dumps(one_seed(ds, parts, k, a, s), indent=1))
        runs.append(json.loads(f.read_text()))
    classes = list(runs[0]['f1_before']); others = [x for x in classes if x != 'Donut']
    before = {x: spread([r['f1_before'][x] for r in runs]) for x in classes}
    change = {x: statistics.fmean([r['f1_after'][x] - r['f1_before'][x] for r in runs]) for x in classes}
    res = {'command': f'python experiments/review_donut.py --epochs {a.epochs} --finetune-epochs {a.finetune_epochs}'
                      f' --n-labels {a.n_labels} --seeds {" ".join(map(str, a.seeds))}'
                      + (f' --finetune-lr {a.finetune_lr:g}' if a.finetune_lr else ''),
           'finetune_lr': a.finetune_lr or MAP_RECIPE.lr,
           'date': time.strftime('%Y-%m-%d'), 'seconds': round(time.time() - t0, 1), 'recipe': 'MAP_RECIPE',
           'labels': min(r['labels'] for r in runs),
           'queue_rank_of_labelled': {q: statistics.fmean([r['queue_rank_of_labelled'][q] for r in runs])
                                      for q in ('median', 'max', 'queue', 'flagged')},
           'donut_f1': {w: statistics.fmean([r['donut_f1'][w] for r in runs]) for w in ('before', 'after')},
           'donut_f1_spread': {w: spread([r['donut_f1'][w] for r in runs]) for w in ('before', 'after')},
           'macro_f1': {w: statistics.fmean([r['macro_f1'][w] for r in runs]) for w in ('before', 'after')},
           'f1_before_spread': before,
           'f1_change_other_classes': {x: round(change[x], 4) for x in others},
           'within_seed_spread': {x: bool(change[x] >= -before[x]['std']) for x in others},
           'seeds': runs, 'test_donut_maps': int((parts['test'].y == k).sum())}
    Path(a.out).write_text(json.dumps(res, indent=1)); print(json.dumps(res, indent=1))


if __name__ == '__main__':
    main()
