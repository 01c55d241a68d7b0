import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors';

/** A file received into the store's holding area, not yet kept. */
export interface ReceivedFile {
  tempPath: string;
  size: number;
  sha256: string;
}

/** A received file with the name its sender gave it (which says nothing about what it is). */
export interface ReceivedUpload extends ReceivedFile {
  originalName: string;
}

const storedNamePattern = /^[0-9a-f]{32}$/;

export class FileTooLarge extends AppError {
  constructor(readonly maxBytes: number) {
    super(413, 'file_too_large', `more than ${maxBytes} bytes`);
  }
}

/**
 * Uploaded files on disk, under random names in a folder no static route serves. Files stream in
 * (never whole in memory), are counted and hashed as they arrive and are cut off at the size limit;
 * only a file that passed its checks is kept, by a rename within the same disk.
 */
export class FileStore {
  private readonly incoming: string;

  constructor(readonly root: string) {
    this.incoming = path.join(root, 'incoming');
    fs.mkdirSync(this.incoming, { recursive: true });
  }

  /** Streams an upload into the holding area; over `maxBytes` it stops reading, deletes what it wrote and throws. */
  async receive(source: Readable, maxBytes: number): Promise<ReceivedFile> {
    const tempPath = path.join(this.incoming, randomName());
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > maxBytes) {
          done(new FileTooLarge(maxBytes));
          return;
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, fs.createWriteStream(tempPath, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      await this.discard(tempPath);
      // The rest of a refused upload is read and thrown away so the browser gets our answer, not a reset.
      if (error instanceof FileTooLarge) source.resume();
      throw error;
    }
    return { tempPath, size, sha256: hash.digest('hex') };
  }

  /** Keeps a received file and returns its stored name, the only thing the database records. */
  async keep(received: ReceivedFile): Promise<string> {
    const storedName = randomName();
    const target = this.pathOf(storedName);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    await fs.promises.rename(received.tempPath, target);
    return storedName;
  }

  /** Removes a received file that was refused; nothing happens when it is already gone. */
  async discard(tempPath: string): Promise<void> {
    if (path.dirname(tempPath) !== this.incoming) throw new Error(`not a received file: ${tempPath}`);
    await fs.promises.rm(tempPath, { force: true });
  }

  async remove(storedName: string): Promise<void> {
    await fs.promises.rm(this.pathOf(storedName), { force: true });
  }

  /** Opens a stored file for reading; a missing file fails here, before any response header is sent. */
  async open(storedName: string): Promise<fs.ReadStream> {
    const stream = fs.createReadStream(this.pathOf(storedName));
    await once(stream, 'open');
    return stream;
  }

  /** Stored names are ours (hex), so a name from the database can never point outside the store. */
  pathOf(storedName: string): string {
    if (!storedNamePattern.test(storedName)) throw new Error(`not a stored file name: ${storedName}`);
    return path.join(this.root, storedName.slice(0, 2), storedName);
  }

  /** Received files older than `maxAgeMs` were left by interrupted requests; housekeeping removes them. */
  async sweepIncoming(maxAgeMs: number, now = Date.now()): Promise<number> {
    let removed = 0;
    for (const name of await fs.promises.readdir(this.incoming)) {
      const file = path.join(this.incoming, name);
      const stat = await fs.promises.stat(file).catch(() => undefined);
      if (stat && now - stat.mtimeMs > maxAgeMs) {
        await fs.promises.rm(file, { force: true });
        removed += 1;
      }
    }
    return removed;
  }
}

const randomName = () => randomBytes(16).toString('hex');
