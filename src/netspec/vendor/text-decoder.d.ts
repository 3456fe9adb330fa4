// TextDecoder is global in every runtime netspec/ runs in (Node 11+, browsers, workers), but only the DOM and Node type
// libraries declare it, and netspec/ sees neither. This is the slice it uses; other tsconfigs see the real declaration.
declare class TextDecoder {
  constructor(label?: string);
  decode(input?: Uint8Array): string;
}
