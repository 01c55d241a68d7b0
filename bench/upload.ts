/**
 * Uploading a 50 MB deck as a participant, through real HTTP into the running tool (in this process),
 * streamed from disk by the client so that only the tool's memory grows. Prints the time and the peak RSS
 * growth against the target (< 60 MB: the upload is streamed to disk, never held whole); exits 0 either way.
 *
 *   npx tsx bench/upload.ts
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { eq } from 'drizzle-orm';
import { assignments, submissionVersions } from '../models/schema';
import { launchAs, role } from '../test/support/network-member';
import { heavyDeck } from '../test/support/presentations';
import { startToolUnderTest } from '../test/support/tool';

const megabytes = 50;
const target = { rssGrowthMb: 60 };

/** Posts the file as multipart/form-data, piping it from disk in chunks. */
function postStreamed(url: string, cookie: string, csrf: string, file: string): Promise<number> {
  const boundary = `----natverk${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="Redovisning A.pptx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + fs.statSync(file).size + tail.length },
    });
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.write(head);
    const source = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
    source.on('end', () => request.end(tail));
    source.pipe(request, { end: false });
  });
}

export async function main(): Promise<{ seconds: number; rssGrowthMb: number; pass: boolean }> {
  const t = await startToolUnderTest({ jobs: false });
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'natverk-bench-upload-'));
  try {
    const leader = await launchAs(t, '2', [role('Instructor')], {}, 'sv');
    await leader.post('/year/setup', { template: 'pilot-year', startDate: '2027-01-11', timeZone: 'Europe/Stockholm' });
    const [assignment] = await t.database.db.select().from(assignments).where(eq(assignments.letter, 'A'));
    const participant = await launchAs(t, '31', [role('Learner')]);
    const file = path.join(folder, 'deck.pptx');
    fs.writeFileSync(file, await heavyDeck(megabytes));
    const url = `${participant.base}/assignments/${assignment!.id}/submission`;
    const cookie = participant.browser.cookies.header(new URL(url)) ?? '';
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const started = performance.now();
    const status = await postStreamed(url, cookie, participant.csrf, file);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const stored = await t.database.db.select().from(submissionVersions);
    if (status !== 303 || stored.length !== 1) throw new Error(`upload answered ${status}, ${stored.length} versions stored`);
    const rssGrowthMb = (peak - baseline) / (1024 * 1024);
    const pass = rssGrowthMb < target.rssGrowthMb;
    process.stdout.write(
      `upload: ${(fs.statSync(file).size / (1024 * 1024)).toFixed(1)} MB deck as a participant in ${seconds.toFixed(2)} s\n` +
        `  peak RSS growth ${rssGrowthMb.toFixed(1)} MB   target < ${target.rssGrowthMb} MB: ${pass ? 'PASS' : 'FAIL'}\n`,
    );
    return { seconds, rssGrowthMb, pass };
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
    await t.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  });
}
