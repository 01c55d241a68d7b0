import { translator, type Language, type Translate } from '../../i18n';
import { formatterFor } from '../../i18n/format';
import { pdfText } from '../programme-pdf';
import { a4Margins, drawPageNumbers, drawRule, ensureSpace, pdfColors, startA4Report } from '../pdf-layout';
import type { NetworkPlanSections } from '../../../models/schema';
import { planSectionKeys } from './sections';

/** One plan in the compiled network plan: whose it is, a line under that (school, or the group's members), its sections. */
export interface CompiledPlan {
  heading: string;
  subheading: string | null;
  sections: NetworkPlanSections;
}

/** The network's plan for continued work: group plans first, then the participants' own. Never the comments. */
export interface CompiledNetworkPlan {
  networkName: string;
  period: string | null;
  date: Date;
  timeZone: string;
  groups: CompiledPlan[];
  individuals: CompiledPlan[];
}

type Doc = PDFKit.PDFDocument;

const margins = a4Margins;
const colors = pdfColors;

/** Pure: the compiled plan in, the PDF's bytes out (built-in Helvetica: WinAnsi has å ä ö æ ø; pdfText folds the rest). */
export function renderNetworkPlanPdf(compiled: CompiledNetworkPlan, language: Language, createdAt: Date): Promise<Buffer> {
  const t = translator(language);
  const { doc, bytes: done, width } = startA4Report({ title: `${compiled.networkName} – ${t('plans.pdf.title')}`, language, createdAt });
  drawCover(doc, t, compiled, width, language);
  drawPart(doc, t, t('plans.pdf.groupPlans'), compiled.groups, width);
  drawPart(doc, t, t('plans.pdf.individualPlans'), compiled.individuals, width);
  drawPageNumbers(doc, t, width);
  doc.end();
  return done;
}

function drawCover(doc: Doc, t: Translate, compiled: CompiledNetworkPlan, width: number, language: Language): void {
  doc.y = 200;
  write(doc, compiled.networkName, 'Helvetica-Bold', 24, colors.accent, width);
  write(doc, t('plans.pdf.title'), 'Helvetica', 15, colors.muted, width);
  doc.moveDown(1);
  drawRule(doc, width);
  if (compiled.period) write(doc, `${t('plans.pdf.period')}: ${compiled.period}`, 'Helvetica', 11, colors.text, width);
  write(doc, `${t('plans.pdf.date')}: ${formatterFor(language, compiled.timeZone).day(compiled.date)}`, 'Helvetica', 11, colors.text, width);
  write(doc, t('plans.pdf.counts', { groups: compiled.groups.length, individuals: compiled.individuals.length }), 'Helvetica', 11, colors.text, width);
}

function drawPart(doc: Doc, t: Translate, title: string, plans: CompiledPlan[], width: number): void {
  doc.addPage();
  write(doc, title, 'Helvetica-Bold', 18, colors.accent, width);
  doc.moveDown(0.4);
  if (!plans.length) write(doc, t('plans.pdf.none'), 'Helvetica-Oblique', 11, colors.muted, width);
  for (const plan of plans) drawPlan(doc, t, plan, width);
}

function drawPlan(doc: Doc, t: Translate, plan: CompiledPlan, width: number): void {
  ensureSpace(doc, 90);
  doc.moveDown(0.6);
  drawRule(doc, width);
  write(doc, plan.heading, 'Helvetica-Bold', 14, colors.accent, width);
  if (plan.subheading) write(doc, plan.subheading, 'Helvetica', 10, colors.muted, width);
  for (const key of planSectionKeys) {
    ensureSpace(doc, 40);
    doc.moveDown(0.3);
    write(doc, t(`plans.sections.${key}.label`), 'Helvetica-Bold', 11, colors.text, width);
    const text = plan.sections[key]?.trim() ?? '';
    if (text) write(doc, text, 'Helvetica', 10.5, colors.text, width);
    else write(doc, t('plans.pdf.empty'), 'Helvetica-Oblique', 10, colors.muted, width);
  }
}

function write(doc: Doc, text: string, font: string, size: number, color: string, width: number): void {
  doc.font(font).fontSize(size).fillColor(color).text(pdfText(text), margins.left, doc.y, { width });
  doc.moveDown(0.2);
}
