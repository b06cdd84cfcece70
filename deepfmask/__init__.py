__version__ = "0.1.0"


def __getattr__(name):
    "`deepfmask.mask` (masking a reflectance cube), imported on first use so that `import deepfmask` stays light."
    if name == 'mask':
        from .cube import mask
        return mask
    raise AttributeError(f"module 'deepfmask' has no attribute {name!r}")
