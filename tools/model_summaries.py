"""Write the summary beside each shipped model (deepfmask/models/NAME.json) from its experiment's record in data/experiments/.

python tools/model_summaries.py   # after shipping a new model; nbs/14_predict.ipynb checks that the files match the records"""
import json
from pathlib import Path
from deepfmask.core import atomic_output
from deepfmask.model import load_model
from deepfmask.predict import SHIPPED_MODEL, SIX_BAND_MODEL, default_model_path, summary_from_experiment

ROOT = Path(__file__).resolve().parents[1]

def main():
    for name in (SHIPPED_MODEL, SIX_BAND_MODEL):
        p = default_model_path().with_name(name)
        meta = load_model(p, 'cpu').meta
        record = json.loads((ROOT / 'data' / 'experiments' / f"{meta['exp']}.json").read_text())
        with atomic_output(p.with_suffix('.json'), overwrite=True) as tmp:
            tmp.write_text(json.dumps(summary_from_experiment(record, f"stage {meta['stage']}"), indent=1) + '\n')
        print(p.with_suffix('.json'))

if __name__ == '__main__': main()
