// The part of ONNX's protobuf schema (onnx.proto, IR version 7+) that dense networks use, encoded and decoded by
// protobufjs.
import * as protobuf from 'protobufjs/light';

/** An int64 as protobufjs hands it back: a number, or a Long when the `long` package is around. */
export type Int64 = number | { toNumber(): number };

export interface OnnxModel {
  irVersion?: Int64;
  opsetImport?: { domain?: string; version?: Int64 }[];
  producerName?: string;
  producerVersion?: string;
  domain?: string;
  modelVersion?: Int64;
  docString?: string;
  graph?: OnnxGraph;
  metadataProps?: { key?: string; value?: string }[];
}

export interface OnnxGraph {
  node?: OnnxNode[];
  name?: string;
  initializer?: OnnxTensor[];
  docString?: string;
  input?: OnnxValueInfo[];
  output?: OnnxValueInfo[];
  valueInfo?: OnnxValueInfo[];
}

export interface OnnxNode {
  input?: string[];
  output?: string[];
  name?: string;
  opType?: string;
  domain?: string;
  attribute?: OnnxAttribute[];
  docString?: string;
}

export interface OnnxAttribute {
  name?: string;
  type?: number;
  f?: number;
  i?: Int64;
  s?: Uint8Array;
  t?: OnnxTensor;
  floats?: number[];
  ints?: Int64[];
}

export interface OnnxTensor {
  dims?: Int64[];
  dataType?: number;
  floatData?: number[];
  int32Data?: number[];
  int64Data?: Int64[];
  doubleData?: number[];
  name?: string;
  rawData?: Uint8Array;
  dataLocation?: number;
}

export interface OnnxValueInfo {
  name?: string;
  type?: { tensorType?: { elemType?: number; shape?: { dim?: { dimValue?: Int64; dimParam?: string }[] } } };
  docString?: string;
}

/** TensorProto.DataType values this project reads or writes, and the names of the rest for messages. */
export const DATA_TYPE = { FLOAT: 1, INT32: 6, INT64: 7, FLOAT16: 10, DOUBLE: 11 } as const;
export const DATA_TYPE_NAMES = [
  'UNDEFINED',
  'FLOAT',
  'UINT8',
  'INT8',
  'UINT16',
  'INT16',
  'INT32',
  'INT64',
  'STRING',
  'BOOL',
  'FLOAT16',
  'DOUBLE',
  'UINT32',
  'UINT64',
  'COMPLEX64',
  'COMPLEX128',
  'BFLOAT16',
];

/** AttributeProto.AttributeType values used here. */
export const ATTRIBUTE_TYPE = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, INTS: 7 } as const;

const repeated = (type: string, id: number): protobuf.IField & { rule: string } => ({ rule: 'repeated', type, id });
const packed = (type: string, id: number): protobuf.IField & { rule: string } => ({
  ...repeated(type, id),
  options: { packed: true },
});

