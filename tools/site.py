"""Build a browsable static site from the processed notebooks and check it in headless Chromium.

Quarto (what `nbdev_docs` renders with) cannot be installed on machines without internet, so CI builds
the docs' pages itself from `_proc/` (the notebooks after nbdev's processors: front matter, hidden cells
removed, show_doc, the Colab badge), in the order of `nbs/sidebar.yml`, with a sidebar on every page, the
pages' `.ipynb` links pointing at their HTML, and the images they reference copied beside them. Then
every page is opened in headless Chromium: it must load, show no traceback, and every image on it must
have decoded (images from other sites, such as the Colab badge, need the network and are not counted). Screenshots of the index and two module pages are saved for a person to look at.

    python tools/site.py [--out _site] [--check] [--shots index,train,cv]
"""
import argparse, html, json, re, shutil, subprocess, sys, tempfile
from pathlib import Path
import nbformat, yaml
from traitlets.config import Config
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parents[1]
ERROR_TEXT = ('Traceback (most recent call last)', 'ModuleNotFoundError', 'NameError:', 'No module named')
CHECK_JS = """<script>window.addEventListener('load', () => setTimeout(() => {
  const imgs = [...document.images].filter(i => !/^https?:/.test(i.getAttribute('src'))); const bad = imgs.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.getAttribute('src').slice(0, 80));
  document.body.setAttribute('data-images', imgs.length); document.body.setAttribute('data-broken', JSON.stringify(bad));
}, 200));</script>"""
STYLE = """<style>
#site-nav{position:fixed;top:0;left:0;width:230px;height:100%;overflow:auto;background:#f6f8fa;border-right:1px solid #ddd;font:14px sans-serif;padding:12px}
#site-nav a{display:block;padding:3px 6px;color:#0b5394;text-decoration:none}#site-nav a.here{background:#dbe8f6;border-radius:4px;font-weight:bold}
body{margin-left:260px!important}</style>"""


def sidebar_order(nbs:Path)->list:
    "Notebook names in the order of sidebar.yml (its `- name.ipynb` lines)."
    return re.findall(r'-\s+(\S+\.ipynb)', (nbs/'sidebar.yml').read_text())


def front_matter(nb)->dict:
    "title, description and output-file from the raw front-matter cell nbdev's processor put first."
    c = nb.cells[0] if nb.cells and nb.cells[0].cell_type == 'raw' else None
    return (yaml.safe_load(c.source.strip().strip('-')) or {}) if c else {}


def as_quarto_would(nb):
    "What Quarto does with nbdev's cell options and show_doc's Pandoc attributes, for nbconvert: `echo: false` hides the input, `#|` lines are not shown."
    for c in nb.cells:
        if c.cell_type != 'code': continue
        lines = c.source.split('\n'); opts = [l for l in lines if l.startswith('#|')]
        c.source = '\n'.join(l for l in lines if not l.startswith('#|')).strip('\n')
        if any(re.match(r'#\|\s*echo:\s*false', o) for o in opts): c.metadata.setdefault('tags', []).append('remove_input')
        for o in c.get('outputs', []):
            md = o.get('data', {}).get('text/markdown')
            if md: o['data']['text/markdown'] = re.sub(r'\{target="_blank"[^}]*\}', '', md if isinstance(md, str) else ''.join(md))
    return nb


