// Assembles the WebAssembly modules from hand-written WAT: the SIMD GEMM kernels (unrolled here) into
// src/engine/kernels/gemm.wasm.ts, the CSV scanner (scripts/wasm/csvScan.wat.js) into
// src/netspec/data/csvScan.wasm.ts, and the binary loaders' element loops (scripts/wasm/elementLoops.wat.js) into
// src/netspec/data/elementLoops.wasm.ts. Plain JavaScript so it runs before anything is compiled:
// `node scripts/build-wasm.js` (or `--check` to verify).
const fs = require('fs');
const path = require('path');

/**
 * Register tile per precision: MR rows of A × V vectors of B (NR = V·lanes columns).
 * NOTE: measured, not derived: 4×2 vectors (8 accumulators) runs ~2× faster than 6×2 (12) under V8's TurboFan
 * (Node 20, Zen 4: 40 vs 18–23 GFLOP/s f32, 20 vs 11 f64), which needs spare xmm registers for the product
 * temporaries; 4×3, 3×4, 2×4, 8×1 and unrolling k by 2 or 4 were all slower.
 */
const TYPES = [
  { t: 'f32', size: 4, lanes: 4, MR: 4, V: 2 },
  { t: 'f64', size: 8, lanes: 2, MR: 4, V: 2 },
];

const range = (n) => Array.from({ length: n }, (_, i) => i);

/** Byte indices for i8x16.shuffle taking lanes (of `size` bytes) `picks`, numbered 0… in a and then on in b. */
const lanesOf = (size, picks) => picks.flatMap((l) => range(size).map((b) => l * size + b)).join(' ');

/**
 * pack_T(src, R, K, rs, cs, dst, tile): dst[q][k][t] = X[q·tile + t][k] (0 past row R), X[r][k] at src + r·rs + k·cs
 * (byte strides). Both GEMM operands are packed this way, so one microkernel serves every transpose case.
 * Whole tiles take a vector path: a straight copy when a tile's values at one k are adjacent (rs = size), or
 * lanes×lanes block transposes when each row's values are (cs = size); partial tiles and odd strides go one by one.
 */
