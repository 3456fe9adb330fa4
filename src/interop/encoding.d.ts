// UTF-8 text codecs: standard globals in Node, browsers and workers alike, but declared by no ES lib; only the
// members used here.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
