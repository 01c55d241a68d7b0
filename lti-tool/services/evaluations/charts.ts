import type { QuestionTally } from './tally';

/**
 * STAND-IN (part C replaces the body, keeps the signatures): server-rendered SVG charts, readable without
 * JavaScript, used by the results pages, the big screen, the slide and (through svg-to-pdfkit) the PDF report.
 */
export interface ChartOptions {
  /** The chart's accessible name (aria-label / <title>). */
  title: string;
  width?: number;
}

/** A question's distribution: one bar per category, labelled, with its count. */
export function distributionChartSvg(tally: QuestionTally, labels: readonly string[], options: ChartOptions): string {
  void tally;
  void labels;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${options.width ?? 480}" height="10"><title>${options.title}</title></svg>`;
}

/** Means of one scale question across forms (meetings, years): one point or bar per form. */
export function comparisonChartSvg(series: ReadonlyArray<{ label: string; mean: number | null }>, options: ChartOptions): string {
  void series;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${options.width ?? 480}" height="10"><title>${options.title}</title></svg>`;
}
