// 16-bit floats (IEEE half and bfloat16) to numbers, exactly: both formats may hold weights in ONNX and safetensors.

/** IEEE 754 half precision. */
export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

const bits = new DataView(new ArrayBuffer(4));

/** bfloat16: the top half of a float32. */
export function bfloat16ToNumber(h: number): number {
  bits.setUint32(0, (h & 0xffff) << 16);
  return bits.getFloat32(0);
}