// NOTE: field numbers as in onnx/onnx.proto; fields this project never reads (training info, functions, sparse
// tensors, …) are left out, and protobuf skips unknown fields when decoding, so models that carry them still load.
const schema = protobuf.Root.fromJSON({
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            irVersion: { type: 'int64', id: 1 },
            opsetImport: repeated('OperatorSetIdProto', 8),
            producerName: { type: 'string', id: 2 },
            producerVersion: { type: 'string', id: 3 },
            domain: { type: 'string', id: 4 },
            modelVersion: { type: 'int64', id: 5 },
            docString: { type: 'string', id: 6 },
            graph: { type: 'GraphProto', id: 7 },
            metadataProps: repeated('StringStringEntryProto', 14),
          },
        },
        OperatorSetIdProto: { fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } } },
        StringStringEntryProto: { fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        GraphProto: {
          fields: {
            node: repeated('NodeProto', 1),
            name: { type: 'string', id: 2 },
            initializer: repeated('TensorProto', 5),
            docString: { type: 'string', id: 10 },
            input: repeated('ValueInfoProto', 11),
            output: repeated('ValueInfoProto', 12),
            valueInfo: repeated('ValueInfoProto', 13),
          },
        },
        NodeProto: {
          fields: {
            input: repeated('string', 1),
            output: repeated('string', 2),
            name: { type: 'string', id: 3 },
            opType: { type: 'string', id: 4 },
            domain: { type: 'string', id: 7 },
            attribute: repeated('AttributeProto', 5),
            docString: { type: 'string', id: 6 },
          },
        },
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 },
            type: { type: 'int32', id: 20 },
            f: { type: 'float', id: 2 },
            i: { type: 'int64', id: 3 },
            s: { type: 'bytes', id: 4 },
            t: { type: 'TensorProto', id: 5 },
            floats: repeated('float', 7),
            ints: repeated('int64', 8),
          },
        },
        TensorProto: {
          fields: {
            dims: repeated('int64', 1),
            dataType: { type: 'int32', id: 2 },
            floatData: packed('float', 4),
            int32Data: packed('int32', 5),
            int64Data: packed('int64', 7),
            name: { type: 'string', id: 8 },
            rawData: { type: 'bytes', id: 9 },
            doubleData: packed('double', 10),
            dataLocation: { type: 'int32', id: 14 },
          },
        },
        ValueInfoProto: {
          fields: {
            name: { type: 'string', id: 1 },
            type: { type: 'TypeProto', id: 2 },
            docString: { type: 'string', id: 3 },
          },
        },
        TypeProto: { fields: { tensorType: { type: 'TypeTensor', id: 1 } } },
        TypeTensor: {
          fields: { elemType: { type: 'int32', id: 1 }, shape: { type: 'TensorShapeProto', id: 2 } },
        },
        TensorShapeProto: { fields: { dim: repeated('Dimension', 1) } },
        Dimension: {
          fields: { dimValue: { type: 'int64', id: 1 }, dimParam: { type: 'string', id: 2 } },
          oneofs: { value: { oneof: ['dimValue', 'dimParam'] } },
        },
      },
    },
  },
});

const ModelProto = schema.lookupType('onnx.ModelProto');

/** Serializes a model. */
export function encodeOnnx(model: OnnxModel): Uint8Array {
  return ModelProto.encode(ModelProto.fromObject(model)).finish();
}

/** Parses a model; throws protobufjs' errors (which carry the byte offset) on malformed input. */
export function decodeOnnx(bytes: Uint8Array): OnnxModel {
  return ModelProto.decode(bytes) as OnnxModel;
}

/** An int64 field as a number (dimensions, versions and attributes here are far below 2^53). */
export function int64(v: Int64 | undefined): number {
  return v === undefined ? 0 : typeof v === 'number' ? v : v.toNumber();
}

const MODEL_FIELDS: Record<number, string> = {
  1: 'ir_version',
  2: 'producer_name',
  3: 'producer_version',
  5: 'model_version',
  6: 'doc_string',
  7: 'graph',
  8: 'opset_import',
  14: 'metadata_props',
};

/**
 * Where a ModelProto's top-level fields stop fitting in the data: the field that runs past the end, its byte offset,
 * the bytes it declares and the bytes left. protobufjs' own error does not say where.
 */
export function truncation(
  bytes: Uint8Array,
): { field: string; offset: number; need: number; left: number } | undefined {
  let pos = 0;
  const varint = (): number | undefined => {
    let v = 0;
    for (let shift = 0; pos < bytes.length && shift < 64; shift += 7) {
      const b = bytes[pos++];
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
    }
    return undefined;
  };
  while (pos < bytes.length) {
    const offset = pos;
    const tag = varint();
    if (tag === undefined) return { field: 'a field tag', offset, need: 1, left: 0 };
    if (tag < 8) return undefined; // field number 0 does not exist: not a protobuf message at all
    const field = MODEL_FIELDS[Math.floor(tag / 8)] ?? `field ${Math.floor(tag / 8)}`;
    const wire = tag % 8;
    const size =
      wire === 0 ? (varint() === undefined ? 1 : 0) : wire === 1 ? 8 : wire === 5 ? 4 : wire === 2 ? varint() : -1;
    if (size === undefined) return { field, offset, need: 1, left: 0 };
    if (size < 0) return undefined; // not a wire type a ModelProto uses: not a truncation
    if (pos + size > bytes.length) return { field, offset, need: size, left: bytes.length - pos };
    pos += size;
  }
  return undefined;
}
