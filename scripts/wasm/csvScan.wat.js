// The CSV scanner's hot loops in WAT (assembled by scripts/build-wasm.js into src/netspec/data/csvScan.wasm.ts):
// the records a chunk's line breaks end, counted 16 bytes at a time; and the usual record (plain decimals, `width`
// fields, a line feed or CRLF) parsed straight into rows of numbers. Anything else stops the parser at the record's
// start, for the JS scanner (src/netspec/data/csvScan.ts) to read and locate.
// NOTE: measured on the bench's CSV (uint8 pixels, 2 MiB chunks): JavaScript's per-byte parser ran at ~300 MB/s here,
// the same loop in WebAssembly at ~570 MB/s, and this one, which takes a number's digits and the byte after them from
// one 8-byte load, at ~850 MB/s. Finding fields' ends from a SIMD mask of separators instead ran at ~710 MB/s.

/** Memory layout: exact powers of ten 10^0…10^15 (f64) at 0, 10^0…10^8 (i64) next, then field slots (i32). */
const POW10_AT = 0;
const POW10I_AT = 128;
const SLOTS_AT = 256;

/**
 * In $t, bytes XOR '0' (digits 0…9): how many lead as digits, 8 if all do. Bytes that are not digits get their top
 * bit set (later ones may be spoiled by carries: only the first counts).
 */
const runLength = `(i32.wrap_i64 (i64.shr_u (i64.ctz (i64.and
          (i64.or (i64.add (local.get $t) (i64.const 0x7676767676767676)) (local.get $t))
          (i64.const 0x8080808080808080))) (i64.const 3)))`;

/**
 * The value of the first $len (1 to 7) digits in $t: moved to the top bytes (leading zeros below), then summed
 * pairwise, in fours, in eights.
 */
const swar = `(i64.shr_u (i64.mul (i64.and
            (i64.shr_u (i64.mul (i64.and
              (i64.shr_u (i64.mul (i64.and
                (i64.shl (local.get $t) (i64.extend_i32_u (i32.sub (i32.const 64) (i32.shl (local.get $len) (i32.const 3)))))
                (i64.const 0x0f0f0f0f0f0f0f0f)) (i64.const 2561)) (i64.const 8))
              (i64.const 0x00ff00ff00ff00ff)) (i64.const 6553601)) (i64.const 16))
            (i64.const 0x0000ffff0000ffff)) (i64.const 42949672960001)) (i64.const 32))`;

/**
 * A run of digits at $i: $m = $m·10^len + its value, $i moved past it, $len its length, $b the byte after it. Up to 7
 * digits at once from one 8-byte load (SWAR); 8 or more one byte at a time.
 */
const digitRun = (label) => `
        (local.set $t (i64.xor (i64.load (local.get $i)) (i64.const 0x3030303030303030)))
        (local.set $len ${runLength})
        (if (i32.eq (local.get $len) (i32.const 8))
          (then
            (local.set $len (local.get $i))
            (local.set $b (i32.load8_u (local.get $i)))
            (block $${label}Done (loop $${label}
              (br_if $${label}Done (i32.gt_u (i32.sub (local.get $b) (i32.const 48)) (i32.const 9)))
              (local.set $m (i64.add (i64.mul (local.get $m) (i64.const 10))
                (i64.extend_i32_u (i32.sub (local.get $b) (i32.const 48)))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (local.set $b (i32.load8_u (local.get $i)))
              (br $${label})))
            (local.set $len (i32.sub (local.get $i) (local.get $len))))
          (else (if (local.get $len) (then
            (local.set $m (i64.add (i64.mul (local.get $m)
              (i64.load (i32.add (i32.const ${POW10I_AT}) (i32.shl (local.get $len) (i32.const 3))))) ${swar}))
            (local.set $i (i32.add (local.get $i) (local.get $len)))))))
        (local.set $b (i32.load8_u (local.get $i)))`;