function pack({ t, size, lanes }) {
  const v = range(lanes);
  // Transpose: rows j of the block in $v0…, columns kk out to dst + (k + kk)·tile·size.
  const transpose =
    lanes === 4
      ? `
          (local.set $t0 (i8x16.shuffle ${lanesOf(4, [0, 4, 1, 5])} (local.get $v0) (local.get $v1)))
          (local.set $t1 (i8x16.shuffle ${lanesOf(4, [2, 6, 3, 7])} (local.get $v0) (local.get $v1)))
          (local.set $t2 (i8x16.shuffle ${lanesOf(4, [0, 4, 1, 5])} (local.get $v2) (local.get $v3)))
          (local.set $t3 (i8x16.shuffle ${lanesOf(4, [2, 6, 3, 7])} (local.get $v2) (local.get $v3)))
          (v128.store (local.get $q) (i8x16.shuffle ${lanesOf(8, [0, 2])} (local.get $t0) (local.get $t2)))
          (v128.store (i32.add (local.get $q) (local.get $step)) (i8x16.shuffle ${lanesOf(8, [1, 3])} (local.get $t0) (local.get $t2)))
          (v128.store (i32.add (local.get $q) (i32.mul (local.get $step) (i32.const 2))) (i8x16.shuffle ${lanesOf(8, [0, 2])} (local.get $t1) (local.get $t3)))
          (v128.store (i32.add (local.get $q) (i32.mul (local.get $step) (i32.const 3))) (i8x16.shuffle ${lanesOf(8, [1, 3])} (local.get $t1) (local.get $t3)))`
      : `
          (v128.store (local.get $q) (i8x16.shuffle ${lanesOf(8, [0, 2])} (local.get $v0) (local.get $v1)))
          (v128.store (i32.add (local.get $q) (local.get $step)) (i8x16.shuffle ${lanesOf(8, [1, 3])} (local.get $v0) (local.get $v1)))`;
  return `
  (func (export "pack_${t}") (param $src i32) (param $R i32) (param $K i32) (param $rs i32) (param $cs i32)
                             (param $dst i32) (param $tile i32)
    (local $r0 i32) (local $k i32) (local $r i32) (local $end i32) (local $p i32) (local $base i32) (local $b i32)
    (local $t00 i32) (local $q i32) (local $step i32) (local $row i32)
    ${v.map((j) => `(local $v${j} v128)`).join(' ')} (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $step (i32.mul (local.get $tile) (i32.const ${size})))
    (local.set $r0 (i32.const 0))
    (block $rowsDone (loop $rows
      (br_if $rowsDone (i32.ge_s (local.get $r0) (local.get $R)))
      (local.set $end (i32.add (local.get $r0) (local.get $tile)))
      (local.set $base (local.get $dst))
      (if (i32.and (i32.le_s (local.get $end) (local.get $R)) (i32.eq (local.get $rs) (i32.const ${size})))
        (then
          ;; a whole tile whose values at each k are adjacent: copy tile·size bytes per k
          (local.set $p (i32.add (local.get $src) (i32.mul (local.get $r0) (local.get $rs))))
          (local.set $k (i32.const 0))
          (block $cDone (loop $cLoop
            (br_if $cDone (i32.ge_s (local.get $k) (local.get $K)))
            (local.set $b (i32.const 0))
            (block $bDone (loop $bLoop
              (br_if $bDone (i32.ge_s (local.get $b) (local.get $step)))
              (v128.store (i32.add (local.get $dst) (local.get $b)) (v128.load (i32.add (local.get $p) (local.get $b))))
              (local.set $b (i32.add (local.get $b) (i32.const 16)))
              (br $bLoop)))
            (local.set $dst (i32.add (local.get $dst) (local.get $step)))
            (local.set $p (i32.add (local.get $p) (local.get $cs)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $cLoop))))
        (else (if (i32.and (i32.le_s (local.get $end) (local.get $R)) (i32.eq (local.get $cs) (i32.const ${size})))
          (then
            ;; a whole tile whose rows are each contiguous in k: transpose ${lanes}×${lanes} blocks
            (local.set $t00 (i32.const 0))
            (block $tDone (loop $tLoop
              (br_if $tDone (i32.ge_s (local.get $t00) (local.get $tile)))
              (local.set $row (i32.add (local.get $src) (i32.mul (i32.add (local.get $r0) (local.get $t00)) (local.get $rs))))
              (local.set $q (i32.add (local.get $base) (i32.mul (local.get $t00) (i32.const ${size}))))
              (local.set $k (i32.const 0))
              (block $kDone (loop $kLoop
                (br_if $kDone (i32.gt_s (i32.add (local.get $k) (i32.const ${lanes})) (local.get $K)))
                ${v.map((j) => `(local.set $v${j} (v128.load (i32.add (local.get $row) (i32.add (i32.mul (local.get $rs) (i32.const ${j})) (i32.mul (local.get $k) (i32.const ${size}))))))`).join('\n                ')}
                ${transpose}
                (local.set $q (i32.add (local.get $q) (i32.mul (local.get $step) (i32.const ${lanes}))))
                (local.set $k (i32.add (local.get $k) (i32.const ${lanes})))
                (br $kLoop)))
              (block $restDone (loop $rest
                (br_if $restDone (i32.ge_s (local.get $k) (local.get $K)))
                ${v.map((j) => `(${t}.store offset=${j * size} (local.get $q) (${t}.load (i32.add (local.get $row) (i32.add (i32.mul (local.get $rs) (i32.const ${j})) (i32.mul (local.get $k) (i32.const ${size}))))))`).join('\n                ')}
                (local.set $q (i32.add (local.get $q) (local.get $step)))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $rest)))
              (local.set $t00 (i32.add (local.get $t00) (i32.const ${lanes})))
              (br $tLoop)))
            (local.set $dst (i32.add (local.get $base) (i32.mul (local.get $K) (local.get $step)))))
          (else
            ;; one value at a time, zeros past row R
            (local.set $k (i32.const 0))
            (block $colsDone (loop $cols
              (br_if $colsDone (i32.ge_s (local.get $k) (local.get $K)))
              (local.set $p (i32.add (local.get $src) (i32.add (i32.mul (local.get $r0) (local.get $rs)) (i32.mul (local.get $k) (local.get $cs)))))
              (local.set $r (local.get $r0))
              (block $tileDone (loop $tileLoop
                (br_if $tileDone (i32.ge_s (local.get $r) (local.get $end)))
                (${t}.store (local.get $dst)
                  (if (result ${t}) (i32.lt_s (local.get $r) (local.get $R))
                    (then (${t}.load (local.get $p)))
                    (else (${t}.const 0))))
                (local.set $dst (i32.add (local.get $dst) (i32.const ${size})))
                (local.set $p (i32.add (local.get $p) (local.get $rs)))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $tileLoop)))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br $cols)))))))
      (local.set $r0 (local.get $end))
      (br $rows)))
  )`;
}

