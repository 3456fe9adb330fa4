# The NumPy side of the data-loading benchmark: one timed numpy.load (npy, npz member), numpy.fromfile (IDX, as
# NumPy users read MNIST) or numpy.loadtxt (CSV).
# Usage: python3 bench/numpy_data.py npy|idx|npz|csv FILE [MEMBER] — prints one JSON line with the seconds
# (wall and CPU).
import json, sys, time
import numpy as np

kind, file = sys.argv[1], sys.argv[2]
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
print(json.dumps({'seconds': time.perf_counter() - start, 'cpuSeconds': time.process_time() - cpu,
                  'shape': list(a.shape)}))
