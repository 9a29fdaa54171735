"""Quick ELPV screens under the Deitsch split, for trying a lever before it goes into `elpv_bench`.

Trains a registered model on ELPV (the `elpv_recipe`, changed by `--set`), optionally from a pre-training on
synthetic EL cells (`synth_el_cells(seed=11)`, the unchanged recipe, 10% of the cells for validation), over several seeds, and prints one
JSON line per seed: the float model's accuracy on the 521 test cells with one and with eight orientations
(raw argmax, no prior shift, no INT8 file: a screen, not a benchmark row) and the accuracy on each cell type
(mono/poly) × defect probability. Lines are appended to `--out`.

    python3 tools/elpv_screen.py base --seeds 0,1,2
    python3 tools/elpv_screen.py el18k --pretrain-cells 18000 --set '{"lr": 0.001}'
    python3 tools/elpv_screen.py el18k_128 --size 128 --pretrain-cells 18000 --set '{"lr": 0.001}'
"""
import os, sys, json, time, argparse
os.environ['TF_USE_LEGACY_KERAS'] = '1'
import numpy as np
from dataclasses import replace

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('name'); p.add_argument('--model', default='img_cnn_s'); p.add_argument('--size', type=int, default=96)
    p.add_argument('--seeds', default='0,1,2'); p.add_argument('--set', default='{}', help='JSON of recipe fields to change')
    p.add_argument('--pretrain-cells', type=int, default=0); p.add_argument('--pretrain-epochs', type=int, default=20)
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
    over = json.loads(a.set); base = replace(elpv_recipe(), model=a.model, **over)
    ds = load_elpv(data/'elpv', size=a.size); ds.split = deitsch_split(ds); parts, _ = split_for(ds, 0)
    init, pre = '', {}
    if a.pretrain_cells:
        t = time.time(); cells = synth_el_cells(a.pretrain_cells, seed=11, size=a.size); draw = time.time() - t
        k = len(cells) // 10
        cfg = replace(elpv_recipe(), model=a.model, epochs=a.pretrain_epochs, finetune_epochs=0, patience=a.pretrain_epochs, seed=0)  # --set is for ELPV
        m, h = train_model(cells.subset(np.arange(k, len(cells))), cells.subset(np.arange(k)), cfg, verbose=False, encoding='gray')
        init = f'/tmp/elpv_screen_{a.name}.keras'; m.save(init)
        pre = dict(pre_draw_s=round(draw), pre_train_s=round(h['train_seconds']), pre_val=round(float(h['best_val_score']), 4))
    te = parts['test']; xt = encode_maps(te.x, 'gray'); typ, prob = te.attrs['type'], te.attrs['prob']
    for s in [int(v) for v in a.seeds.split(',')]:
        cfg = replace(base, seed=s, **(dict(init_from=init, warmup_epochs=3) if init else {}))
        t = time.time(); m, h = train_model(parts['train'], parts['val'], cfg, verbose=False, encoding='gray')
        r = dict(name=a.name, model=a.model, size=a.size, seed=s, set=over, pretrain_cells=a.pretrain_cells, **pre,
                 train_s=round(time.time() - t), best_epoch=h['best_epoch'])
        for v in (1, 8):
            ok = view_average(lambda x: m.predict(x, batch_size=256, verbose=0), xt, v).argmax(1) == te.y
            r[f'acc{v}'] = round(float(ok.mean()), 4)
        r['by_level'] = {f'{t} p={q:.2f}': [round(float(ok[sel].mean()), 2), int(sel.sum())]
                         for t in ('mono', 'poly') for q in (0, 1/3, 2/3, 1) if (sel := (typ == t) & np.isclose(prob, q)).any()}
        print(json.dumps(r), flush=True)
        with open(a.out, 'a') as f: f.write(json.dumps(r) + '\n')

if __name__ == '__main__': main()
