# The NumPy side of the data-loading benchmark: one timed numpy.load (npy, npz member), numpy.fromfile (IDX, as
# NumPy users read MNIST) or numpy.loadtxt (CSV).
# Usage: python3 bench/numpy_data.py npy|idx|npz|csv[-f32] FILE [MEMBER] — prints one JSON line with the seconds
# (wall and CPU).
import json, sys, time
import numpy as np

kind, file = sys.argv[1], sys.argv[2]
# "-f32" after the kind: the same read, then converted to float32 as ours must (the training precision), for scale.
as_f32 = kind.endswith('-f32')
kind = kind.removesuffix('-f32')
start = time.perf_counter()
cpu = time.process_time()
if kind == 'csv':
    a = np.loadtxt(file, delimiter=',', dtype=np.float32)
elif kind == 'idx':
    a = np.fromfile(file, dtype=np.uint8, offset=16)
elif kind == 'npz':
    with np.load(file) as z:
        a = z[sys.argv[3]]
else:
    a = np.load(file)
if as_f32:
    a = a.astype(np.float32)
print(json.dumps({'seconds': time.perf_counter() - start, 'cpuSeconds': time.process_time() - cpu,
                  'shape': list(a.shape)}))
