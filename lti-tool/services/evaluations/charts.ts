import type { QuestionTally } from './tally';

/**
 * Server-rendered SVG charts, readable without JavaScript, used by the results pages, the big screen, the slide and
 * (through svg-to-pdfkit) the PDF report. Only plain shapes, text and solid fills given as attributes: the tool's
 * CSP may block inline styles, and svg-to-pdfkit reads attributes, not style sheets. Every number is also written
 * as text beside its bar, so the chart says what it shows without colour or hovering; the page puts a table of the
 * same numbers beside it.
 */
export interface ChartOptions {
  /** The chart's accessible name (aria-label / <title>). */
  title: string;
  width?: number;
  /** BCP 47 language for numbers and percentages ("sv" writes 3,8 and 40 %); English when not given. */
  locale?: string;
  /** Comparison charts: what a missing mean says (a form under the threshold, a question not asked). */
  missingLabel?: string;
}

const fontSize = 14;
const lineHeight = 18;
const padding = 8;
const barHeight = 18;
const rowGap = 10;
const axisHeight = 26;
/** Room right of the longest bar for its number ("300 (100 %)"). */
const valueRoom = 96;
const maxLabelLines = 2;
const textColour = '#1b1b1b';
const barColour = '#1f5f8b';
const axisColour = '#6b6b6b';
const gridColour = '#d0d0d0';
const font = 'Helvetica, Arial, sans-serif';

/** Text for inside an SVG: question texts and options are the users' own, never markup. */
export function escapeSvgText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * A label cut into lines that fit the width (by an average letter width: the SVG has no text measuring); a label
 * longer than two lines ends in "…" — the full text stands in the table beside the chart.
 */
export function wrapLabel(text: string, maxChars: number, maxLines = maxLabelLines): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = '';
  for (let word of words) {
    while (word.length > maxChars) {
      if (line) lines.push(line);
      lines.push(word.slice(0, maxChars));
      word = word.slice(maxChars);
      line = '';
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= maxChars) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1]!;
  kept[maxLines - 1] = `${last.length >= maxChars ? last.slice(0, maxChars - 1) : last}…`;
  return kept;
}

/** A round top for the scale (1, 2, 5 × 10ⁿ steps) and its step, so the ticks read as whole numbers. */
function niceScale(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const whole = Math.max(1, Math.round(step));
  return { top: Math.ceil(max / whole) * whole, step: whole };
}

interface Bar {
  label: string;
  /** Where the bar ends on the scale, or null: no bar, `text` says why. */
  value: number | null;
  text: string;
}

interface Scale {
  top: number;
  ticks: number[];
  tickText: (value: number) => string;
}

/** The one drawing both charts share: a label above each bar, the number beside it, the scale under them all. */
function barChartSvg(bars: readonly Bar[], scale: Scale, options: ChartOptions): string {
  const width = Math.max(240, Math.round(options.width ?? 480));
  // Room left of the axis for half of the tick "0" written centred under it.
  const plotLeft = padding + 6;
  const plotWidth = width - plotLeft - padding - valueRoom;
  const maxChars = Math.max(12, Math.floor((width - padding * 2) / (fontSize * 0.55)));
  const parts: string[] = [];
  let y = padding;
  for (const bar of bars) {
    for (const line of wrapLabel(bar.label, maxChars)) {
      y += lineHeight;
      parts.push(`<text x="${plotLeft}" y="${y - 4}" font-size="${fontSize}" font-family="${font}" fill="${textColour}">${escapeSvgText(line)}</text>`);
    }
    const length = bar.value === null || scale.top <= 0 ? 0 : Math.max(0, Math.min(1, bar.value / scale.top)) * plotWidth;
    const barTop = y + 2;
    if (length > 0) parts.push(`<rect class="chart-bar" x="${plotLeft}" y="${barTop}" width="${length.toFixed(1)}" height="${barHeight}" fill="${barColour}"/>`);
    parts.push(
      `<text class="chart-value" x="${(plotLeft + length + 6).toFixed(1)}" y="${barTop + barHeight - 4}" font-size="${fontSize}" font-family="${font}" font-weight="bold" fill="${textColour}">${escapeSvgText(bar.text)}</text>`,
    );
    y = barTop + barHeight + rowGap;
  }
  const plotBottom = y;
  const grid: string[] = [];
  for (const tick of scale.ticks) {
    const x = (plotLeft + (tick / scale.top) * plotWidth).toFixed(1);
    grid.push(`<line x1="${x}" y1="${padding}" x2="${x}" y2="${plotBottom}" stroke="${gridColour}" stroke-width="1"/>`);
    grid.push(`<text class="chart-tick" x="${x}" y="${plotBottom + 18}" font-size="12" font-family="${font}" fill="${axisColour}" text-anchor="middle">${escapeSvgText(scale.tickText(tick))}</text>`);
  }
  grid.push(`<line x1="${plotLeft}" y1="${plotBottom}" x2="${plotLeft + plotWidth}" y2="${plotBottom}" stroke="${axisColour}" stroke-width="1"/>`);
  const height = plotBottom + axisHeight;
  const title = escapeSvgText(options.title);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="${title}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<title>${title}</title><rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>${grid.join('')}${parts.join('')}</svg>`
  );
}

/** A question's distribution: one bar per category, labelled, with its count and its share of those who answered. */
export function distributionChartSvg(tally: QuestionTally, labels: readonly string[], options: ChartOptions): string {
  const locale = options.locale ?? 'en';
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const whole = new Intl.NumberFormat(locale);
  const { top, step } = niceScale(Math.max(0, ...tally.counts));
  const ticks: number[] = [];
  for (let tick = 0; tick <= top; tick += step) ticks.push(tick);
  const bars = tally.counts.map((count, index) => ({
    label: labels[index] ?? String(index + 1),
    value: count,
    text: tally.answered > 0 ? `${whole.format(count)} (${percent.format(count / tally.answered)})` : whole.format(count),
  }));
  return barChartSvg(bars, { top, ticks, tickText: (value) => whole.format(value) }, options);
}

/** Means of scale questions (one question across forms, or a form's questions): one bar per entry on the 1–5 scale. */
export function comparisonChartSvg(series: ReadonlyArray<{ label: string; mean: number | null }>, options: ChartOptions): string {
  const mean = new Intl.NumberFormat(options.locale ?? 'en', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const bars = series.map((point) => ({
    label: point.label,
    value: point.mean,
    text: point.mean === null ? (options.missingLabel ?? '–') : mean.format(point.mean),
  }));
  return barChartSvg(bars, { top: 5, ticks: [0, 1, 2, 3, 4, 5], tickText: String }, options);
}