def build(out:Path, check:bool=False)->list:
    "Write one HTML page per processed notebook into `out`; returns [(notebook, page, title)]."
    nbs, proc = ROOT/'nbs', ROOT/'_proc'
    if not proc.is_dir(): sys.exit('no _proc: run tools/proc_nbs.py first')
    order = [n for n in sidebar_order(nbs) if (proc/n).is_file()]
    pages = []
    for n in order:
        nb = nbformat.read(proc/n, as_version=4); fm = front_matter(nb)
        pages.append((n, fm.get('output-file', Path(n).stem + '.html'), str(fm.get('title', Path(n).stem))))
    link = {n: page for n, page, _ in pages}
    if out.exists(): shutil.rmtree(out)
    (out/'assets').mkdir(parents=True)
    cfg = Config(); cfg.TagRemovePreprocessor.remove_input_tags = {'remove_input'}; cfg.TagRemovePreprocessor.enabled = True
    ex = HTMLExporter(template_name='lab', config=cfg, exclude_input_prompt=True, exclude_output_prompt=True)
    for n, page, title in pages:
        nb = nbformat.read(proc/n, as_version=4)
        fm = front_matter(nb)
        if nb.cells and nb.cells[0].cell_type == 'raw': nb.cells = nb.cells[1:]
        as_quarto_would(nb)
        head = f"# {title}\n\n" + (f"> {str(fm['description']).strip()}\n" if fm.get('description') else '')
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(head))
        body, _ = ex.from_notebook_node(nb)
        for k, v in link.items(): body = body.replace(f'href="{k}', f'href="{v}')  # [x](04_train.ipynb#anchor) → train.html#anchor

        def asset(m):
            src = html.unescape(m.group(2))
            if src.startswith(('data:', 'http://', 'https://')): return m.group(0)
            f = (nbs/src).resolve()
            if not f.is_file(): return m.group(0)  # left as is: the browser check reports it broken
            shutil.copyfile(f, out/'assets'/f.name); return f'{m.group(1)}assets/{f.name}"'
        body = re.sub(r'(<img[^>]*?src=")([^"]+)"', asset, body)
        nav = '<nav id="site-nav">' + ''.join(f'<a href="{p}"{" class=here" if p == page else ""}>{html.escape(t)}</a>' for _, p, t in pages) + '</nav>'
        body = body.replace('</head>', STYLE + (CHECK_JS if check else '') + '</head>', 1)
        body = re.sub(r'(<body[^>]*>)', lambda m: m.group(1) + nav, body, count=1)
        (out/page).write_text(body)
    (out/'pages.json').write_text(json.dumps(pages, indent=1))
    return pages


def chromium()->str:
    for c in ('chromium', 'chromium-browser', 'google-chrome'):
        if shutil.which(c): return shutil.which(c)
    sys.exit('no Chromium: apt-get install chromium')


def _chrome(args:list, timeout:float=90)->str:
    with tempfile.TemporaryDirectory() as prof:
        r = subprocess.run([chromium(), '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', f'--user-data-dir={prof}',
                            '--virtual-time-budget=8000', *args], capture_output=True, text=True, timeout=timeout)
    return r.stdout


def check(out:Path, pages:list, shots:list)->list:
    "Open every page in headless Chromium; returns the problems found (page, what)."
    problems = []
    for n, page, title in pages:
        dom = _chrome(['--dump-dom', (out/page).resolve().as_uri()])
        m = re.search(r'<body[^>]*data-images="(\d+)"[^>]*data-broken="([^"]*)"', dom) or re.search(r'<body[^>]*data-broken="([^"]*)"[^>]*data-images="(\d+)"', dom)
        if not dom or 'site-nav' not in dom: problems.append((page, 'did not load')); continue
        if m is None: problems.append((page, 'the image check did not run')); continue
        broken = json.loads(html.unescape(m.group(2) if m.re.pattern.startswith('<body[^>]*data-images') else m.group(1)))
        if broken: problems.append((page, f'broken images: {broken}'))
        text = re.sub(r'<[^>]+>', ' ', dom)
        for e in ERROR_TEXT:
            if e in text: problems.append((page, f'error text on the page: {e!r}'))
        print(f'{page:28} ok' if not any(p == page for p, _ in problems) else f'{page:28} PROBLEM', flush=True)
    (out/'shots').mkdir(exist_ok=True)
    for s in shots:
        page = next((p for _, p, _ in pages if Path(p).stem == s), None)
        if page is None: problems.append((s, 'no such page for a screenshot')); continue
        _chrome([f'--screenshot={(out/"shots"/(s + ".png")).resolve()}', '--window-size=1280,1400', (out/page).resolve().as_uri()])
        if not (out/'shots'/(s + '.png')).is_file(): problems.append((s, 'screenshot not written'))
    return problems


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default=str(ROOT/'_site')); ap.add_argument('--check', action='store_true')
    ap.add_argument('--shots', default='index,train,cv')
    a = ap.parse_args(); out = Path(a.out)
    pages = build(out, a.check); print(f'site: {len(pages)} pages in {out}')
    if a.check:
        probs = check(out, pages, [s for s in a.shots.split(',') if s])
        for p, what in probs: print(f'site check: {p}: {what}', file=sys.stderr)
        if probs: sys.exit(1)
        print(f'site check: {len(pages)} pages load in headless Chromium with no error text or broken image; screenshots in {out/"shots"}')
