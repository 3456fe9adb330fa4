// TextDecoder and TextEncoder are global in every runtime netspec/ runs in (Node 11+, browsers, workers), but only the
// DOM and Node type libraries declare them, and netspec/ sees neither. This is the slice it uses; other tsconfigs see
// the real declarations.
declare class TextDecoder {
  constructor(label?: string);
  decode(input?: Uint8Array): string;
}

declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
