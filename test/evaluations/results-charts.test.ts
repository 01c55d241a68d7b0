import { expect } from 'chai';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { comparisonChartSvg, distributionChartSvg, wrapLabel } from '../../lti-tool/services/evaluations/charts';
import type { QuestionTally } from '../../lti-tool/services/evaluations/tally';

const tally = (counts: number[], answered = counts.reduce((a, b) => a + b, 0)): QuestionTally => ({ questionId: 1, key: 'k', kind: 'single', text: 'Fråga', answered, counts, mean: null, texts: null });
const valuesOf = (svg: string) => [...svg.matchAll(/<text class="chart-value"[^>]*>([^<]*)</g)].map((match) => match[1]!.replace(/\u00a0/g, ' '));
const barWidths = (svg: string) => [...svg.matchAll(/<rect class="chart-bar"[^>]*width="([\d.]+)"/g)].map((match) => Number(match[1]));

describe('evaluation charts drawn as SVG', () => {
  it('when a distribution is drawn, then each bar is as long as its count, and the count and share are written beside it', () => {
    const svg = distributionChartSvg(tally([2, 0, 6, 12]), ['A', 'B', 'C', 'D'], { title: 'Fråga', locale: 'sv' });
    expect(valuesOf(svg)).to.deep.equal(['2 (10 %)', '0 (0 %)', '6 (30 %)', '12 (60 %)']);
    const [a, c, d] = barWidths(svg) as [number, number, number];
    expect(barWidths(svg), 'no bar for zero').to.have.length(3);
    expect(c / a).to.be.closeTo(3, 0.01);
    expect(d / a).to.be.closeTo(6, 0.01);
    expect(svg).to.match(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="chart" role="img" aria-label="Fråga" width="480" height="\d+" viewBox="0 0 480 \d+"><title>Fråga<\/title>/);
    // A scale: ticks as whole numbers up to a round top at or above the largest count.
    expect([...svg.matchAll(/class="chart-tick"[^>]*>(\d+)</g)].map((match) => Number(match[1]))).to.deep.equal([0, 5, 10, 15]);
    expect(svg, 'fills as attributes, no style for svg-to-pdfkit or the CSP to lose').not.to.contain('style=');
  });

  it('when labels and the title carry markup, then they are written as text', () => {
    const svg = distributionChartSvg(tally([1, 1]), ['<script>x</script>', 'A & "B"'], { title: '</title><script>' });
    expect(svg).not.to.contain('<script>');
    expect(svg).to.contain('&lt;script&gt;x&lt;/script&gt;').and.contain('A &amp; &quot;B&quot;').and.contain('<title>&lt;/title&gt;&lt;script&gt;</title>');
  });

  it('when a label is too long for two lines, then it is wrapped at words and ends in an ellipsis', () => {
    expect(wrapLabel('Kort', 20)).to.deep.equal(['Kort']);
    expect(wrapLabel('ett två tre fyra fem sex', 10)).to.deep.equal(['ett två', 'tre fyra…']);
    const lines = wrapLabel('a'.repeat(50), 20);
    expect(lines).to.have.length(2);
    expect(lines.every((line) => line.length <= 20)).to.equal(true);
  });

  it('when means are compared and one is missing, then the missing one has no bar and says why', () => {
    const svg = comparisonChartSvg([{ label: 'Träff 1', mean: 3.25 }, { label: 'Träff 2', mean: null }, { label: 'Träff 3', mean: 5 }], { title: 'Dagen', locale: 'sv', missingLabel: 'för få svar' });
    expect(valuesOf(svg)).to.deep.equal(['3,3', 'för få svar', '5,0']);
    const [first, last] = barWidths(svg) as [number, number];
    expect(last / first).to.be.closeTo(5 / 3.25, 0.01);
  });

  it('when a chart is drawn into a PDF with svg-to-pdfkit, then it is read without warnings', () => {
    const warnings: string[] = [];
    const doc = new PDFDocument();
    SVGtoPDF(doc, distributionChartSvg(tally([3, 4, 5]), ['Ja', 'Nej', 'Vet ej'], { title: 'Fråga' }), 40, 40, { warningCallback: (warning: string) => warnings.push(warning) });
    doc.end();
    expect(warnings).to.deep.equal([]);
  });
});
