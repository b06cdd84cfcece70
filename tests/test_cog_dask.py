"predict_cogs through a Dask LocalCluster (the notebook's `slow` cell, on tiny products): one bad product is skipped, the others masked."
import rasterio
from deepfmask.cog import predict_cogs
from deepfmask.simulate import simulate_scene, write_scene


def test_predict_cogs_on_a_local_cluster(tmp_path, capsys):
    good = [write_scene(tmp_path, simulate_scene(s, size=96, seed=i)) for i, s in enumerate(['clear', 'polar_summer'])]
    bad = tmp_path / 'S2A_MSIL1C_20200101T000000_N0400_R001_T05VPH_20200101T000000.SAFE'
    bad.mkdir()
    msgs = []
    res = predict_cogs([tmp_path], out_dir=tmp_path / 'out', scheduler='local', log=msgs.append, progress=True, window_size=96, overlap=16)
    assert res[str(bad)] is None and any('FAILED, skipped' in m for m in msgs)
    assert 'products: 100%' in capsys.readouterr().err          # the products done, on stderr
    for g in good:
        with rasterio.open(res[str(g)]) as src: assert src.shape == (96, 96) and src.tags(ns='IMAGE_STRUCTURE')['LAYOUT'] == 'COG'
