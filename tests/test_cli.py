"The installed `deepfmask` command, run as a user runs it (a subprocess), on products it writes itself and on real metadata."
import json, subprocess, sys
from pathlib import Path
from deepfmask.core import BANDS, real_data


def test_help_lists_and_explains_commands(run_cli):
    out = run_cli('--help').stdout
    assert 'info' in out and 'demo' in out
    for cmd, words in [('info', 'MTD_TL.xml'), ('demo', 'shipped model'), ('predict', 'quicklook PNG'), ('pipeline', 'Self-training'), ('simulate', 'exact six-class truth'),
                       ('teacher', 'Fmask 4 codes'), ('evaluate', 'confusion matrix'),
                       ('prep', 'HDF5 patches'), ('train', 'Resumes an interrupted run')]:
        assert words in ' '.join(run_cli(cmd, '--help').stdout.split())   # argparse wraps lines


def test_demo_then_info_on_folder_and_zip(run_cli, tmp_path):
    out = run_cli('demo', '--size', '90').stdout
    assert 'F1 against the truth' in out and 'deepfmask' in out and 'rule teacher' in out
    safe = next((tmp_path / 'work' / 'demo').glob('*.SAFE'))
    assert next((tmp_path / 'work' / 'demo').glob('*_deepfmask.tif'))
    info = json.loads(run_cli('info', safe, '--json').stdout)
    assert (info['shape_20m'], info['bands']) == ([90, 90], BANDS) and str(info['epsg']).startswith('32')
    assert info['processing_baseline'] == '05.10' and set(info['radio_add_offset'].values()) == {-1000.0}
    # the demo can be rerun: it replaces its own product
    run_cli('demo', '--size', '90')
    import shutil
    z = shutil.make_archive(str(tmp_path / safe.name), 'zip', root_dir=safe.parent, base_dir=safe.name)
    zinfo = json.loads(run_cli('info', z, '--json').stdout)
    assert zinfo['source'] == 'zipped SAFE' and zinfo['sensing_time'] == info['sensing_time']


def test_info_on_real_tile_metadata(run_cli):
    info = json.loads(run_cli('info', real_data('MTD_TL_T05VPH_20211016.xml'), '--json').stdout)
    assert info['epsg'] == 32605 and info['shape_20m'] == [5490, 5490] and info['processing_baseline'] == '03.01'
    assert abs(info['mean_sun_zenith'] - 70.1129) < 1e-3 and info['angle_grid_shape'] == [23, 23]


def test_bad_input_exits_1_naming_the_file(run_cli, tmp_path):
    (tmp_path / 'junk.SAFE').mkdir()
    p = run_cli('info', tmp_path / 'junk.SAFE', check=False)
    assert p.returncode == 1 and 'junk.SAFE: not a Sentinel-2 .SAFE product' in p.stderr
    bad = tmp_path / 'MTD_TL.xml'
    bad.write_text('<n1:Level-1C_Tile_ID><unclosed>')
    p = run_cli('info', bad, check=False)
    assert p.returncode == 1 and 'MTD_TL.xml: metadata is not well-formed XML' in p.stderr


def test_simulate_teacher_evaluate_chain(run_cli, tmp_path):
    out = run_cli('simulate', tmp_path / 'sim', '--n', '2', '--size', '60', '--seed', '5').stdout.split()
    assert len(out) == 2 and all(p.endswith('.SAFE') for p in out)
    masks = run_cli('teacher', *out).stdout.split()
    assert all(m.endswith('_RULES.tif') for m in masks)
    res = json.loads(run_cli('evaluate', '--pred', 'rules', '--ref', 'labels', *out, '--json').stdout)
    p = run_cli('evaluate', '--pred', 'fmask', *out, check=False)        # the teacher's masks are no Fmask 4 output
    assert p.returncode == 1 and 'holds no fmask file' in p.stderr, p.stderr
    assert res['pooled']['pixels'] > 0 and 0 <= res['pooled']['overall_accuracy'] <= 1
    p = run_cli('evaluate', '--pred', 'scl', out[0], check=False)      # no Level-2A product beside it
    assert p.returncode == 1 and 'no Level-2A product' in p.stderr