/**
 * records_T(i, last, rows, width, delimiter, out, stride, scale): parses records from byte i while one starts at or
 * before `last` (the bytes' last line feed, so no record read here runs past it) and fewer than `rows` are done. Each
 * field is `-`?, digits, (`.` digits)?, 1 to 15 digits in all: below 2^53 and 10^15 is exact, so one division rounds
 * as Number() does. Field f goes to out + (row·stride + slot[f])·size unless slot[f] < 0, times `scale`. Returns the
 * start of the first record not taken; the records taken are in the global `done`. Loads read up to 7 bytes past the
 * last line feed: the caller pads the bytes.
 */
function records({ t, size }) {
  const store =
    t === 'f32'
      ? `(f32.store (local.get $at) (f32.demote_f64 (local.get $v)))`
      : `(f64.store (local.get $at) (local.get $v))`;
  return `
  (func (export "records_${t}") (param $i i32) (param $last i32) (param $rows i32) (param $width i32)
      (param $delimiter i32) (param $out i32) (param $stride i32) (param $scale f64) (result i32)
    (local $start i32) (local $b i32) (local $field i32) (local $negative i32) (local $m i64) (local $digits i32)
    (local $fraction i32) (local $slot i32) (local $v f64) (local $at i32) (local $n i32) (local $t i64) (local $len i32) (local $row i32)
    (block $stop (loop $record
      (local.set $start (local.get $i))
      (br_if $stop (i32.ge_u (local.get $n) (local.get $rows)))
      (br_if $stop (i32.gt_u (local.get $i) (local.get $last)))
      (local.set $field (i32.const 0))
      (local.set $row (i32.add (local.get $out) (i32.mul (local.get $n) (i32.mul (local.get $stride) (i32.const ${size})))))
      (loop $fields
        (local.set $t (i64.xor (i64.load (local.get $i)) (i64.const 0x3030303030303030)))
        (local.set $len ${runLength})
        (local.set $b (i32.load8_u (i32.add (local.get $i) (local.get $len))))
        (if (i32.and (i32.le_u (i32.sub (local.get $len) (i32.const 1)) (i32.const 6))
                     (i32.ne (local.get $b) (i32.const 46)))
          (then
            ;; the usual number, 1 to 7 digits and no sign or point, straight from the bytes loaded
            (local.set $v (f64.convert_i64_s ${swar}))
            (local.set $i (i32.add (local.get $i) (local.get $len))))
          (else
            (local.set $negative (i32.eq (i32.load8_u (local.get $i)) (i32.const 45)))
            (local.set $i (i32.add (local.get $i) (local.get $negative)))
            (local.set $m (i64.const 0))
            ${digitRun('whole')}
            (local.set $digits (local.get $len))
            (local.set $fraction (i32.const 0))
            (if (i32.eq (local.get $b) (i32.const 46)) (then
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              ${digitRun('part')}
              (local.set $fraction (local.get $len))))
            ;; 1 to 15 digits in all
            (br_if $stop (i32.gt_u (i32.sub (i32.add (local.get $digits) (local.get $fraction)) (i32.const 1))
              (i32.const 14)))
            (local.set $v (f64.div (f64.convert_i64_s (local.get $m))
              (f64.load (i32.add (i32.const ${POW10_AT}) (i32.shl (local.get $fraction) (i32.const 3))))))
            (if (local.get $negative) (then (local.set $v (f64.neg (local.get $v)))))))
        (local.set $slot (i32.load (i32.add (i32.const ${SLOTS_AT}) (i32.shl (local.get $field) (i32.const 2)))))
        (if (i32.ge_s (local.get $slot) (i32.const 0)) (then
          (local.set $v (f64.mul (local.get $v) (local.get $scale)))
          (local.set $at (i32.add (local.get $row) (i32.shl (local.get $slot) (i32.const ${Math.log2(size)}))))
          ${store}))
        (local.set $field (i32.add (local.get $field) (i32.const 1)))
        (if (i32.lt_u (local.get $field) (local.get $width)) (then
          (br_if $stop (i32.ne (local.get $b) (local.get $delimiter)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $fields))))
      ;; the record ends with a line feed or CRLF
      (if (i32.eq (local.get $b) (i32.const 13)) (then
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $b (i32.load8_u (local.get $i)))))
      (br_if $stop (i32.ne (local.get $b) (i32.const 10)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $record)))
    (global.set $done (local.get $n))
    (local.get $start))`;
}

