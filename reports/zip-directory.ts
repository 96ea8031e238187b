/**
 * A zip's central directory, read without inflating anything: the names and declared sizes a reader
 * must judge before it allocates or inflates a byte of an upload (fflate allocates each entry's
 * declared size and inflates synchronously, on the event loop). Found the way fflate finds it (the
 * last end-of-central-directory record), so both read the same entries. ZIP64 is refused: no
 * bundle of ours needs it, and its 64-bit sizes are exactly what a bomb declares.
 */
export interface ZipDirectoryEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  compressedSize: number;
  originalSize: number;
}

export type ZipDirectory = { ok: true; entries: ZipDirectoryEntry[] } | { ok: false; reason: string };

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL_HEADER = 0x02014b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const UTF8_NAMES = 0x0800;

export function readZipDirectory(bytes: Uint8Array): ZipDirectory {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);

  let end = bytes.byteLength - EOCD_SIZE;
  const lowest = Math.max(0, bytes.byteLength - EOCD_SIZE - MAX_COMMENT);
  while (end >= lowest && u32(end) !== EOCD) end--;
  if (end < lowest) return { ok: false, reason: 'no zip end-of-central-directory record' };

  // fflate switches to ZIP64 records whenever their locator precedes this record.
  if (end >= 20 && u32(end - 20) === ZIP64_LOCATOR)
    return { ok: false, reason: 'a ZIP64 archive: no bundle needs one' };
  // fflate counts the entries of this disk (offset 8); a total (offset 10) that differs is a trick.
  const count = u16(end + 8);
  if (u16(end + 10) !== count) return { ok: false, reason: 'the zip spans disks or miscounts its entries' };
  const size = u32(end + 12);
  const offset = u32(end + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff)
    return { ok: false, reason: 'a ZIP64 archive: no bundle needs one' };
  if (offset + size > end) return { ok: false, reason: 'the central directory lies outside the file' };

  const entries: ZipDirectoryEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || u32(at) !== CENTRAL_HEADER)
      return { ok: false, reason: `central directory entry ${i + 1} is damaged` };
    const flags = u16(at + 8);
    const compressedSize = u32(at + 20);
    const originalSize = u32(at + 24);
    const nameLength = u16(at + 28);
    const next = at + 46 + nameLength + u16(at + 30) + u16(at + 32);
    if (next > end) return { ok: false, reason: `central directory entry ${i + 1} is damaged` };
    if (compressedSize === 0xffffffff || originalSize === 0xffffffff)
      return { ok: false, reason: 'a ZIP64 entry: no bundle needs one' };
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    const name = new TextDecoder(flags & UTF8_NAMES ? 'utf-8' : 'latin1').decode(nameBytes);
    entries.push({ name, method: u16(at + 10), compressedSize, originalSize });
    at = next;
  }
  return { ok: true, entries };
}