def test_predict_info_teacher_on_a_stac_item(run_cli, tmp_path):
    "The installed command takes a STAC item JSON wherever it takes a product; a broken item is named."
    from deepfmask.stac import safe_item, write_cog_item
    run_cli('simulate', tmp_path / 'p', '--n', '1', '--size', '60')
    safe = next((tmp_path / 'p').glob('*.SAFE'))
    item = write_cog_item(safe_item(safe), tmp_path / 'item', keys='band')
    run_cli('predict', '-p', safe, '--out', tmp_path / 'from_safe', '--no-quicklook')
    out = run_cli('predict', '-p', item, '--no-quicklook').stdout
    mask = item.parent / f"{safe.name.removesuffix('.SAFE')}_deepfmask.tif"
    assert str(mask) in out
    import rasterio
    with rasterio.open(mask) as a, rasterio.open(next((tmp_path / 'from_safe').glob('*_deepfmask.tif'))) as b:
        assert (a.read(1) == b.read(1)).all() and a.crs == b.crs and a.transform == b.transform
    info = json.loads(run_cli('info', item, '--json').stdout)
    assert info['source'] == 'STAC item (L1C)' and info['shape_20m'] == [60, 60] and info['offset']['B02'] == -0.1
    assert run_cli('teacher', item).stdout.strip().endswith('_RULES.tif')
    d = json.loads(item.read_text()); del d['assets']['B04']; (tmp_path / 'no_red.json').write_text(json.dumps(d))
    p = run_cli('predict', '-p', tmp_path / 'no_red.json', check=False)
    assert p.returncode == 1 and "FAILED, skipped: " in p.stderr and "has no asset for band(s) ['B04']" in p.stderr, p.stderr
    p = run_cli('predict', '-p', item, '--jp2-reduced', check=False)
    assert p.returncode == 1 and '--jp2-reduced applies to .SAFE products' in p.stderr, p.stderr
    out = run_cli('predict', '-p', safe, '--out', tmp_path / 'reduced', '--no-quicklook', '--jp2-reduced').stdout
    assert '_deepfmask.tif' in out      # a 60 px product's 10 m files hold no reduced level: decoded whole, as without the flag


def test_usage_errors_exit_2_and_a_closed_pipe_is_quiet(run_cli, tmp_path):
    "Status 2 is the option parser's; a reader that stops early (`| head -1`) gets no traceback and no 'Broken pipe'."
    p = run_cli('predict', check=False)
    assert p.returncode == 2 and 'give at least one product' in p.stderr, p.stderr
    p = run_cli('simulate', tmp_path, '--n', '0', check=False)
    assert p.returncode == 2 and 'argument --n: must be at least 1' in p.stderr
    assert run_cli('--version').stdout.startswith('deepfmask ')
    import shlex, pystac
    from deepfmask.stac import safe_item
    run_cli('simulate', tmp_path / 'p', '--n', '1', '--size', '30')
    item = safe_item(next((tmp_path / 'p').glob('*.SAFE')))
    many = [item.clone() for _ in range(200)]
    for k, i in enumerate(many): i.id = f'{item.id}_{k}'
    (tmp_path / 'c.json').write_text(json.dumps(pystac.ItemCollection(many).to_dict()))   # info prints more than a pipe holds
    exe = shlex.quote(str(Path(sys.executable).with_name('deepfmask')))
    sh = subprocess.run(['bash', '-c', f'{exe} info {shlex.quote(str(tmp_path / "c.json"))} | head -c 10; echo " status ${{PIPESTATUS[0]}}"'],
                        capture_output=True, text=True)
    assert sh.stdout == 'STAC item  status 141\n' and sh.stderr == '', (sh.stdout, sh.stderr)


def test_predict_takes_products_as_info_does(run_cli, tmp_path):
    "By position, a zip under any name, stdout only the results and the rows' progress on stderr."
    run_cli('simulate', tmp_path / 'p', '--n', '1', '--size', '60')
    safe = next((tmp_path / 'p').glob('*.SAFE'))
    import shutil
    z = Path(shutil.make_archive(str(tmp_path / 'z' / 'product'), 'zip', root_dir=safe.parent, base_dir=safe.name))   # product.zip
    assert json.loads(run_cli('info', z, '--json').stdout)['source'] == 'zipped SAFE'
    for given in (z, z.parent):
        p = run_cli('predict', given, '--out', tmp_path / 'm', '--no-quicklook', '--overwrite')
        assert p.stdout == f"product.zip: {tmp_path / 'm' / 'product_deepfmask.tif'}\n", p.stdout
        assert 'product: 100%' in p.stderr, p.stderr