/** tile_T(src, ldSrc, dst, ldDst, rows, cols): copies a rows × cols block between row strides (bytes); edge tiles go
 * through it. */
function copyTile({ t, size }) {
  return `
  (func $tile_${t} (param $src i32) (param $ls i32) (param $dst i32) (param $ld i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $c i32)
    (block $rDone (loop $rLoop
      (br_if $rDone (i32.ge_s (local.get $r) (local.get $rows)))
      (local.set $c (i32.const 0))
      (block $cDone (loop $cLoop
        (br_if $cDone (i32.ge_s (local.get $c) (local.get $cols)))
        (${t}.store (i32.add (local.get $dst) (i32.mul (local.get $c) (i32.const ${size})))
          (${t}.load (i32.add (local.get $src) (i32.mul (local.get $c) (i32.const ${size})))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $cLoop)))
      (local.set $src (i32.add (local.get $src) (local.get $ls)))
      (local.set $dst (i32.add (local.get $dst) (local.get $ld)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rLoop)))
  )`;
}

/**
 * gemm_T(M, N, K, ap, bp, c, accumulate, tmp): C[M,N] (+)= Â·B̂ for A packed in MR-row panels and B in NR-column
 * panels; with accumulate = 0 the sums start from zero and C is only written.
 * Each C element is one SIMD lane summed over k in order, exactly like the plain loops (no FMA in WASM SIMD),
 * so float64 results match the reference kernels bit for bit. Edge tiles run through the MR×NR scratch at tmp.
 */
