import ExcelJS from 'exceljs';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { unzippedSize } from './unzipped-size.ts';

interface FixtureEntry {
  name: string;
  data: Buffer;
  method?: 0 | 8 | 12;
  flags?: number;
  /** What the central directory claims; the real size by default. */
  declaredSize?: number;
  /** Sizes and offset in a ZIP64 extra field instead of the header. */
  zip64?: boolean;
  /** Points at an earlier entry's data instead of its own (overlapping entries). */
  sameDataAs?: number;
}

/** A minimal ZIP writer, to build archives that lie in the ways attacks do. */
function zip(entries: FixtureEntry[], { zip64End = false } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const method = entry.method ?? 8;
    const data = method === 8 ? deflateRawSync(entry.data) : entry.data;
    const size = entry.declaredSize ?? entry.data.length;
    let localOffset = offset;
    if (entry.sameDataAs === undefined) {
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(entry.flags ?? 0, 6);
      local.writeUInt16LE(method, 8);
      local.writeUInt32LE(data.length, 18);
      local.writeUInt32LE(size, 22);
      local.writeUInt16LE(name.length, 26);
      locals.push(local, name, data);
      offset += local.length + name.length + data.length;
    } else {
      localOffset = offsets[entry.sameDataAs]!;
    }
    offsets.push(localOffset);

    // An extended timestamp field first, as Info-ZIP writes, then the ZIP64 one.
    const extra = Buffer.alloc(entry.zip64 ? 9 + 28 : 0);
    if (entry.zip64) {
      extra.writeUInt16LE(0x5455, 0);
      extra.writeUInt16LE(5, 2);
      extra.writeUInt16LE(0x0001, 9);
      extra.writeUInt16LE(24, 11);
      extra.writeBigUInt64LE(BigInt(size), 13);
      extra.writeBigUInt64LE(BigInt(data.length), 21);
      extra.writeBigUInt64LE(BigInt(localOffset), 29);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(entry.flags ?? 0, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(entry.zip64 ? 0xffffffff : data.length, 20);
    central.writeUInt32LE(entry.zip64 ? 0xffffffff : size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(entry.zip64 ? 0xffffffff : localOffset, 42);
    centrals.push(central, name, extra);
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64End ? 0xffff : entries.length, 8);
  end.writeUInt16LE(zip64End ? 0xffff : entries.length, 10);
  end.writeUInt32LE(zip64End ? 0xffffffff : directory.length, 12);
  end.writeUInt32LE(zip64End ? 0xffffffff : offset, 16);
  if (!zip64End) return Buffer.concat([...locals, directory, end]);

  const zip64EndRecord = Buffer.alloc(56);
  zip64EndRecord.writeUInt32LE(0x06064b50, 0);
  zip64EndRecord.writeBigUInt64LE(44n, 4);
  zip64EndRecord.writeBigUInt64LE(BigInt(entries.length), 24);
  zip64EndRecord.writeBigUInt64LE(BigInt(entries.length), 32);
  zip64EndRecord.writeBigUInt64LE(BigInt(directory.length), 40);
  zip64EndRecord.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
  locator.writeUInt32LE(1, 16);
  return Buffer.concat([...locals, directory, zip64EndRecord, locator, end]);
}

const MIB = 1_048_576;

describe('unzippedSize', () => {
  it('adds up the decompressed size of deflated and stored entries', () => {
    const archive = zip([
      { name: 'a.xml', data: Buffer.alloc(1_000, 'a') },
      { name: 'b.png', data: Buffer.alloc(300, 7), method: 0 },
      { name: 'dir/', data: Buffer.alloc(0) },
    ]);
    expect(unzippedSize(archive, MIB)).toBe(1_300);
    expect(unzippedSize(archive, 1_300)).toBe(1_300);
    expect(unzippedSize(archive, 1_299)).toBeGreaterThan(1_299);
  });

  it('measures a real workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Clients').addRow(['Nom', 'Prénom']);
    const size = unzippedSize(Buffer.from(await workbook.xlsx.writeBuffer()), MIB);
    expect(size).toBeGreaterThan(5_000);
    expect(size).toBeLessThan(50_000);
  });

  it('does not trust declared sizes: a bomb that claims 1 KB is stopped at the limit', () => {
    const bomb = zip([
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(64 * MIB), declaredSize: 1_000 },
    ]);
    expect(bomb.length).toBeLessThan(100_000);
    expect(unzippedSize(bomb, MIB)).toBeGreaterThan(MIB);
  });

  it('counts each of many entries pointing at the same data', () => {
    const data = Buffer.alloc(600_000);
    const archive = zip([
      { name: 'a.xml', data },
      { name: 'b.xml', data, sameDataAs: 0 },
    ]);
    expect(unzippedSize(archive, MIB)).toBeGreaterThan(MIB);
  });

  it('reads ZIP64 extra fields and end records', () => {
    const entries = [
      { name: 'a.xml', data: Buffer.alloc(10, 'a') },
      { name: 'b.xml', data: Buffer.alloc(20, 'b'), zip64: true },
    ];
    expect(unzippedSize(zip(entries), MIB)).toBe(30);
    expect(unzippedSize(zip(entries, { zip64End: true }), MIB)).toBe(30);
    expect(unzippedSize(zip(entries, { zip64End: true }), 29)).toBeGreaterThan(29);
  });

  it('gives undefined for what JSZip could not read either', () => {
    const archive = zip([{ name: 'a.xml', data: Buffer.alloc(1_000, 'a') }]);
    const cases = [
      Buffer.alloc(0),
      Buffer.from('Nom;Ville\nDupont;Nantes\n'),
      archive.subarray(0, archive.length - 10),
      archive.subarray(10),
      zip([{ name: 'a.xml', data: Buffer.alloc(10), flags: 1 }]),
      zip([{ name: 'a.xml', data: Buffer.alloc(10), method: 12 }]),
      // No local header where the central directory points.
      Buffer.from(archive).fill(0, 0, 4),
    ];
    // ZIP64 markers without their 64-bit values: no locator, then no ZIP64 extra field.
    const noZip64End = zip([{ name: 'a.xml', data: Buffer.alloc(10) }], { zip64End: true });
    cases.push(
      Buffer.concat([noZip64End.subarray(0, noZip64End.length - 42), noZip64End.subarray(-22)]),
    );
    const noZip64Extra = zip([{ name: 'a.xml', data: Buffer.alloc(10), zip64: true }]);
    noZip64Extra.writeUInt16LE(0x0002, noZip64Extra.indexOf(Buffer.from([0x01, 0x00, 0x18, 0x00])));
    cases.push(noZip64Extra);
    const garbled = Buffer.from(archive);
    garbled.fill(0xff, 35, 40);
    cases.push(garbled);
    for (const content of cases) expect(unzippedSize(content, MIB)).toBeUndefined();
  });
});
