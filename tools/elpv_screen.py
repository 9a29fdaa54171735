"""Quick ELPV screens under the Deitsch split, for trying a lever before it goes into `elpv_bench`.

Trains a registered model on ELPV (the `elpv_recipe`, changed by `--set`), optionally from a pre-training,
over several seeds, and prints one JSON line per seed: the float model's accuracy on the 521 test cells with one
and with eight orientations (raw argmax, no prior shift, no INT8 file: a screen, not a benchmark row) and, in
`by_level`, the eight-orientation accuracy on each cell type (mono/poly) × defect probability. Lines are
appended to `--out`.

Pre-trainings (either or both; with both, the supervised one starts from the self-supervised one):
- `--pretrain-cells N`: supervised, on N synthetic EL cells (`synth_el_cells(seed=11)`, the unchanged recipe,
  10% of the cells for validation; the bench holds out 10% more for a test figure);
- `--ssl-epochs N`: self-supervised (SimCLR: two random crops, turns, flips, brightness, contrast and noise of
  one cell are pulled together, other cells pushed apart) on the cells of the Deitsch training part (training
  and validation cells, never the test cells), no labels used;
- `--init-from PATH`: a saved model (such as the `/tmp/elpv_screen_NAME.keras` a pre-training above leaves).

`--train-on-val` trains on the training and the validation cells together (the 75% of the Deitsch protocol,
as the paper trained); the validation cells then still pick the epoch kept, from inside the training data,
so this measures what the extra 15% of cells is worth, not a protocol to report.

    python3 tools/elpv_screen.py base --seeds 0,1,2
    python3 tools/elpv_screen.py el18k --pretrain-cells 18000 --set '{"lr": 0.001}'
    python3 tools/elpv_screen.py el18k_128 --size 128 --pretrain-cells 18000 --set '{"lr": 0.001}'
    python3 tools/elpv_screen.py simclr --ssl-epochs 150 --set '{"lr": 0.001}'
"""
import os, sys, json, time, argparse
os.environ['TF_USE_LEGACY_KERAS'] = '1'
import numpy as np
from dataclasses import replace