function gemm({ t, size, lanes, MR, V }) {
  const NR = V * lanes;
  const acc = (r, v) => `$c${r}_${v}`;
  const accLocals = range(MR)
    .flatMap((r) => range(V).map((v) => `(local ${acc(r, v)} v128)`))
    .join(' ');
  const bLocals = range(V)
    .map((v) => `(local $b${v} v128)`)
    .join(' ');
  const load = range(MR)
    .flatMap((r) =>
      range(V).map(
        (v) =>
          `(local.set ${acc(r, v)} (v128.load offset=${v * 16} (i32.add (local.get $cp) (i32.mul (local.get $ldc) (i32.const ${r})))))`,
      ),
    )
    .join('\n          ');
  const zero = range(MR)
    .flatMap((r) => range(V).map((v) => `(local.set ${acc(r, v)} (v128.const i64x2 0 0))`))
    .join('\n            ');
  const store = range(MR)
    .flatMap((r) =>
      range(V).map(
        (v) =>
          `(v128.store offset=${v * 16} (i32.add (local.get $cp) (i32.mul (local.get $ldc) (i32.const ${r}))) (local.get ${acc(r, v)}))`,
      ),
    )
    .join('\n          ');
  const body = [
    ...range(V).map((v) => `(local.set $b${v} (v128.load offset=${v * 16} (local.get $b)))`),
    ...range(MR).flatMap((r) => [
      `(local.set $a (v128.load${size * 8}_splat offset=${r * size} (local.get $a0)))`,
      ...range(V).map(
        (v) =>
          `(local.set ${acc(r, v)} (${t}x${lanes}.add (local.get ${acc(r, v)}) (${t}x${lanes}.mul (local.get $a) (local.get $b${v}))))`,
      ),
    ]),
  ].join('\n            ');
  return `
  (func (export "gemm_${t}") (param $M i32) (param $N i32) (param $K i32) (param $ap i32) (param $bp i32)
                             (param $c i32) (param $accumulate i32) (param $tmp i32)
    (local $i0 i32) (local $j0 i32) (local $rows i32) (local $cols i32) (local $cp i32) (local $ldc i32)
    (local $apanel i32) (local $bpanel i32) (local $a0 i32) (local $b i32) (local $k i32) (local $edge i32)
    (local $a v128) ${bLocals}
    ${accLocals}
    (local.set $bpanel (local.get $bp))
    (block $jDone (loop $jLoop
      (br_if $jDone (i32.ge_s (local.get $j0) (local.get $N)))
      (local.set $cols (select (i32.sub (local.get $N) (local.get $j0)) (i32.const ${NR})
        (i32.lt_s (i32.sub (local.get $N) (local.get $j0)) (i32.const ${NR}))))
      (local.set $i0 (i32.const 0))
      (local.set $apanel (local.get $ap))
      (block $iDone (loop $iLoop
        (br_if $iDone (i32.ge_s (local.get $i0) (local.get $M)))
        (local.set $rows (select (i32.sub (local.get $M) (local.get $i0)) (i32.const ${MR})
          (i32.lt_s (i32.sub (local.get $M) (local.get $i0)) (i32.const ${MR}))))
        (local.set $cp (i32.add (local.get $c) (i32.mul (i32.add (i32.mul (local.get $i0) (local.get $N)) (local.get $j0)) (i32.const ${size}))))
        (local.set $edge (i32.or (i32.lt_s (local.get $rows) (i32.const ${MR})) (i32.lt_s (local.get $cols) (i32.const ${NR}))))
        (if (local.get $edge)
          (then
            (memory.fill (local.get $tmp) (i32.const 0) (i32.const ${MR * NR * size}))
            (if (local.get $accumulate) (then
              (call $tile_${t} (local.get $cp) (i32.mul (local.get $N) (i32.const ${size})) (local.get $tmp) (i32.const ${NR * size})
                (local.get $rows) (local.get $cols))))
            (local.set $ldc (i32.const ${NR * size}))
            (local.set $cp (local.get $tmp)))
          (else (local.set $ldc (i32.mul (local.get $N) (i32.const ${size})))))
        (if (local.get $accumulate)
          (then
            ${load})
          (else
            ${zero}))
        (local.set $a0 (local.get $apanel))
        (local.set $b (local.get $bpanel))
        (local.set $k (local.get $K))
        (block $kDone (loop $kLoop
          (br_if $kDone (i32.eqz (local.get $k)))
            ${body}
          (local.set $a0 (i32.add (local.get $a0) (i32.const ${MR * size})))
          (local.set $b (i32.add (local.get $b) (i32.const ${NR * size})))
          (local.set $k (i32.sub (local.get $k) (i32.const 1)))
          (br $kLoop)))
        ${store}
        (if (local.get $edge)
          (then
            (call $tile_${t} (local.get $tmp) (i32.const ${NR * size})
              (i32.add (local.get $c) (i32.mul (i32.add (i32.mul (local.get $i0) (local.get $N)) (local.get $j0)) (i32.const ${size})))
              (i32.mul (local.get $N) (i32.const ${size})) (local.get $rows) (local.get $cols))))
        (local.set $i0 (i32.add (local.get $i0) (i32.const ${MR})))
        (local.set $apanel (i32.add (local.get $apanel) (i32.mul (local.get $K) (i32.const ${MR * size}))))
        (br $iLoop)))
      (local.set $j0 (i32.add (local.get $j0) (i32.const ${NR})))
      (local.set $bpanel (i32.add (local.get $bpanel) (i32.mul (local.get $K) (i32.const ${NR * size}))))
      (br $jLoop)))
  )`;
}

/**
 * The per-parameter passes of a training step, over vectors at byte addresses (n elements each):
 *   sgd_T(θ, g, next, v, n, η, μ) → 1 when every next is finite: next = θ − η·g, or with v ≠ 0 (momentum)
 *     v = μ·v + g, next = θ − η·v; the same operations in the same order as the optimizer's loops;
 *   commit_T(next, θ, u, n): u = next − θ, θ = next;
 *   sumsq_T(x, n) → Σ x² accumulated in f64 (two running sums per lane);
 *   relu_T(z, a, n): a = z > 0 ? z : 0, and reluBack_T(z, da, dz, n): dz = da · (z > 0 ? 1 : 0), as in activations.ts.
 */
