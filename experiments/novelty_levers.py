"""Other novelty scores measured on the kept leave-one-class-out fold models: which features and which distance
separate a class the run never saw. Writes bench/novelty_levers.json.

    python experiments/novelty_levers.py [--loco bench] [--out bench/novelty_levers.json]

Needs the fold models `wafer_nb bench --only loco` keeps in `bench/runs/loco` (no training here). Every score is
computed on the host in float from the same fold model, on the same lot-block splits as `bench/loco.json`; each
lever's AUROC is reported on the held-out class's validation maps (the figure a choice may be made on) and on its
test maps. `gap_mahalanobis` is the float score `loco.json` reports as `auroc_mahalanobis_fp32`; the file checks
that it reproduces it. Combinations add the scores standardised on the known validation maps.
"""
import os
os.environ.setdefault('TF_USE_LEGACY_KERAS', '1')
import argparse, json, time
from pathlib import Path
import numpy as np
from wafer_nb.core import require_data, keras
from wafer_nb.wafermap import load_wm811k_parquet, make_splits, encode_maps
from wafer_nb.novelty import auroc, head_layers
from wafer_nb.bench import REFERENCE

ROOT = Path(__file__).resolve().parents[1]
LEVERS = {  # name: what it scores
    'gap_mahalanobis': 'the pooled features the INT8 head reads (96, after ReLU), squared Mahalanobis to the nearest '
                       'class mean, shared covariance',
    'gap_pre_relu': 'the same 3×3×96 block pooled before its ReLU (batch-norm output)',
    'spatial_3x3': 'the last block unpooled (3×3×96 = 864 features), Mahalanobis',
    'gap_max': 'the last block max-pooled instead of averaged',
    'block3_avg': 'the block before (6×6×64) average-pooled',
    'block2_avg': 'the block two before (12×12×48) average-pooled',
    'gap+block3+block2': 'sum of the three pooled Mahalanobis scores (several layers)',
    'max_prob': 'the largest softmax probability (the confidence, float)',
    'energy': 'log-sum-exp of the logits',
    'gap+max_prob': 'feature distance plus confidence (a mixed score)',
    'gap+max_logit': 'feature distance plus the largest logit',
    'relative_mahalanobis': 'gap Mahalanobis minus the distance to one Gaussian of all training maps',
    'per_class_covariance': 'gap Mahalanobis with one covariance a class',
    'knn10_cosine': 'cosine similarity to the 10th nearest of 30,000 training maps (gap features)'}
COMBOS = {'gap+block3+block2': ('gap_mahalanobis', 'block3_avg', 'block2_avg'),
          'gap+max_prob': ('gap_mahalanobis', 'max_prob'), 'gap+max_logit': ('gap_mahalanobis', 'max_logit')}


def features(model, x) -> dict:
    "Every feature a lever reads, in one forward pass."
    names = ('s2c0_relu', 's3c1_relu', 's4c0_bn', 's4c0_relu', 'gap', 'logits_flat')
    b2, b3, bn4, r4, gap, lg = keras().Model(model.input, [model.get_layer(n).output for n in names]).predict(
        x, batch_size=1024, verbose=0)
    return {'gap_mahalanobis': gap, 'gap_pre_relu': bn4.mean((1, 2)), 'spatial_3x3': r4.reshape(len(x), -1),
            'gap_max': r4.max((1, 2)), 'block3_avg': b3.mean((1, 2)), 'block2_avg': b2.mean((1, 2)), 'logits': lg}


def mahalanobis(f, y, ridge=1e-3, per_class=False, relative=False):
    "Fit on training features: a function giving minus the squared distance to the nearest class mean."
    f = f.astype(np.float64); cls = np.unique(y); mu = np.stack([f[y == c].mean(0) for c in cls])
    def prec(X): return np.linalg.inv(X.T @ X / len(X) + ridge * np.eye(f.shape[1]))
    if per_class: P = [prec(f[y == c] - m) for c, m in zip(cls, mu)]
    else: P = [prec(f - mu[np.searchsorted(cls, y)])] * len(cls)
    if relative: m0 = f.mean(0); P0 = prec(f - m0)   # one Gaussian of all training maps
    def d2(g, m, p): return np.einsum('ij,jk,ik->i', g - m, p, g - m)
    def score(g):
        g = g.astype(np.float64); d = np.stack([d2(g, m, p) for m, p in zip(mu, P)], 1).min(1)
        return -(d - d2(g, m0, P0)) if relative else -d
    return score


def knn_cosine(f, k=10):
    "Fit on training features: a function giving the cosine similarity to the k-th nearest of them."
    def unit(a): return (a / (np.linalg.norm(a, axis=1, keepdims=True) + 1e-9)).astype(np.float32)
    bank = unit(f)
    return lambda g: np.concatenate([-np.partition(-(unit(g[i:i + 2048]) @ bank.T), k - 1, 1)[:, k - 1]
                                     for i in range(0, len(g), 2048)])