def simclr(model, x:np.ndarray, epochs:int, batch:int=256, temperature:float=0.2, lr:float=2e-3, seed:int=0)->dict:
    "Train `model`'s layers up to `gap` with SimCLR's NT-Xent loss on the encoded cells `x` (N, S, S, 1), in place; a temporary projection head."
    import tensorflow as tf
    from wafer_nb.core import keras
    K = keras(); S = x.shape[1]
    if len(x) < batch: raise SystemExit(f'simclr: {len(x)} cells, fewer than one batch of {batch}')
    bb = K.Model(model.input, model.get_layer('gap').output)
    h = K.layers.ReLU()(K.layers.BatchNormalization()(K.layers.Dense(128)(bb.output)))
    net = K.Model(bb.input, K.layers.Dense(64)(h))
    steps = len(x) // batch
    opt = K.optimizers.AdamW(K.optimizers.schedules.CosineDecay(lr, decay_steps=steps * epochs, alpha=0.02), weight_decay=1e-4)
    def view(img):
        side = tf.sqrt(tf.random.uniform([], 0.45, 1.0)); y0 = tf.random.uniform([], 0, 1 - side); x0 = tf.random.uniform([], 0, 1 - side)
        img = tf.image.crop_and_resize(img[None], [[y0, x0, y0 + side, x0 + side]], [0], [S, S])[0]
        img = tf.image.random_flip_left_right(tf.image.rot90(img, tf.random.uniform([], 0, 4, tf.int32)))
        img = (img - 0.5) * tf.random.uniform([], 0.6, 1.4) + 0.5 + tf.random.uniform([], -0.15, 0.15)
        return tf.clip_by_value(img + tf.random.normal(tf.shape(img), 0, tf.random.uniform([], 0, 0.04)), 0, 1)
    d = (tf.data.Dataset.from_tensor_slices(x).shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
         .map(lambda a: (view(a), view(a)), num_parallel_calls=tf.data.AUTOTUNE).batch(batch, drop_remainder=True).prefetch(2))
    @tf.function
    def step(a, b):
        with tf.GradientTape() as tape:
            z = tf.math.l2_normalize(tf.concat([net(a, training=True), net(b, training=True)], 0), 1); n = tf.shape(a)[0]
            sim = tf.matmul(z, z, transpose_b=True) / temperature - 1e9 * tf.eye(2 * n)  # a view is not its own positive
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(tf.concat([tf.range(n, 2 * n), tf.range(n)], 0), sim))
        g = tape.gradient(loss, net.trainable_variables); opt.apply_gradients(zip(g, net.trainable_variables)); return loss
    t = time.time(); losses = [float(np.mean([float(step(a, b)) for a, b in d])) for _ in range(epochs)]
    return dict(ssl_s=round(time.time() - t), ssl_loss_first=round(losses[0], 3), ssl_loss_last=round(losses[-1], 3))

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('name'); p.add_argument('--model', default='img_cnn_s'); p.add_argument('--size', type=int, default=96)
    p.add_argument('--seeds', default='0,1,2'); p.add_argument('--set', default='{}', help='JSON of recipe fields to change')
    p.add_argument('--pretrain-cells', type=int, default=0); p.add_argument('--pretrain-epochs', type=int, default=20)
    p.add_argument('--init-from', default='', help='saved model to start from (instead of a pre-training here)')
    p.add_argument('--train-on-val', action='store_true', help='train on training + validation cells (see above)')
    p.add_argument('--ssl-epochs', type=int, default=0, help='SimCLR epochs on the Deitsch training cells (0: none)')
    p.add_argument('--data', default=None, help='folder holding elpv/ (default: WAFER_NB_DATA or ../shared/data)')
    p.add_argument('--out', default='elpv_screen.jsonl')
    a = p.parse_args(argv)
    from wafer_nb.core import find_data_dir
    from wafer_nb.bench import elpv_recipe, deitsch_split
    from wafer_nb.images import load_elpv, synth_el_cells
    from wafer_nb.train import train_model
    from wafer_nb.wafermap import encode_maps
    from wafer_nb.export import view_average
    from wafer_nb.pipeline import split_for
    from pathlib import Path
    data = Path(a.data) if a.data else find_data_dir()
    if data is None or not (data/'elpv'/'labels.csv').exists(): sys.exit(f'elpv/labels.csv not found under {data}')
    try: over = json.loads(a.set)
    except json.JSONDecodeError as e: sys.exit(f'--set: not valid JSON ({e}): {a.set!r}')
    if not isinstance(over, dict): sys.exit(f'--set: expected a JSON object of recipe fields, got {a.set!r}')
    base = replace(elpv_recipe(), model=a.model, **over)
    ds = load_elpv(data/'elpv', size=a.size); ds.split = deitsch_split(ds); parts, _ = split_for(ds, 0)
    if a.train_on_val:
        keep = set(map(str, np.r_[parts['train'].ids, parts['val'].ids]))
        parts['train'] = ds.subset(np.array([i for i, v in enumerate(map(str, ds.ids)) if v in keep]))
        assert not keep & set(map(str, parts['test'].ids)), 'a test cell among the training cells'
    init, pre = a.init_from, {}
    if init and not Path(init).is_file(): sys.exit(f'--init-from: {init} is not a file')
    if init and a.ssl_epochs: sys.exit('--init-from and --ssl-epochs: choose one start')
    if a.ssl_epochs:
        from wafer_nb.models import create_model
        from wafer_nb.core import seed_everything
        seed_everything(0); m = create_model(a.model, (a.size, a.size, 1), len(ds.classes))
        pool = parts['train'].x if a.train_on_val else np.concatenate([parts['train'].x, parts['val'].x])  # with --train-on-val, train already holds val
        pool_ids = set(map(str, np.r_[parts['train'].ids, parts['val'].ids]))
        assert len(pool) == len(pool_ids) and not pool_ids & set(map(str, parts['test'].ids)), 'the self-supervised pool must hold each training cell once and no test cell'
        pre = simclr(m, encode_maps(pool, 'gray'), a.ssl_epochs); pre['ssl_cells'] = len(pool)
        init = f'/tmp/elpv_screen_{a.name}_ssl.keras'; m.save(init)
    if a.pretrain_cells:
        t = time.time(); cells = synth_el_cells(a.pretrain_cells, seed=11, size=a.size); draw = time.time() - t
        k = len(cells) // 10
        cfg = replace(elpv_recipe(), model=a.model, epochs=a.pretrain_epochs, finetune_epochs=0, patience=a.pretrain_epochs, seed=0,  # --set is for ELPV
                      **(dict(init_from=init, warmup_epochs=1) if init else {}))
        m, h = train_model(cells.subset(np.arange(k, len(cells))), cells.subset(np.arange(k)), cfg, verbose=False, encoding='gray')
        init = f'/tmp/elpv_screen_{a.name}.keras'; m.save(init)
        pre.update(pre_draw_s=round(draw), pre_train_s=round(h['train_seconds']), pre_val=round(float(h['best_val_score']), 4))
    te = parts['test']; xt = encode_maps(te.x, 'gray'); typ, prob = te.attrs['type'], te.attrs['prob']
    for s in [int(v) for v in a.seeds.split(',')]:
        cfg = replace(base, seed=s, **(dict(init_from=init, warmup_epochs=3) if init else {}))
        t = time.time(); m, h = train_model(parts['train'], parts['val'], cfg, verbose=False, encoding='gray')
        r = dict(name=a.name, model=a.model, size=a.size, seed=s, set=over, pretrain_cells=a.pretrain_cells, ssl_epochs=a.ssl_epochs,
                 init_from=a.init_from, train_on_val=a.train_on_val, train_cells=len(parts['train']), **pre,
                 train_s=round(time.time() - t), best_epoch=h['best_epoch'])
        for v in (1, 8):
            ok = view_average(lambda x: m.predict(x, batch_size=256, verbose=0), xt, v).argmax(1) == te.y
            r[f'acc{v}'] = round(float(ok.mean()), 4)
        r['by_level'] = {f'{t} p={q:.2f}': [round(float(ok[sel].mean()), 2), int(sel.sum())]
                         for t in ('mono', 'poly') for q in (0, 1/3, 2/3, 1) if (sel := (typ == t) & np.isclose(prob, q)).any()}
        print(json.dumps(r), flush=True)
        with open(a.out, 'a') as f: f.write(json.dumps(r) + '\n')

if __name__ == '__main__': main()
