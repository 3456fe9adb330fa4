// The parts of the generated PyTorch script that are the same for every spec: the engine's seeded shuffle, the
// safetensors reader and writer, the training loop and the DistributedDataParallel launchers.

/** The engine's Rng (src/engine/rng.ts) in Python, bit for bit: the mini-batch order depends on it. */
export const PY_RNG = `
M32 = 0xFFFFFFFF


class Rng:
    """The engine's seeded generator: xoshiro128** seeded through splitmix32 from (seed, stream), with 32-bit
    integer math only, so the mini-batch order is the one \`backprop train\` uses, on every machine."""

    def __init__(self, seed, stream=""):
        h = 0x811C9DC5  # FNV-1a over the stream name's UTF-16 code units
        units = stream.encode("utf-16-le")
        for i in range(0, len(units), 2):
            h = ((h ^ (units[i] | units[i + 1] << 8)) * 0x01000193) & M32
        x = ((seed & M32) ^ h) & M32
        x = (x ^ (((abs(seed) >> 32) & M32) * 0x9E3779B9)) & M32
        state = []
        for _ in range(4):  # splitmix32
            x = (x + 0x9E3779B9) & M32
            z = ((x ^ (x >> 16)) * 0x85EBCA6B) & M32
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M32
            state.append((z ^ (z >> 16)) & M32)
        if not any(state):
            state[0] = 1
        self.s = state

    def next_u32(self):
        s0, s1, s2, s3 = self.s
        result = (_rotl((s1 * 5) & M32, 7) * 9) & M32
        t = (s1 << 9) & M32
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        self.s = [s0, s1, s2, _rotl(s3, 11)]
        return result

    def next(self):
        """Uniform in [0, 1) with 53 random bits."""
        a = self.next_u32() >> 5
        b = self.next_u32() >> 6
        return (a * 67108864 + b) / 9007199254740992

    def int(self, n):
        """Uniform integer in [0, n)."""
        return math.floor(self.next() * n)

    def shuffle(self, a):
        """Fisher-Yates, in place."""
        for i in range(len(a) - 1, 0, -1):
            j = self.int(i + 1)
            a[i], a[j] = a[j], a[i]


def _rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & M32
`;

/** CSV cells and input normalization, shared by CSV data and data file references. */
export const PY_CELLS = `
def number(cell):
    """A CSV cell as the engine reads it (JavaScript's Number()): a decimal, or a 0x/0o/0b integer."""
    if cell[:2].lower() in ("0x", "0o", "0b"):
        return float(int(cell, 0))
    return float(cell)


def normalize(x, train, how):
    """Scales each input column in place with the population statistics of the first \`train\` rows (the training
    rows: held-out rows are scaled as unseen data would be), sums taken left to right as the engine takes them
    (cumsum is sequential, unlike sum). A constant column is only centred (standard) or zeroed (minmax)."""
    if how not in ("standard", "minmax"):
        return
    for j in range(x.shape[1]):
        col = x[:train, j]
        if how == "standard":
            mean = np.cumsum(col)[-1] / len(col)
            std = math.sqrt(np.cumsum((col - mean) ** 2)[-1] / len(col))
            x[:, j] = (x[:, j] - mean) / (std or 1)
        else:
            lo, hi = col.min(), col.max()
            x[:, j] = 0.0 if hi == lo else (x[:, j] - lo) / (hi - lo)
`;

/**
 * Data file references (\`{ "file": … }\` in inputs, targets, labels) read with NumPy as the engine reads them: .npy,
 * .npz, IDX, any of them gzip-compressed, else CSV/TSV; then \`scale\`, rows flattened, labels one-hot.
 */
export const PY_DATA_FILES = `
IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_array(ref):
    """A file reference's array, recognised from its first bytes as the engine recognises it."""
    path = os.path.join(SPEC_DIR, ref["file"])
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\\x1f\\x8b":
        raw = gzip.decompress(raw)
    if raw[:6] == b"\\x93NUMPY":
        return np.load(io.BytesIO(raw))
    if raw[:2] == b"PK" and raw[2] in (3, 5):
        with np.load(io.BytesIO(raw)) as archive:
            return archive[ref.get("array", archive.files[0])]
    if raw[:2] == b"\\0\\0" and raw[2] in IDX_TYPES and raw[3] > 0:
        dims = struct.unpack(f">{raw[3]}I", raw[4 : 4 + 4 * raw[3]])
        return np.frombuffer(raw, IDX_TYPES[raw[2]], math.prod(dims), 4 + 4 * raw[3]).reshape(dims)
    dialect = "excel-tab" if path.lower().endswith(".tsv") else "excel"
    rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(raw.decode("utf-8-sig")), dialect)]
    rows = [row for row in rows if row and row != [""]]
    header = rows.pop(0) if ref.get("header", True) else []
    picked = [header.index(c) if isinstance(c, str) else c for c in ref.get("columns", range(len(rows[0])))]
    return np.array([[number(row[j]) for j in picked] for row in rows], dtype=np.float64)


def read_source(ref, role):
    """One source as float64 rows: inline rows as written, or a file times its scale, each row flattened; labels
    one-hot encoded over the output units. Values are rounded to the training precision, as the engine holds them."""
    if isinstance(ref, list):
        values = np.array(ref, dtype=np.float64)
    else:
        values = read_array(ref).astype(np.float64) * ref.get("scale", 1)
    values = values.astype(NUMPY_DTYPE).astype(np.float64).reshape(len(values), -1)
    if role != "labels":
        return values
    return np.eye(OUTPUTS, dtype=np.float64)[values[:, 0].astype(np.int64)]
`;