def fold_scores(model, tr, ytr, xv, xt) -> tuple:
    "Scores of every lever on the validation and test maps of one fold."
    Ftr, Fv, Ft = (features(model, x) for x in (tr, xv, xt)); sv, st = {}, {}
    fits = {n: mahalanobis(Ftr[n], ytr) for n in ('gap_mahalanobis', 'gap_pre_relu', 'spatial_3x3', 'gap_max',
                                                  'block3_avg', 'block2_avg')}
    fits['relative_mahalanobis'] = mahalanobis(Ftr['gap_mahalanobis'], ytr, relative=True)
    fits['per_class_covariance'] = mahalanobis(Ftr['gap_mahalanobis'], ytr, per_class=True)
    sub = np.random.default_rng(0).choice(len(ytr), min(30000, len(ytr)), replace=False)
    fits['knn10_cosine'] = knn_cosine(Ftr['gap_mahalanobis'][sub])
    for F, S in ((Fv, sv), (Ft, st)):
        for n, fn in fits.items(): S[n] = fn(F[n if n in F else 'gap_mahalanobis'])   # the last three read gap
        L = F['logits'].astype(np.float64); top = L.max(1); e = np.exp(L - top[:, None])
        S['max_prob'] = 1 / e.sum(1); S['energy'] = np.log(e.sum(1)) + top; S['max_logit'] = top
    return sv, st


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--loco', default=str(ROOT/'bench'), help='folder with loco.json and runs/loco')
    ap.add_argument('--out', default=str(ROOT/'bench'/'novelty_levers.json'))
    a = ap.parse_args(); t0 = time.time(); head_layers(); K = keras()
    lo = json.loads((Path(a.loco)/'loco.json').read_text()); spec = REFERENCE['wm811k']; enc = spec['encoding']
    parts, _ = make_splits(load_wm811k_parquet(require_data(spec['file']), size=spec['size']), seed=spec['cfg'].seed)
    classes = parts['train'].classes; res = {'command': 'python experiments/novelty_levers.py', 'levers': LEVERS, 'folds': {}}
    if Path(a.out).exists():   # a stopped run resumes: folds already scored with the same levers are kept
        old = json.loads(Path(a.out).read_text()); res['folds'] = old['folds'] if old.get('levers') == LEVERS else {}
    for c in [c for c in lo['folds'] if c not in res['folds']]:
        k = classes.index(c); tr = parts['train'].subset(parts['train'].y != k)
        model = K.models.load_model(Path(a.loco)/'runs'/'loco'/c/'model.keras', compile=False)
        vu, tu = parts['val'].y == k, parts['test'].y == k
        sv, st = fold_scores(model, encode_maps(tr.x, enc), tr.y, encode_maps(parts['val'].x, enc),
                             encode_maps(parts['test'].x, enc))
        for name, parts_of in COMBOS.items():   # standardised on the known validation maps
            z = {n: (sv[n][~vu].mean(), sv[n][~vu].std()) for n in parts_of}
            sv[name], st[name] = (sum((S[n] - z[n][0]) / z[n][1] for n in parts_of) for S in (sv, st))
        res['folds'][c] = {n: {'val': auroc(sv[n][~vu], sv[n][vu]) if vu.any() else None,
                               'test': auroc(st[n][~tu], st[n][tu])} for n in LEVERS}
        print(c, {n: round(v['test'], 3) for n, v in res['folds'][c].items()}, flush=True)
        Path(a.out).write_text(json.dumps(res, indent=1))
    res['mean'] = {n: {s: float(np.mean([f[n][s] for f in res['folds'].values() if f[n][s] is not None]))
                       for s in ('val', 'test')} for n in LEVERS}
    vals = [v['auroc_val'] for v in lo['folds'].values() if v['auroc_val'] is not None]
    res['device_head'] = {'val': float(np.mean(vals)), 'test': lo['mean_auroc'], 'source': 'bench/loco.json'}
    res['chosen_on_val'] = max(LEVERS, key=lambda n: res['mean'][n]['val'])
    res['seconds'] = round(time.time() - t0, 1); res['date'] = time.strftime('%Y-%m-%d')
    off = [abs(res['folds'][c]['gap_mahalanobis']['test'] - v['auroc_mahalanobis_fp32']) for c, v in
           lo['folds'].items()]
    res['gap_mahalanobis_reproduces_loco'] = bool(max(off) < 1e-6)
    Path(a.out).write_text(json.dumps(res, indent=1)); print(json.dumps(res['mean'], indent=1), res['chosen_on_val'])


if __name__ == '__main__':
    main()
