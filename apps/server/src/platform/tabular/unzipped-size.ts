import { inflateRawSync } from 'node:zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const ZIP64_END_OF_CENTRAL_DIRECTORY = 0x06064b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const ZIP64_EXTRA_FIELD = 0x0001;
const STORED = 0;
const DEFLATED = 8;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;

/**
 * The size of a ZIP archive's entries once decompressed, counted by decompressing them (declared
 * sizes can lie) and no further than `limit`: any result above `limit` means "too large". Undefined
 * when the archive is not one that JSZip (ExcelJS's unzipper) could read either: no central
 * directory, encrypted entries, or a compression other than stored and deflate.
 *
 * ExcelJS inflates every entry of a workbook in memory, so a small file can hold gigabytes.
 */
export function unzippedSize(zip: Buffer, limit: number): number | undefined {
  try {
    let total = 0;
    for (const entry of centralDirectory(zip)) {
      if (entry.flags & 1 || (entry.method !== STORED && entry.method !== DEFLATED)) {
        return undefined;
      }
      const local = entry.localHeaderOffset;
      if (zip.readUInt32LE(local) !== LOCAL_FILE_HEADER) return undefined;
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const end = start + entry.compressedSize;
      if (end > zip.length) return undefined;
      const remaining = limit - total;
      if (entry.method === STORED) {
        total += entry.compressedSize;
      } else {
        try {
          total += inflateRawSync(zip.subarray(start, end), {
            maxOutputLength: Math.max(1, remaining),
          }).length;
        } catch (error) {
          if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') return limit + 1;
          return undefined;
        }
      }
      if (total > limit) return total;
    }
    return total;
  } catch {
    // A read past the end of the buffer: a truncated or corrupt archive.
    return undefined;
  }
}

interface CentralDirectoryEntry {
  flags: number;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

function* centralDirectory(zip: Buffer): Generator<CentralDirectoryEntry> {
  const end = findEndOfCentralDirectory(zip);
  if (end === undefined) throw new RangeError('no end of central directory');
  let count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  if (count === U16_MAX || offset === U32_MAX) {
    const locator = end - 20;
    if (zip.readUInt32LE(locator) !== ZIP64_END_LOCATOR) throw new RangeError('no zip64 locator');
    const zip64End = Number(zip.readBigUInt64LE(locator + 8));
    if (zip.readUInt32LE(zip64End) !== ZIP64_END_OF_CENTRAL_DIRECTORY) {
      throw new RangeError('no zip64 end of central directory');
    }
    count = Number(zip.readBigUInt64LE(zip64End + 32));
    offset = Number(zip.readBigUInt64LE(zip64End + 48));
  }
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== CENTRAL_DIRECTORY_HEADER) {
      throw new RangeError('bad central directory header');
    }
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const entry: CentralDirectoryEntry = {
      flags: zip.readUInt16LE(offset + 8),
      method: zip.readUInt16LE(offset + 10),
      compressedSize: zip.readUInt32LE(offset + 20),
      localHeaderOffset: zip.readUInt32LE(offset + 42),
    };
    const uncompressedSize = zip.readUInt32LE(offset + 24);
    if (
      entry.compressedSize === U32_MAX ||
      uncompressedSize === U32_MAX ||
      entry.localHeaderOffset === U32_MAX
    ) {
      readZip64Extra(zip, offset + 46 + nameLength, extraLength, uncompressedSize, entry);
    }
    yield entry;
    offset += 46 + nameLength + extraLength + commentLength;
  }
}

/** The 64-bit values replace, in this order, those of the header that are 0xFFFFFFFF. */
function readZip64Extra(
  zip: Buffer,
  start: number,
  length: number,
  uncompressedSize: number,
  entry: CentralDirectoryEntry,
): void {
  for (let field = start; field + 4 <= start + length;) {
    const size = zip.readUInt16LE(field + 2);
    if (zip.readUInt16LE(field) === ZIP64_EXTRA_FIELD) {
      let value = field + 4;
      const next = () => {
        const read = Number(zip.readBigUInt64LE(value));
        value += 8;
        return read;
      };
      if (uncompressedSize === U32_MAX) next();
      if (entry.compressedSize === U32_MAX) entry.compressedSize = next();
      if (entry.localHeaderOffset === U32_MAX) entry.localHeaderOffset = next();
      return;
    }
    field += 4 + size;
  }
  throw new RangeError('no zip64 extra field');
}

function findEndOfCentralDirectory(zip: Buffer): number | undefined {
  // The record is 22 bytes plus a comment of at most 64 KiB, at the very end.
  const lowest = Math.max(0, zip.length - 22 - U16_MAX);
  for (let i = zip.length - 22; i >= lowest; i--) {
    if (zip.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) return i;
  }
  return undefined;
}
