import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { AppError } from '../errors';

export interface ZipLimits {
  maxEntries: number;
  /** Sum of the entries' declared uncompressed sizes; yauzl holds each entry to its declared size while inflating. */
  maxTotalUncompressedBytes: number;
}

/** Office documents hold a few hundred parts and rarely unpack beyond a few hundred megabytes. */
export const officeZipLimits: ZipLimits = { maxEntries: 5_000, maxTotalUncompressedBytes: 512 * 1024 * 1024 };

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  encrypted: boolean;
}

const openZip = promisify<string, yauzl.Options, ZipFile>(yauzl.open);

export const unreadableArchive = (detail: string) => new AppError(422, 'file_rejected', detail);

/**
 * A zip archive (an Office or OpenDocument file) read from its central directory first: the entry count,
 * the names (no absolute paths, no `..`) and the total unpacked size are checked before anything is
 * inflated, and nothing is ever extracted to disk.
 */
export class ZipArchive {
  private constructor(
    private readonly zip: ZipFile,
    readonly entries: ZipEntryInfo[],
    private readonly byName: Map<string, Entry>,
  ) {}

  static async open(filePath: string, limits: ZipLimits = officeZipLimits): Promise<ZipArchive> {
    let zip: ZipFile;
    try {
      zip = await openZip(filePath, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true });
    } catch (error) {
      throw unreadableArchive(`not a readable zip: ${(error as Error).message}`);
    }
    if (zip.entryCount > limits.maxEntries) {
      zip.close();
      throw unreadableArchive(`${zip.entryCount} entries`);
    }
    try {
      const byName = await readCentralDirectory(zip, limits);
      const entries = [...byName.values()].map((entry) => ({
        name: entry.fileName,
        compressedSize: entry.compressedSize,
        uncompressedSize: entry.uncompressedSize,
        encrypted: entry.isEncrypted(),
      }));
      return new ZipArchive(zip, entries, byName);
    } catch (error) {
      zip.close();
      throw error;
    }
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /**
   * One entry's bytes as they inflate, or undefined when the archive has no such entry. yauzl ends the stream
   * with an error if it inflates past the size the directory declares, so the declared sizes hold.
   */
  async stream(name: string): Promise<Readable | undefined> {
    const entry = this.byName.get(name);
    if (!entry) return undefined;
    if (entry.isEncrypted()) throw new AppError(422, 'file_encrypted', name);
    try {
      return await promisify(this.zip.openReadStream.bind(this.zip))(entry);
    } catch (error) {
      throw unreadableArchive(`entry ${name}: ${(error as Error).message}`);
    }
  }

  /** One entry's bytes, or undefined when the archive has no such entry. */
  async read(name: string): Promise<Buffer | undefined> {
    const stream = await this.stream(name);
    if (!stream) return undefined;
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of stream) chunks.push(chunk as Buffer);
    } catch (error) {
      throw unreadableArchive(`entry ${name}: ${(error as Error).message}`);
    }
    return Buffer.concat(chunks);
  }

  async readText(name: string): Promise<string | undefined> {
    return (await this.read(name))?.toString('utf8');
  }

  close(): void {
    this.zip.close();
  }
}

function readCentralDirectory(zip: ZipFile, limits: ZipLimits): Promise<Map<string, Entry>> {
  return new Promise((resolve, reject) => {
    const byName = new Map<string, Entry>();
    let total = 0;
    zip.on('entry', (entry: Entry) => {
      total += entry.uncompressedSize;
      if (total > limits.maxTotalUncompressedBytes) {
        reject(new AppError(422, 'file_unpacks_too_large', `unpacks to more than ${limits.maxTotalUncompressedBytes} bytes`));
        return;
      }
      if (byName.has(entry.fileName)) {
        reject(unreadableArchive(`entry ${entry.fileName} twice`));
        return;
      }
      byName.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(byName));
    zip.on('error', (error: Error) => reject(unreadableArchive(error.message)));
    zip.readEntry();
  });
}
