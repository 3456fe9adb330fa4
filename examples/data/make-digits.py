# Writes the digits example's data (digits-*-idx*-ubyte.gz) from the copy of the UCI digits that Debian's
# python3-sklearn ships: `apt-get install python3-sklearn && python3 examples/data/make-digits.py`.
# IDX is the MNIST format: big-endian magic (0x0000 0x08 = uint8, then the number of dimensions), each dimension as a
# big-endian uint32, then the bytes. Gzip with mtime 0, so the output is the same on every run.
import gzip
import os
import random
import struct

SOURCE = '/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz'
HERE = os.path.dirname(os.path.abspath(__file__))


def write_idx(name, dims, data):
    header = struct.pack('>BBBB', 0, 0, 0x08, len(dims)) + b''.join(struct.pack('>I', d) for d in dims)
    with open(os.path.join(HERE, name), 'wb') as raw, gzip.GzipFile(fileobj=raw, mode='wb', mtime=0, filename='') as f:
        f.write(header + bytes(data))


rows = [[int(v) for v in line.split(',')] for line in gzip.open(SOURCE, 'rt').read().split()]
assert len(rows) == 1797 and all(len(r) == 65 for r in rows)
assert all(0 <= v <= 16 for r in rows for v in r[:64]) and all(0 <= r[64] <= 9 for r in rows)
# The file runs writer by writer, so its last fifth (the spec's validation split) would be writers the network never
# saw; shuffled once with a fixed seed, the held-out fifth is a random sample, as scikit-learn's train_test_split makes.
random.Random(0).shuffle(rows)
write_idx('digits-images-idx3-ubyte.gz', [len(rows), 8, 8], [v for r in rows for v in r[:64]])
write_idx('digits-labels-idx1-ubyte.gz', [len(rows)], [r[64] for r in rows])