/**
 * lines(i, end, blank, tab): counts the records ended in [i, end) (end - i a multiple of 16, padded with spaces) by a
 * line feed or carriage return, a record being a line with a byte other than a space, CR, LF or (unless it delimits
 * fields, tab ≠ 0) a tab. $blank says whether the line begun before i is blank so far; the global of that name says
 * it of the line left open at end. Returns -1, counting nothing, when the bytes hold a quote (a line break may be
 * quoted). 16 bytes at a time: a per-byte loop, or even the native Uint8Array indexOf, ran at ~2 GB/s here.
 */
function lines() {
  const eq = (c) => `(i8x16.eq (local.get $v) (v128.const i8x16 ${Array(16).fill(c).join(' ')}))`;
  return `
  (func (export "lines") (param $i i32) (param $end i32) (param $blank i32) (param $tab i32) (result i32)
    (local $v v128) (local $breaks v128) (local $nl i32) (local $full i32) (local $low i32) (local $n i32)
    (local $other v128)
    ;; the byte that also counts as blank: tab, or (when tab delimits) space again
    (local.set $other (i8x16.splat (select (i32.const 32) (i32.const 9) (local.get $tab))))
    (block $done (loop $blocks
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $v (v128.load (local.get $i)))
      (if (i8x16.bitmask ${eq(34)}) (then (return (i32.const -1))))
      (local.set $breaks (v128.or ${eq(10)} ${eq(13)}))
      (local.set $nl (i8x16.bitmask (local.get $breaks)))
      (local.set $full (i32.xor (i32.const 0xffff) (i8x16.bitmask (v128.or (local.get $breaks)
        (v128.or ${eq(32)} (i8x16.eq (local.get $v) (local.get $other)))))))
      (block $linesDone (loop $lines
        (br_if $linesDone (i32.eqz (local.get $nl)))
        (local.set $low (i32.and (local.get $nl) (i32.sub (i32.const 0) (local.get $nl))))
        (if (i32.or (i32.eqz (local.get $blank)) (i32.and (local.get $full) (i32.sub (local.get $low) (i32.const 1))))
          (then (local.set $n (i32.add (local.get $n) (i32.const 1)))))
        (local.set $blank (i32.const 1))
        (local.set $full (i32.and (local.get $full)
          (i32.xor (i32.const -1) (i32.sub (i32.shl (local.get $low) (i32.const 1)) (i32.const 1)))))
        (local.set $nl (i32.and (local.get $nl) (i32.sub (local.get $nl) (i32.const 1))))
        (br $lines)))
      (if (local.get $full) (then (local.set $blank (i32.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $blocks)))
    (global.set $blank (local.get $blank))
    (local.get $n))`;
}

function wat() {
  const bytes = (array) => Buffer.from(array.buffer).toString('hex').replace(/../g, '\\$&');
  const pow10 = bytes(Float64Array.from({ length: 16 }, (_, k) => 10 ** k));
  const pow10i = bytes(BigInt64Array.from({ length: 9 }, (_, k) => 10n ** BigInt(k)));
  return `(module
  (memory (export "memory") 1)
  (data (i32.const ${POW10_AT}) "${pow10}")
  (data (i32.const ${POW10I_AT}) "${pow10i}")
  (global $done (export "done") (mut i32) (i32.const 0))
  (global $blank (export "blank") (mut i32) (i32.const 0))
  (global (export "heap") i32 (i32.const ${SLOTS_AT}))
  ${records({ t: 'f32', size: 4 })}
  ${records({ t: 'f64', size: 8 })}
  ${lines()}
)`;
}

module.exports = { wat };