function vectorOps({ t, size, lanes }) {
  const T = `${t}x${lanes}`;
  const sp = (x) => (t === 'f32' ? `(f32.demote_f64 ${x})` : x);
  // for (i = 0; i < n; i += step) body, where the vector loop covers whole vectors and the scalar loop the rest.
  const loops = (vectorBody, scalarBody) => `
    (local.set $end (i32.mul (i32.and (local.get $n) (i32.const ${-lanes})) (i32.const ${size})))
    (local.set $i (i32.const 0))
    (block $vDone (loop $vLoop
      (br_if $vDone (i32.ge_u (local.get $i) (local.get $end)))
      ${vectorBody}
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $vLoop)))
    (local.set $end (i32.mul (local.get $n) (i32.const ${size})))
    (block $sDone (loop $sLoop
      (br_if $sDone (i32.ge_u (local.get $i) (local.get $end)))
      ${scalarBody}
      (local.set $i (i32.add (local.get $i) (i32.const ${size})))
      (br $sLoop)))`;
  const at = (base) => `(i32.add (local.get ${base}) (local.get $i))`;
  const sgdVector = `
      (if (local.get $v)
        (then
          (v128.store ${at('$v')} (${T}.add (${T}.mul (local.get $muv) (v128.load ${at('$v')})) (v128.load ${at('$g')})))
          (local.set $x (${T}.sub (v128.load ${at('$th')}) (${T}.mul (local.get $etav) (v128.load ${at('$v')})))))
        (else
          (local.set $x (${T}.sub (v128.load ${at('$th')}) (${T}.mul (local.get $etav) (v128.load ${at('$g')}))))))
      (v128.store ${at('$nx')} (local.get $x))
      (local.set $bad (${T}.add (local.get $bad) (${T}.mul (local.get $x) (${T}.splat (${t}.const 0)))))`;
  const sgdScalar = `
      (if (local.get $v)
        (then
          (${t}.store ${at('$v')} (${t}.add (${t}.mul ${sp('(local.get $mu)')} (${t}.load ${at('$v')})) (${t}.load ${at('$g')})))
          (local.set $y (${t}.sub (${t}.load ${at('$th')}) (${t}.mul ${sp('(local.get $eta)')} (${t}.load ${at('$v')})))))
        (else
          (local.set $y (${t}.sub (${t}.load ${at('$th')}) (${t}.mul ${sp('(local.get $eta)')} (${t}.load ${at('$g')}))))))
      (${t}.store ${at('$nx')} (local.get $y))
      (local.set $bad (${T}.add (local.get $bad) (${T}.splat (${t}.mul (local.get $y) (${t}.const 0)))))`;
  const promoteHigh = (x) =>
    t === 'f32' ? `(f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${x} ${x}))` : '';
  const sumsqVector =
    t === 'f32'
      ? `
      (local.set $x (v128.load ${at('$th')}))
      (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (f64x2.promote_low_f32x4 (local.get $x)) (f64x2.promote_low_f32x4 (local.get $x)))))
      (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul ${promoteHigh('(local.get $x)')} ${promoteHigh('(local.get $x)')})))`
      : `
      (local.set $x (v128.load ${at('$th')}))
      (if (i32.and (local.get $i) (i32.const 16))
        (then (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $x) (local.get $x)))))
        (else (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $x) (local.get $x))))))`;
  const load64 = t === 'f32' ? `(f64.promote_f32 (f32.load ${at('$th')}))` : `(f64.load ${at('$th')})`;
  return `
  (func (export "sgd_${t}") (param $th i32) (param $g i32) (param $nx i32) (param $v i32) (param $n i32) (param $eta f64) (param $mu f64) (result i32)
    (local $i i32) (local $end i32) (local $x v128) (local $y ${t}) (local $bad v128) (local $etav v128) (local $muv v128)
    (local.set $etav (${T}.splat ${sp('(local.get $eta)')}))
    (local.set $muv (${T}.splat ${sp('(local.get $mu)')}))
    ${loops(sgdVector, sgdScalar)}
    (${T}.eq (local.get $bad) (${T}.splat (${t}.const 0)))
    (i${size * 8}x${lanes}.all_true)
  )
  (func (export "commit_${t}") (param $nx i32) (param $th i32) (param $u i32) (param $n i32)
    (local $i i32) (local $end i32) (local $x v128) (local $y ${t})
    ${loops(
      `
      (local.set $x (v128.load ${at('$nx')}))
      (v128.store ${at('$u')} (${T}.sub (local.get $x) (v128.load ${at('$th')})))
      (v128.store ${at('$th')} (local.get $x))`,
      `
      (local.set $y (${t}.load ${at('$nx')}))
      (${t}.store ${at('$u')} (${t}.sub (local.get $y) (${t}.load ${at('$th')})))
      (${t}.store ${at('$th')} (local.get $y))`,
    )}
  )
  (func (export "relu_${t}") (param $z i32) (param $a i32) (param $n i32)
    (local $i i32) (local $end i32) (local $x v128) (local $y ${t})
    ${loops(
      `
      (local.set $x (v128.load ${at('$z')}))
      (v128.store ${at('$a')} (v128.and (local.get $x) (${T}.gt (local.get $x) (${T}.splat (${t}.const 0)))))`,
      `
      (local.set $y (${t}.load ${at('$z')}))
      (${t}.store ${at('$a')} (select (local.get $y) (${t}.const 0) (${t}.gt (local.get $y) (${t}.const 0))))`,
    )}
  )
  (func (export "reluBack_${t}") (param $z i32) (param $da i32) (param $dz i32) (param $n i32)
    (local $i i32) (local $end i32)
    ${loops(
      `
      (v128.store ${at('$dz')} (${T}.mul (v128.load ${at('$da')})
        (v128.bitselect (${T}.splat (${t}.const 1)) (${T}.splat (${t}.const 0)) (${T}.gt (v128.load ${at('$z')}) (${T}.splat (${t}.const 0))))))`,
      `
      (${t}.store ${at('$dz')} (${t}.mul (${t}.load ${at('$da')})
        (select (${t}.const 1) (${t}.const 0) (${t}.gt (${t}.load ${at('$z')}) (${t}.const 0)))))`,
    )}
  )
  (func (export "sumsq_${t}") (param $th i32) (param $n i32) (result f64)
    (local $i i32) (local $end i32) (local $x v128) (local $s0 v128) (local $s1 v128) (local $r f64)
    ${loops(
      sumsqVector,
      `
      (local.set $r (f64.add (local.get $r) (f64.mul ${load64} ${load64})))`,
    )}
    (local.set $s0 (f64x2.add (local.get $s0) (local.get $s1)))
    (f64.add (local.get $r) (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
  )`;
}

