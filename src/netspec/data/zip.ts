// The directory of a ZIP archive (an .npz is one): each member's name, method, sizes and where its data starts, read
// from the archive's end so a header-only host reads a few kilobytes. ZIP64 is read too (NumPy writes it).
import type { ByteReader } from '../dataFile';

export interface ZipMember {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  /** Byte offset of the member's local header. */
  headerOffset: number;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** The end record (22 bytes) plus the longest comment it may carry. */
const TAIL = 22 + 0xffff;

function u64(view: DataView, at: number): number {
  return view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
}

/** The archive's members, or a message naming the byte offset that is wrong. */
export function readZipDirectory(read: ByteReader, size: number): ZipMember[] | { error: string } {
  const tailStart = Math.max(0, size - TAIL);
  const tail = read(tailStart, size - tailStart);
  const tv = new DataView(tail.buffer, tail.byteOffset, tail.length);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tv.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0)
    return { error: `is not a complete ZIP archive: no end-of-directory record in its last ${tail.length} bytes` };
  let entries = tv.getUint16(end + 10, true);
  let dirSize = tv.getUint32(end + 12, true);
  let dirOffset = tv.getUint32(end + 16, true);
  if (dirOffset === 0xffffffff || entries === 0xffff || dirSize === 0xffffffff) {
    const locator = end - 20;
    if (locator < 0 || tv.getUint32(locator, true) !== EOCD64_LOCATOR)
      return { error: `has a ZIP64 end record without its locator (byte ${tailStart + end})` };
    const at = u64(tv, locator + 8);
    const record = read(at, 56);
    const rv = new DataView(record.buffer, record.byteOffset, record.length);
    if (record.length < 56 || rv.getUint32(0, true) !== EOCD64)
      return { error: `has no ZIP64 end record at byte ${at}` };
    entries = u64(rv, 32);
    dirSize = u64(rv, 40);
    dirOffset = u64(rv, 48);
  }
  const dir = read(dirOffset, dirSize);
  if (dir.length < dirSize)
    return { error: `is truncated: its directory at byte ${dirOffset} runs past the file's end` };
  const dv = new DataView(dir.buffer, dir.byteOffset, dir.length);
  const members: ZipMember[] = [];
  for (let i = 0, p = 0; i < entries; i++) {
    if (p + 46 > dir.length || dv.getUint32(p, true) !== CENTRAL)
      return { error: `has a damaged ZIP directory entry at byte ${dirOffset + p}` };
    const nameLength = dv.getUint16(p + 28, true);
    const extraLength = dv.getUint16(p + 30, true);
    const commentLength = dv.getUint16(p + 32, true);
    const member: ZipMember = {
      name: new TextDecoder().decode(dir.subarray(p + 46, p + 46 + nameLength)),
      method: dv.getUint16(p + 10, true),
      compressedSize: dv.getUint32(p + 20, true),
      size: dv.getUint32(p + 24, true),
      headerOffset: dv.getUint32(p + 42, true),
    };
    readZip64Extra(dv, p + 46 + nameLength, extraLength, member);
    members.push(member);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return members;
}

/** Replaces the 32-bit fields saturated at 0xffffffff by the ZIP64 extra field's 64-bit values (in its order). */
function readZip64Extra(dv: DataView, start: number, length: number, member: ZipMember): void {
  for (let q = start; q + 4 <= start + length;) {
    const id = dv.getUint16(q, true);
    const size = dv.getUint16(q + 2, true);
    if (id === 0x0001) {
      let r = q + 4;
      for (const field of ['size', 'compressedSize', 'headerOffset'] as const) {
        if (member[field] === 0xffffffff && r + 8 <= q + 4 + size) {
          member[field] = u64(dv, r);
          r += 8;
        }
      }
    }
    q += 4 + size;
  }
}

/** Byte offset of the member's data (after its local header), or a message. */
export function memberDataOffset(read: ByteReader, member: ZipMember): number | { error: string } {
  const local = read(member.headerOffset, 30);
  const lv = new DataView(local.buffer, local.byteOffset, local.length);
  if (local.length < 30 || lv.getUint32(0, true) !== LOCAL)
    return { error: `has no local header for member ${JSON.stringify(member.name)} at byte ${member.headerOffset}` };
  return member.headerOffset + 30 + lv.getUint16(26, true) + lv.getUint16(28, true);
}
