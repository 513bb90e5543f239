"""Rewrites every synthetic pg*/ folder (see ../README.md)."""
import glob, os, shutil, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common
for folder in glob.glob(os.path.join(common.ROOT, 'pg*')):
    shutil.rmtree(folder)
import v96, v11, v12, v14, v16, v18, v19
for m in (v96, v11, v12, v14, v16, v18, v19):
    m.gen()
    if hasattr(m, "gen_tty"):
        m.gen_tty()
from collections import Counter
print(sorted(Counter(v for v, _ in common.written).items()), len(common.written))
