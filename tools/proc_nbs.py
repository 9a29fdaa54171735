"""The steps of `nbdev_proc_nbs` without its Quarto install check: Quarto cannot be installed on machines
without internet, and processing the notebooks (what `nbdev_docs` renders) does not need it."""
from nbdev.config import get_config
from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar
from nbdev.serve import proc_nbs
from wafer_nb.compat import nbdev_build_modidx

if __name__ == '__main__':
    cfg = get_config()
    refresh_quarto_yml(); nbdev_build_modidx(); nbdev_sidebar.__wrapped__(path=cfg.nbs_path)
    proc_nbs(cfg.nbs_path)