/** safetensors I/O without the \`safetensors\` package (Debian's torch comes without it). */
export const PY_SAFETENSORS = `
# safetensors: an 8-byte little-endian header length, a JSON header (dtype, shape and byte range of each tensor),
# then the raw little-endian data. Simple enough to read and write here, so no \`safetensors\` package is needed.
NUMPY_DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2"}


def read_safetensors(path):
    """The tensors of a safetensors file by name, and its metadata."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + length])
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        array = np.frombuffer(data[8 + length + begin : 8 + length + end], dtype=NUMPY_DTYPES[entry["dtype"]])
        tensors[name] = torch.from_numpy(array.reshape(entry["shape"]).copy())
    return tensors, metadata


def write_safetensors(path, tensors, metadata):
    """Writes tensors (name -> float32/float64 tensor) with string metadata, the header padded to 8 bytes."""
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name, tensor in tensors.items():
        dtype = "F64" if tensor.dtype == torch.float64 else "F32"
        blob = tensor.detach().cpu().contiguous().numpy().astype(NUMPY_DTYPES[dtype]).tobytes()
        header[name] = {"dtype": dtype, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
`;

/** Training: the engine's loop (src/engine/trainer.ts), one process or one rank of many. */
export const PY_TRAIN = `
def train(steps, out, rank=0, world=1, device="cpu"):
    """Takes \`steps\` optimizer steps exactly as \`backprop train\` does and writes the weights to \`out\` (rank 0).

    With world > 1 (DistributedDataParallel), every rank takes an equal share of each mini-batch (sizes differ by
    at most one), and its loss is scaled by world / batch size instead of 1 / share size: DDP averages the
    gradients over the ranks, so the update is the single-process one, also when the batch does not divide evenly.
    """
    model = build_model().to(device)
    inputs, targets = load_data()
    rows = training_rows(len(inputs))  # the last rows are held out, in file order
    x_all = torch.tensor(inputs[:rows], dtype=DTYPE, device=device)
    y_all = torch.tensor(targets[:rows], dtype=DTYPE, device=device)
    net = model[:-1] if FUSED else model
    if world > 1:
        net = DistributedDataParallel(net, device_ids=[torch.device(device)] if device != "cpu" else None)
    optimizer = make_optimizer(model.parameters())
    order = list(range(rows))
    rng = Rng(SEED, "shuffle")
    cursor = 0
    for step in range(1, steps + 1):
        if cursor == 0 and SHUFFLE:
            rng.shuffle(order)  # each epoch shuffles the previous epoch's order again, as the engine does
        count = min(BATCH_SIZE, rows - cursor)  # the last batch of an epoch may be smaller
        share = order[cursor + rank * count // world : cursor + (rank + 1) * count // world]
        loss = data_loss(net(x_all[share]), y_all[share], count) * world + l2_penalty(model)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        cursor = 0 if cursor + count >= rows else cursor + count
        if not all(torch.isfinite(p).all() for p in model.parameters()):
            sys.exit(f"training diverged at step {step}: a weight became non-finite; try a smaller learning rate")
    if rank == 0:
        with torch.no_grad():
            final = data_loss((model[:-1] if FUSED else model)(x_all), y_all, rows) + l2_penalty(model)
        print(f"{NAME}: {steps} steps on {world} process(es); training loss {final.item():.6g}")
        write_safetensors(out, model.state_dict(), METADATA)
        print(f"wrote {out}")


def _spawned(rank, world, port, steps, out):
    """One rank started by --spawn: the environment torchrun would have set, then the same training."""
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port), RANK=str(rank), WORLD_SIZE=str(world))
    os.environ["LOCAL_RANK"] = str(rank)
    _distributed(steps, out)


def _distributed(steps, out):
    """One rank under torchrun (or --spawn): NCCL on GPUs, gloo on CPUs."""
    rank, world = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"])
    gpu = torch.cuda.is_available()
    dist.init_process_group("nccl" if gpu else "gloo", rank=rank, world_size=world)
    device = f"cuda:{os.environ.get('LOCAL_RANK', rank)}" if gpu else "cpu"
    if gpu:
        torch.cuda.set_device(device)  # NCCL needs each rank on its own GPU
    try:
        train(steps, out, rank, world, device)
    finally:
        dist.destroy_process_group()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, help="optimizer steps (default: the spec's epochs)")
    parser.add_argument("--epochs", type=int, help=f"epochs (default {EPOCHS})")
    parser.add_argument("--out", default=os.path.join(HERE, NAME_STEM + ".trained.safetensors"))
    parser.add_argument("--spawn", type=int, metavar="N", help="run N DistributedDataParallel processes here")
    args = parser.parse_args(argv)
    rows = training_rows(len(load_data()[0]))
    steps = args.steps or (args.epochs or EPOCHS) * math.ceil(rows / BATCH_SIZE)
    if args.spawn and args.spawn > 1:
        with socket.socket() as s:  # a free port on this machine for the ranks to meet
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        torch.multiprocessing.spawn(_spawned, args=(args.spawn, port, steps, args.out), nprocs=args.spawn)
    elif "WORLD_SIZE" in os.environ and int(os.environ["WORLD_SIZE"]) > 1:
        _distributed(steps, args.out)
    else:
        train(steps, args.out)


if __name__ == "__main__":
    main()
`;