/** 1/n! for the expm1 series of tanh (shared with src/engine/activations.ts, which must evaluate the same terms). */
const FACTORIAL_RECIPROCALS = range(14).map((n) => 1 / range(n).reduce((f, i) => f * (i + 1), 1));

/**
 * tanh of f64 lanes, operation for operation the scalar `tanh` of src/engine/activations.ts (so results are
 * bit-identical): x = min(|z|, 20), u = 2x = k·ln2 + r, expm1(u) = 2^k·(1 + expm1(r)) − 1 with expm1(r) =
 * r + r²·Q(r), Q the series to r^13 evaluated by Estrin's scheme (a short dependency chain), tanh = expm1(u) /
 * (expm1(u) + 2), 1 from x = 20 on, and z's sign. `tanhCode(z, out, s)` reads v128 local $z and sets $out, using
 * locals suffixed s, so two independent copies can be interleaved in one loop body.
 */
const tanhLocals = (s) => ['x', 'u', 'k', 'r', 'r2', 'r4', 'q', 'e'].map((n) => `(local $${n}${s} v128)`).join(' ');
function tanhCode(z, out, s) {
  const c = FACTORIAL_RECIPROCALS;
  const f = (x) => `(f64x2.splat (f64.const ${x}))`;
  const g = (n) => `(local.get $${n}${s})`;
  const add = (a, b) => `(f64x2.add ${a} ${b})`;
  const mul = (a, b) => `(f64x2.mul ${a} ${b})`;
  // Q = ((C2 + C3 r) + (C4 + C5 r) r²) + ((C6 + C7 r) + (C8 + C9 r) r²) r⁴ + ((C10 + C11 r) + (C12 + C13 r) r²) r⁸
  const pair = (n) => add(f(c[n]), mul(f(c[n + 1]), g('r')));
  const quad = (n) => add(pair(n), mul(pair(n + 2), g('r2')));
  const q = add(add(quad(2), mul(quad(6), g('r4'))), mul(quad(10), mul(g('r4'), g('r4'))));
  return `
      (local.set $x${s} (f64x2.min (f64x2.abs (local.get ${z})) ${f(20)}))
      (local.set $u${s} (f64x2.add ${g('x')} ${g('x')}))
      (local.set $k${s} (f64x2.floor (f64x2.add (f64x2.mul ${g('u')} ${f(1.4426950408889634)}) ${f(0.5)})))
      (local.set $r${s} (f64x2.sub (f64x2.sub ${g('u')} (f64x2.mul ${g('k')} ${f(6.9314718036912381649e-1)})) (f64x2.mul ${g('k')} ${f(1.90821492927058770002e-10)})))
      (local.set $r2${s} (f64x2.mul ${g('r')} ${g('r')}))
      (local.set $r4${s} (f64x2.mul ${g('r2')} ${g('r2')}))
      (local.set $q${s} (f64x2.add ${g('r')} (f64x2.mul ${g('r2')} ${q})))
      ;; 2^k from its bits, (k + 1023) << 52; k = 0 keeps expm1(r) itself
      (local.set $e${s} (f64x2.sub
        (f64x2.mul
          (i64x2.shl (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero ${g('k')})) (i64x2.splat (i64.const 1023))) (i32.const 52))
          (f64x2.add ${g('q')} ${f(1)}))
        ${f(1)}))
      (local.set $e${s} (v128.bitselect ${g('q')} ${g('e')} (f64x2.eq ${g('k')} ${f(0)})))
      (local.set ${out} (v128.or
        (v128.bitselect ${f(1)} (f64x2.div ${g('e')} (f64x2.add ${g('e')} ${f(2)})) (f64x2.ge ${g('x')} ${f(20)}))
        (v128.and (local.get ${z}) (v128.const i64x2 0x8000000000000000 0x8000000000000000))))`;
}

