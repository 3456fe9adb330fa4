// The binary loaders' element loops in WAT (assembled by scripts/build-wasm.js into
// src/netspec/data/elementLoops.wasm.ts), each over a window that src/netspec/data/elementLoops.ts copies in:
// - all_finite_T: whether float32 or float64 elements are all finite, 64 bytes at a time. An element is NaN or
//   infinite exactly when its exponent bits are all ones, so each vector is masked to its exponents and compared with
//   the mask.
// - scale_u8_T: uint8 elements times a scale into float32 or float64, 16 at a time. Each byte is widened to a float64,
//   multiplied in float64 and (for float32) then rounded to float32: JavaScript's Math.fround(v * scale), bit for bit.
// NOTE: measured on the bench's 60,000 × 784 data sets. The non-finite scan of the float32 .npy: JavaScript's fastest
// (eight sums of x * 0) took ~55 ms, the first chunk ~14 ms of it before the JIT optimised the loop; the copy and this
// loop take ~22 ms, ~9 of them the loop. A uint8 .npy with a scale: V8's conversion then a scaling loop took ~150 ms.

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

/** The four bytes of $v from byte 4·g widened to i32x4. */
const widened = (g) =>
  `(i32x4.extend_${g % 2 ? 'high' : 'low'}_i16x8_u (i16x8.extend_${g < 2 ? 'low' : 'high'}_i8x16_u (local.get $v)))`;

/** Two f64x2 of the i32x4 in $w (its low lanes, then its high ones), each times $s. */
const HIGH_LANES = '(i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $w) (local.get $w))';
const products = [
  '(f64x2.mul (f64x2.convert_low_i32x4_u (local.get $w)) (local.get $s))',
  `(f64x2.mul (f64x2.convert_low_i32x4_u ${HIGH_LANES}) (local.get $s))`,
];

/** scale_u8_T(src, end, dst): the bytes in [src, end) (a multiple of 16) times $scale, as T from dst on. */
function scaleBytes({ t, size }) {
  const perGroup = 4 * size;
  const store = (g) =>
    size === 8
      ? `(v128.store offset=${g * perGroup} (local.get $dst) ${products[0]})
        (v128.store offset=${g * perGroup + 16} (local.get $dst) ${products[1]})`
      : `(v128.store offset=${g * perGroup} (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero ${products[0]}) (f32x4.demote_f64x2_zero ${products[1]})))`;
  return `
  (func (export "scale_u8_${t}") (param $src i32) (param $end i32) (param $dst i32) (param $scale f64)
    (local $s v128) (local $v v128) (local $w v128)
    (local.set $s (f64x2.splat (local.get $scale)))
    (block $done (loop $blocks
      (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
      (local.set $v (v128.load (local.get $src)))
      ${[0, 1, 2, 3].map((g) => `(local.set $w ${widened(g)})\n        ${store(g)}`).join('\n      ')}
      (local.set $src (i32.add (local.get $src) (i32.const 16)))
      (local.set $dst (i32.add (local.get $dst) (i32.const ${16 * size})))
      (br $blocks))))`;
}

function wat() {
  return `(module
  (memory (export "memory") 3)
  ${allFinite({ t: 'f32', shape: 'i32x4', exponent: '0x7f800000' })}
  ${allFinite({ t: 'f64', shape: 'i64x2', exponent: '0x7ff0000000000000' })}
  ${scaleBytes({ t: 'f32', size: 4 })}
  ${scaleBytes({ t: 'f64', size: 8 })}
)`;
}

module.exports = { wat };
