"""Engine-free steps over the built HTML files (run by `thinning-hair build` after the engine)."""