/** tanh_f64(z, a, n) and tanh_f32(z, a, n): a = tanh(z) over n values (f32 through f64, like the scalar code). */
function tanhLanes() {
  const at = (base, d = 0) => `(i32.add (local.get ${base}) (i32.add (local.get $i) (i32.const ${d})))`;
  const tail = (t, size) => `
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $v (f64x2.splat ${t === 'f64' ? `(f64.load ${at('$z')})` : `(f64.promote_f32 (f32.load ${at('$z')}))`}))
      ${tanhCode('$v', '$w', 'A')}
      (${t}.store ${at('$a')} ${t === 'f64' ? '(f64x2.extract_lane 0 (local.get $w))' : '(f32.demote_f64 (f64x2.extract_lane 0 (local.get $w)))'})
      (local.set $i (i32.add (local.get $i) (i32.const ${size})))
      (br $next)))`;
  // Whole steps of `step` bytes while they fit; the scalar tail above does the rest.
  const main = (step, body) => `
    (local.set $end (i32.sub (local.get $end) (i32.const ${step})))
    (block $done (loop $next
      (br_if $done (i32.gt_s (local.get $i) (local.get $end)))
      ${body}
      (local.set $i (i32.add (local.get $i) (i32.const ${step})))
      (br $next)))
    (local.set $end (i32.add (local.get $end) (i32.const ${step})))`;
  const locals = `(local $i i32) (local $end i32) (local $v v128) (local $w v128) (local $v2 v128) (local $w2 v128) ${tanhLocals('A')} ${tanhLocals('B')}`;
  return `
  (func (export "tanh_f64") (param $z i32) (param $a i32) (param $n i32)
    ${locals}
    (local.set $end (i32.mul (local.get $n) (i32.const 8)))
    ${main(
      32,
      `
      (local.set $v (v128.load ${at('$z')}))
      (local.set $v2 (v128.load ${at('$z', 16)}))
      ${tanhCode('$v', '$w', 'A')}
      ${tanhCode('$v2', '$w2', 'B')}
      (v128.store ${at('$a')} (local.get $w))
      (v128.store ${at('$a', 16)} (local.get $w2))`,
    )}
    ${tail('f64', 8)}
  )
  (func (export "tanh_f32") (param $z i32) (param $a i32) (param $n i32)
    ${locals}
    (local.set $end (i32.mul (local.get $n) (i32.const 4)))
    ${main(
      16,
      `
      (local.set $v2 (v128.load ${at('$z')}))
      (local.set $v (f64x2.promote_low_f32x4 (local.get $v2)))
      (local.set $v2 (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v2) (local.get $v2))))
      ${tanhCode('$v', '$w', 'A')}
      ${tanhCode('$v2', '$w2', 'B')}
      (v128.store ${at('$a')} (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        (f32x4.demote_f64x2_zero (local.get $w)) (f32x4.demote_f64x2_zero (local.get $w2))))`,
    )}
    ${tail('f32', 4)}
  )`;
}

