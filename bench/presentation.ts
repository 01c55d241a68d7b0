/**
 * Reading a 60-slide deck with full speaker notes (slides, notes, citations), as an upload does once per
 * Redovisning. Prints median and worst time and peak RSS growth against the targets; exits 0 either way.
 *
 *   npx tsx bench/presentation.ts
 *   BENCH_RUNS=100 npx tsx bench/presentation.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parsePptx } from '../lti-tool/presentations/pptx-parser';
import { largeDeck } from '../test/support/presentations';

const slideCount = 60;
const runs = Number(process.env.BENCH_RUNS ?? 20);
const targets = { medianMs: 300, rssGrowthMb: 100 };
/** Often enough to catch a peak that lasts one parse (tens of milliseconds). */
const rssSampleMs = 2;

export interface PresentationBenchResult {
  medianMs: number;
  maxMs: number;
  rssGrowthMb: number;
  pass: boolean;
}

export async function main(): Promise<PresentationBenchResult> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'natverk-bench-pptx-'));
  try {
    const file = path.join(folder, 'deck.pptx');
    fs.writeFileSync(file, await largeDeck(slideCount));
    const warm = await parsePptx(file);
    if (warm.slides.length !== slideCount) throw new Error(`read ${warm.slides.length} slides, expected ${slideCount}`);

    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, rssSampleMs);
    const times: number[] = [];
    try {
      for (let run = 0; run < runs; run += 1) {
        const started = performance.now();
        await parsePptx(file);
        times.push(performance.now() - started);
        peak = Math.max(peak, process.memoryUsage().rss);
      }
    } finally {
      clearInterval(sampler);
    }
    return report(times, (peak - baseline) / (1024 * 1024), fs.statSync(file).size);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

function report(times: number[], rssGrowthMb: number, bytes: number): PresentationBenchResult {
  const sorted = [...times].sort((a, b) => a - b);
  const medianMs = sorted[Math.floor(sorted.length / 2)]!;
  const maxMs = sorted[sorted.length - 1]!;
  const fast = medianMs < targets.medianMs;
  const lean = rssGrowthMb < targets.rssGrowthMb;
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  process.stdout.write(
    `parsePptx: ${slideCount} slides with notes (${(bytes / 1024).toFixed(0)} kB), ${times.length} runs\n` +
      `  median ${medianMs.toFixed(1)} ms, max ${maxMs.toFixed(1)} ms   target < ${targets.medianMs} ms: ${verdict(fast)}\n` +
      `  peak RSS growth ${rssGrowthMb.toFixed(1)} MB   target < ${targets.rssGrowthMb} MB: ${verdict(lean)}\n`,
  );
  return { medianMs, maxMs, rssGrowthMb, pass: fast && lean };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
