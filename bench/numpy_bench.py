# The NumPy side of the benchmark: the classic two-layer NumPy class (W1, float64) and a generic dense net (others).
# Usage: python3 bench/numpy_bench.py WORKLOAD_ID float32|float64 — prints one JSON line.
import json, os, sys, time
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


class Net:
    """Dense layers trained by plain SGD: forward, backward and update in a handful of np.dot calls."""

    def __init__(self, sizes, hidden, loss, dtype):
        rng = np.random.default_rng(1)
        scale = 2.0 if hidden == 'relu' else 1.0
        self.W = [(rng.standard_normal((a, b)) * np.sqrt(scale / a)).astype(dtype) for a, b in zip(sizes, sizes[1:])]
        self.b = [np.zeros(b, dtype) for b in sizes[1:]]
        self.hidden, self.loss, self.lr = hidden, loss, dtype(0.01)

    def act(self, z):
        if self.hidden == 'sigmoid':
            return 1 / (1 + np.exp(-z))
        return np.tanh(z) if self.hidden == 'tanh' else np.maximum(z, 0)

    def dact(self, z, a):
        if self.hidden == 'sigmoid':
            return a * (1 - a)
        return 1 - a * a if self.hidden == 'tanh' else (z > 0).astype(z.dtype)

    def step(self, x, y):
        zs, acts = [], [x]
        for l, (W, b) in enumerate(zip(self.W, self.b)):
            z = acts[-1] @ W + b
            zs.append(z)
            last = l == len(self.W) - 1
            if not last:
                acts.append(self.act(z))
            elif self.loss == 'ce':
                e = np.exp(z - z.max(axis=1, keepdims=True))
                acts.append(e / e.sum(axis=1, keepdims=True))
            else:
                acts.append(1 / (1 + np.exp(-z)))
        out = acts[-1]
        m = x.shape[0]
        eps = 1e-7
        cost = -np.sum(y * np.log(out + eps)) / m if self.loss == 'ce' else \
            -np.mean(y * np.log(out + eps) + (1 - y) * np.log(1 - out + eps))
        dz = (out - y) / m
        for l in range(len(self.W) - 1, -1, -1):
            dW = acts[l].T @ dz
            db = dz.sum(axis=0)
            if l > 0:
                dz = (dz @ self.W[l].T) * self.dact(zs[l - 1], acts[l])
            self.W[l] -= self.lr * dW
            self.b[l] -= self.lr * db
        return float(cost)


class Classic:
    """The classic NumPy XOR network class: 2-4-1 sigmoid, float64, whole-batch gradient descent."""

    def __init__(self):
        rng = np.random.default_rng(1)
        self.w1, self.b1 = rng.standard_normal((2, 4)), np.zeros((1, 4))
        self.w2, self.b2 = rng.standard_normal((4, 1)), np.zeros((1, 1))

    @staticmethod
    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    def step(self, x, y):
        a1 = self.sigmoid(x @ self.w1 + self.b1)
        a2 = self.sigmoid(a1 @ self.w2 + self.b2)
        m = x.shape[0]
        cost = -np.mean(y * np.log(a2) + (1 - y) * np.log(1 - a2))
        d2 = (a2 - y) / m
        d1 = (d2 @ self.w2.T) * a1 * (1 - a1)
        self.w2 -= 0.1 * (a1.T @ d2)
        self.b2 -= 0.1 * d2.sum(axis=0, keepdims=True)
        self.w1 -= 0.1 * (x.T @ d1)
        self.b1 -= 0.1 * d1.sum(axis=0, keepdims=True)
        return float(cost)


def steps_per_second(step, warmup=0.4, seconds=1.5, min_steps=3, windows=5):
    """Steps per second of the fastest window of seconds / windows after a warm-up, as bench/timing.js times the others."""
    t0 = time.perf_counter()
    n = 0
    while n < 2 or time.perf_counter() - t0 < warmup:
        step(n)
        n += 1
    best = 0.0
    start = time.perf_counter()
    while True:
        w0 = time.perf_counter()
        n = 0
        while n < min_steps or time.perf_counter() - w0 < seconds / windows:
            step(n)
            n += 1
        best = max(best, n / (time.perf_counter() - w0))
        if time.perf_counter() - start >= seconds:
            return best


def blas_kernel():
    """The OpenBLAS core in use (the issue's check after unsetting OPENBLAS_CORETYPE), when it can be read."""
    try:
        import ctypes, glob, scipy_openblas64
        lib = ctypes.CDLL(glob.glob(os.path.join(scipy_openblas64.get_lib_dir(), '*.so'))[0])
        for name in ('scipy_openblas_get_corename64_', 'openblas_get_corename64_', 'openblas_get_corename'):
            if hasattr(lib, name):
                fn = getattr(lib, name)
                fn.restype = ctypes.c_char_p
                return fn().decode()
    except Exception:
        pass
    return None


def main():
    wid, precision = sys.argv[1], sys.argv[2]
    w = next(x for x in json.load(open(os.path.join(HERE, 'workloads.json'))) if x['id'] == wid)
    dtype = np.float32 if precision == 'float32' else np.float64
    rng = np.random.default_rng(42)
    nin, nout = w['sizes'][0], w['sizes'][-1]
    x = rng.uniform(-1, 1, (w['rows'], nin)).astype(dtype)
    if nout == 1:
        y = (rng.uniform(size=(w['rows'], 1)) > 0.5).astype(dtype)
    else:
        y = np.eye(nout, dtype=dtype)[rng.integers(0, nout, w['rows'])]
    net = Classic() if wid == 'W1' else Net(w['sizes'], w['hidden'], w['loss'], dtype)
    bs = w['batch']
    batches = w['rows'] // bs
    xb = [x[i * bs:(i + 1) * bs] for i in range(batches)]
    yb = [y[i * bs:(i + 1) * bs] for i in range(batches)]
    rate = steps_per_second(lambda n: net.step(xb[n % batches], yb[n % batches]))
    print(json.dumps({'stepsPerSec': rate, 'samplesPerSec': rate * bs, 'numpy': np.__version__, 'blasCore': blas_kernel()}))


main()
