import os, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]

@pytest.fixture
def run_cli(tmp_path):
    "Run the installed `deepfmask` script with its work directory in tmp_path."
    exe = Path(sys.executable).with_name('deepfmask')
    def run(*args, check=True):
        env = {**os.environ, 'DEEPFMASK_DATA': str(tmp_path / 'work')}
        p = subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True, env=env, cwd=tmp_path)
        if check and p.returncode != 0: raise AssertionError(f'deepfmask {args} failed ({p.returncode}):\n{p.stdout}\n{p.stderr}')
        return p
    return run