function wat() {
  const tiles = TYPES.map(
    (T) =>
      `(global (export "${T.t}_mr") i32 (i32.const ${T.MR})) (global (export "${T.t}_nr") i32 (i32.const ${T.V * T.lanes}))`,
  );
  // NOTE: shared, so growing it never detaches the typed arrays a Network keeps on it (a growing unshared memory
  // detaches its buffer); 65536 pages (4 GiB) is wasm32's whole address space, reserved, not committed.
  return `(module
  (memory (export "memory") 1 65536 shared)
  ${tiles.join('\n  ')}
  ${TYPES.map((T) => copyTile(T) + pack(T) + gemm(T) + vectorOps(T)).join('\n')}
  ${tanhLanes()}
)`;
}

/** Each generated module: where it goes, the constant it exports, what it holds, its WAT and the features it uses. */
const MODULES = [
  {
    out: path.resolve(__dirname, '../src/engine/kernels/gemm.wasm.ts'),
    name: 'GEMM_WASM_BASE64',
    what: 'The SIMD GEMM kernels',
    wat,
    features: { simd: true, bulk_memory: true, threads: true },
  },
  {
    out: path.resolve(__dirname, '../src/netspec/data/csvScan.wasm.ts'),
    name: 'CSV_WASM_BASE64',
    what: "The CSV scanner's record loop",
    wat: require('./wasm/csvScan.wat.js').wat,
    features: { simd: true },
  },
  {
    out: path.resolve(__dirname, '../src/netspec/data/elementLoops.wasm.ts'),
    name: 'ELEMENT_LOOPS_WASM_BASE64',
    what: "The data loaders' element loops",
    wat: require('./wasm/elementLoops.wat.js').wat,
    features: { simd: true },
  },
];

async function assemble(m) {
  const wabt = await require('wabt')();
  const module = wabt.parseWat(path.basename(m.out, '.ts'), m.wat(), m.features);
  module.validate(m.features);
  const { buffer } = module.toBinary({});
  module.destroy();
  return Buffer.from(buffer);
}

/** The generated module: bytes as a base64 string, decoded by the loader (the engine sees no Node APIs). */
function source(m, bytes) {
  const b64 = bytes.toString('base64').replace(/.{1,100}/g, (line) => `  '${line}' +\n`);
  return `// GENERATED by scripts/build-wasm.js from its WAT; do not edit. ${m.what} as base64 WebAssembly.\nexport const ${m.name} =\n${b64}  '';\n`;
}

async function main() {
  const wat = process.argv.includes('--wat');
  for (const m of MODULES) {
    const text = source(m, await assemble(m));
    const out = path.relative(process.cwd(), m.out);
    if (process.argv.includes('--check')) {
      if (!fs.existsSync(m.out) || fs.readFileSync(m.out, 'utf8') !== text) {
        console.error(`${out} is stale: run node scripts/build-wasm.js`);
        process.exitCode = 1;
      }
    } else if (wat) process.stdout.write(`;; ${out}\n${m.wat()}\n`);
    else fs.writeFileSync(m.out, text);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
