// Reads ONNX tensors (initializers and Constant nodes) into float64 values with their shapes.
import { halfToNumber } from '../halfFloat';
import { InteropError } from '../network';
import { DATA_TYPE, DATA_TYPE_NAMES, int64, type OnnxAttribute, type OnnxNode, type OnnxTensor } from './proto';

export interface Constant {
  dims: number[];
  values: Float64Array;
  /** TensorProto.DataType of the values (weights must be a float type). */
  dataType: number;
}

/** The tensor's values as float64 (exact for FLOAT, DOUBLE and FLOAT16; integers for INT32/INT64 constants). */
export function tensorValues(t: OnnxTensor, what: string): Constant {
  const dims = (t.dims ?? []).map(int64);
  const dataType = t.dataType ?? 0;
  const count = dims.reduce((a, b) => a * b, 1);
  if (t.dataLocation === 1)
    throw new InteropError(`${what} keeps its data in an external file; save the model as one file`);
  const raw = t.rawData && t.rawData.length > 0 ? t.rawData : undefined;
  const view = raw && new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const read = (bytes: number, get: (i: number) => number, listed: ArrayLike<number> | undefined): Float64Array => {
    if (view) {
      if (raw.length !== count * bytes)
        throw new InteropError(
          `${what} has ${raw.length} bytes of data, but its shape [${dims.join(', ')}] needs ${count * bytes}`,
        );
      return Float64Array.from({ length: count }, (_, i) => get(i));
    }
    const values = Float64Array.from(listed ?? []);
    if (values.length !== count)
      throw new InteropError(
        `${what} holds ${values.length} values, but its shape [${dims.join(', ')}] needs ${count}`,
      );
    return values;
  };
  switch (t.dataType) {
    case DATA_TYPE.FLOAT:
      return { dims, dataType, values: read(4, (i) => view!.getFloat32(i * 4, true), t.floatData) };
    case DATA_TYPE.DOUBLE:
      return { dims, dataType, values: read(8, (i) => view!.getFloat64(i * 8, true), t.doubleData) };
    case DATA_TYPE.FLOAT16: {
      // NOTE: ONNX keeps float16 values outside raw_data in int32_data, one per element.
      const half = (i: number): number => halfToNumber(view!.getUint16(i * 2, true));
      return { dims, dataType, values: read(2, half, t.int32Data?.map(halfToNumber)) };
    }
    case DATA_TYPE.INT32:
      return { dims, dataType, values: read(4, (i) => view!.getInt32(i * 4, true), t.int32Data) };
    case DATA_TYPE.INT64: {
      const big = (i: number): number => Number(view!.getBigInt64(i * 8, true));
      return { dims, dataType, values: read(8, big, t.int64Data?.map(int64)) };
    }
    default:
      throw new InteropError(
        `${what} has data type ${typeName(t.dataType)}; expected FLOAT, DOUBLE or FLOAT16 (a float type)`,
      );
  }
}

/** Whether a data type is a float type (weights must be; integer constants may appear in activations). */
export function isFloatType(dataType: number): boolean {
  return dataType === DATA_TYPE.FLOAT || dataType === DATA_TYPE.DOUBLE || dataType === DATA_TYPE.FLOAT16;
}

/** A data type's name for messages. */
export const typeName = (t: number | undefined): string => DATA_TYPE_NAMES[t ?? 0] ?? `type ${t}`;

/** The value of a Constant node, from whichever of its attributes holds it. */
export function constantNodeValue(node: OnnxNode, what: string): Constant {
  const a: OnnxAttribute | undefined = node.attribute?.[0];
  if (!a || node.attribute!.length !== 1)
    throw new InteropError(`${what} must have exactly one value attribute, found ${node.attribute?.length ?? 0}`);
  if (a.name === 'value' && a.t) return tensorValues(a.t, what);
  if (a.name === 'value_float') return constant([float32Attribute(a.f ?? 0)], [], DATA_TYPE.FLOAT);
  if (a.name === 'value_floats') return constant((a.floats ?? []).map(float32Attribute), undefined, DATA_TYPE.FLOAT);
  if (a.name === 'value_int') return constant([int64(a.i)], [], DATA_TYPE.INT64);
  if (a.name === 'value_ints') return constant((a.ints ?? []).map(int64), undefined, DATA_TYPE.INT64);
  throw new InteropError(`${what} holds its value in attribute "${a.name}"; expected a numeric tensor`);
}

function constant(values: number[], dims = [values.length], dataType: number): Constant {
  return { dims, dataType, values: Float64Array.from(values) };
}

/**
 * A float attribute read as the shortest decimal that rounds to the same float32: attributes are float32, so a
 * slope written as 0.01 arrives as 0.0099999998; reading it back as 0.01 keeps float64 models exact.
 */
export function float32Attribute(f: number): number {
  for (let digits = 1; digits <= 9; digits++) {
    const v = Number(f.toPrecision(digits));
    if (Math.fround(v) === Math.fround(f)) return v;
  }
  return f;
}
