// The non-finite scan's loop in WAT (assembled by scripts/build-wasm.js into src/netspec/data/finiteScan.wasm.ts):
// whether a window of float32 or float64 elements is all finite, 64 bytes at a time. An element is NaN or infinite
// exactly when its exponent bits are all ones, so each vector is masked to its exponents and compared with the mask.
// NOTE: measured on the bench's 60,000 × 784 float32 .npy (src/netspec/data/finiteScan.ts copies each 64 KiB window
// in): JavaScript's fastest scan (eight sums of x * 0) took ~55 ms, the first chunk ~14 ms of it before the JIT
// optimised the loop; the copy and this loop take ~22 ms, ~9 of them the loop.

/** all_finite_T(p, end): 1 when the elements in [p, end) are all finite (end - p a multiple of 64), else 0. */
function allFinite({ t, shape, exponent }) {
  const test = (offset) =>
    `(${shape}.eq (v128.and (v128.load offset=${offset} (local.get $p)) (local.get $mask)) (local.get $mask))`;
  return `
  (func (export "all_finite_${t}") (param $p i32) (param $end i32) (result i32)
    (local $mask v128) (local $seen v128)
    (local.set $mask (${shape}.splat (${shape === 'i32x4' ? 'i32' : 'i64'}.const ${exponent})))
    (block $done (loop $blocks
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $seen (v128.or (local.get $seen) (v128.or (v128.or ${test(0)} ${test(16)})
                                                           (v128.or ${test(32)} ${test(48)}))))
      (local.set $p (i32.add (local.get $p) (i32.const 64)))
      (br $blocks)))
    (i32.eqz (v128.any_true (local.get $seen))))`;
}

function wat() {
  return `(module
  (memory (export "memory") 1)
  ${allFinite({ t: 'f32', shape: 'i32x4', exponent: '0x7f800000' })}
  ${allFinite({ t: 'f64', shape: 'i64x2', exponent: '0x7ff0000000000000' })}
)`;
}

module.exports = { wat };
