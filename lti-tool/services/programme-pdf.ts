import { DateTime } from 'luxon';
import PDFDocument from 'pdfkit';
import { notFound } from '../errors';
import { translator, type Translate } from '../i18n';
import type { MeetingView, NetworkLanguage, PlannedInterval, YearView } from './year-types';
import { formatterFor } from '../i18n/format';

/**
 * The programme of a network year (or of one meeting) as an A4 PDF, in the network's language and time zone.
 * Pure: a YearView in, bytes out. Uses pdfkit's built-in Helvetica, whose WinAnsi encoding covers the Nordic
 * letters (å ä ö æ ø é ü …); anything outside it is reduced to its base letter (č → c) rather than garbled.
 */
export interface ProgrammePdfOptions {
  /** The PDF's CreationDate. pdfkit derives the file ID from it, so a fixed date gives byte-identical output. */
  createdAt?: Date;
}

type Doc = PDFKit.PDFDocument;
type Style = 'regular' | 'bold' | 'italic';
type MeetingItem = MeetingView['programme'][number];

interface Line {
  text: string;
  style: Style;
  size: number;
  color?: string;
  /** Space after the line, in points. */
  gap?: number;
  link?: string;
}

interface Context {
  doc: Doc;
  t: Translate;
  zone: string;
  locale: string;
  left: number;
  width: number;
}

const margins = { top: 56, bottom: 64, left: 56, right: 56 };
const fonts: Record<Style, string> = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' };
const colors = { text: '#1a1a1a', muted: '#5a5a5a', accent: '#1f4e79', rule: '#c8c8c8' };
const timeColumn = 84;
const itemGap = 6;
const bulletIndent = 14;

/** The whole year: leaders, every meeting with its programme, and the work before, between and after them. */
export async function renderYearProgrammePdf(view: YearView, options: ProgrammePdfOptions = {}): Promise<Buffer> {
  return renderPdf(view, view.network.name, options, (ctx) => {
    drawHeader(ctx, view, ctx.t('programmePdf.yearProgramme'), view.network.description);
    const numbers = new Set(view.meetings.map((meeting) => meeting.number));
    const intervalsAfter = (number: number | null) => view.intervals.filter((interval) => interval.afterMeeting === number);
    intervalsAfter(null).forEach((interval) => drawInterval(ctx, interval));
    for (const meeting of [...view.meetings].sort((a, b) => a.number - b.number || a.startsAt.getTime() - b.startsAt.getTime())) {
      drawMeeting(ctx, meeting);
      intervalsAfter(meeting.number).forEach((interval) => drawInterval(ctx, interval));
    }
    // Work recorded after a meeting that no longer exists is still shown rather than silently dropped.
    view.intervals.filter((interval) => interval.afterMeeting !== null && !numbers.has(interval.afterMeeting)).forEach((interval) => drawInterval(ctx, interval));
  });
}

/** One meeting's page: the network, its leaders, and that meeting with its programme. */
export async function renderMeetingProgrammePdf(view: YearView, meetingId: number, options: ProgrammePdfOptions = {}): Promise<Buffer> {
  const meeting = view.meetings.find((candidate) => candidate.id === meetingId);
  if (!meeting) throw notFound(`meeting ${meetingId} in network ${view.network.id}`);
  const t = translator(view.network.language);
  const title = `${view.network.name} – ${t('programmePdf.meetingHeading', { number: meeting.number, theme: meeting.theme })}`;
  return renderPdf(view, title, options, (ctx) => {
    drawHeader(ctx, view, ctx.t('programmePdf.meetingProgramme'), null);
    drawMeeting(ctx, meeting);
  });
}

function renderPdf(view: YearView, title: string, options: ProgrammePdfOptions, draw: (ctx: Context) => void): Promise<Buffer> {
  const language = view.network.language;
  const doc = new PDFDocument({
    size: 'A4',
    margins,
    bufferPages: true,
    lang: language,
    displayTitle: true,
    info: { Title: title, Author: 'Nätverk', Creator: 'Nätverk', Producer: 'Nätverk', CreationDate: options.createdAt ?? new Date() },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const ctx: Context = {
    doc,
    t: translator(language),
    zone: view.network.timeZone,
    locale: luxonLocale(language),
    left: margins.left,
    width: doc.page.width - margins.left - margins.right,
  };
  draw(ctx);
  drawFooters(ctx, view.network.name);
  doc.end();
  return done;
}

function drawHeader(ctx: Context, view: YearView, subtitle: string, description: string | null): void {
  write(ctx, { text: view.network.name, style: 'bold', size: 22, color: colors.accent, gap: 4 });
  write(ctx, { text: subtitle, style: 'regular', size: 13, color: colors.muted, gap: 10 });
  if (description?.trim()) write(ctx, { text: description.trim(), style: 'regular', size: 10, gap: 10 });
  const leaders = view.leaders.filter((leader) => leader.name || leader.email);
  if (leaders.length > 0) {
    write(ctx, { text: ctx.t('programmePdf.leaders'), style: 'bold', size: 10, gap: 2 });
    for (const leader of leaders) {
      const text = [leader.name, leader.email].filter(Boolean).join(' · ');
      write(ctx, { text, style: 'regular', size: 10, gap: 1, ...(leader.email ? { link: `mailto:${leader.email}` } : {}) });
    }
  }
  ctx.doc.y += 8;
  rule(ctx);
}

function drawMeeting(ctx: Context, meeting: MeetingView): void {
  const header = meetingHeader(ctx, meeting);
  const first = meeting.programme[0];
  const firstHeight = first ? itemHeight(ctx, first) : heightOf(ctx, noProgramme(ctx));
  // Keep the meeting's header together with its first programme item.
  startBlock(ctx, header.reduce((sum, line) => sum + heightOf(ctx, line), 0) + firstHeight, 16);
  header.forEach((line) => write(ctx, line));
  if (!first) write(ctx, noProgramme(ctx));
  for (const item of meeting.programme) {
    ensureSpace(ctx, itemHeight(ctx, item));
    drawItem(ctx, item);
  }
}

function meetingHeader(ctx: Context, meeting: MeetingView): Line[] {
  const { t } = ctx;
  const lines: Line[] = [
    { text: t('programmePdf.meetingHeading', { number: meeting.number, theme: meeting.theme }), style: 'bold', size: 14, color: colors.accent, gap: 3 },
    { text: formatWhen(ctx, meeting), style: 'regular', size: 10.5, gap: 2 },
  ];
  // Years with several kinds of gathering (the regional partnership) say which one this is.
  if (meeting.kindLabel) lines.splice(1, 0, { text: meeting.kindLabel, style: 'bold', size: 10.5, color: colors.muted, gap: 2 });
  const place = [meeting.place, meeting.address].filter(Boolean).join(', ');
  if (meeting.mode === 'digital') {
    const where = meeting.meetingLink ?? meeting.place;
    lines.push({ text: where ? `${t('programmePdf.digitalMeeting')}: ${where}` : t('programmePdf.digitalMeeting'), style: 'regular', size: 10.5, gap: 2, ...linkOf(meeting) });
  } else {
    if (place) lines.push({ text: `${t('programmePdf.place')}: ${place}`, style: 'regular', size: 10.5, gap: 2 });
    if (meeting.mode === 'hybrid' && meeting.meetingLink) {
      lines.push({ text: `${t('programmePdf.meetingLink')}: ${meeting.meetingLink}`, style: 'regular', size: 10.5, gap: 2, ...linkOf(meeting) });
    }
  }
  const last = lines[lines.length - 1];
  if (last) last.gap = 8;
  lines.push({ text: t('programmePdf.programme'), style: 'bold', size: 10, color: colors.muted, gap: 3 });
  return lines;
}

function linkOf(meeting: MeetingView): { link?: string } {
  return meeting.meetingLink && /^https?:\/\//i.test(meeting.meetingLink) ? { link: meeting.meetingLink } : {};
}

function noProgramme(ctx: Context): Line {
  return { text: ctx.t('programmePdf.noProgramme'), style: 'italic', size: 10, color: colors.muted, gap: itemGap };
}

/** The title line and the "kind · speaker" line of a programme item, beside its time. */
function itemLines(ctx: Context, item: MeetingItem): { time: Line; title: Line; detail: Line | null } {
  const kind = ctx.t(`meeting.kinds.${item.kind}`);
  const title = item.title.trim() || kind;
  const detail = [title === kind ? null : kind, item.speaker].filter(Boolean).join(' · ');
  return {
    time: { text: formatRange(ctx, item.startsAt, item.endsAt), style: 'regular', size: 10 },
    title: { text: title, style: 'bold', size: 10.5, gap: 1 },
    detail: detail ? { text: detail, style: 'regular', size: 9, color: colors.muted } : null,
  };
}

function itemHeight(ctx: Context, item: MeetingItem): number {
  const lines = itemLines(ctx, item);
  const width = ctx.width - timeColumn;
  const content = heightOf(ctx, lines.title, width) + (lines.detail ? heightOf(ctx, lines.detail, width) : 0);
  return Math.max(heightOf(ctx, lines.time, timeColumn), content) + itemGap;
}

function drawItem(ctx: Context, item: MeetingItem): void {
  const { doc } = ctx;
  const lines = itemLines(ctx, item);
  const top = doc.y;
  write(ctx, lines.time, ctx.left, timeColumn);
  const timeBottom = doc.y;
  doc.y = top;
  write(ctx, lines.title, ctx.left + timeColumn, ctx.width - timeColumn);
  if (lines.detail) write(ctx, lines.detail, ctx.left + timeColumn, ctx.width - timeColumn);
  doc.x = ctx.left;
  doc.y = Math.max(doc.y, timeBottom) + itemGap;
}

function drawInterval(ctx: Context, interval: PlannedInterval): void {
  const { t } = ctx;
  const label = t(interval.afterMeeting === null ? 'programmePdf.beforeFirstMeeting' : 'programmePdf.betweenMeetings');
  const title = interval.title.trim() || label;
  const header: Line[] = [
    ...(label.toLowerCase() === title.toLowerCase() ? [] : [{ text: label, style: 'bold' as const, size: 9, color: colors.muted, gap: 1 }]),
    { text: title, style: 'bold', size: 12, gap: 4 },
  ];
  const sections = [
    { heading: t('programmePdf.tasks'), items: interval.tasks.map((task) => bullet(task)) },
    {
      heading: t('programmePdf.recordedLectures'),
      items: interval.recordedLectures.map((lecture) => bullet(lecture.url ? `${lecture.title}: ${lecture.url}` : lecture.title, lecture.url)),
    },
    { heading: t('programmePdf.literature'), items: interval.literature.map((entry) => bullet(entry)) },
  ].filter((section) => section.items.length > 0);
  const first = sections[0];
  // Keep the interval's title together with its first section heading and first line.
  startBlock(ctx, header.reduce((sum, line) => sum + heightOf(ctx, line), 0) + (first ? sectionStartHeight(ctx, first.heading, first.items) : 0), 14);
  header.forEach((line) => write(ctx, line));
  sections.forEach((section) => drawBulletSection(ctx, section.heading, section.items));
}

function sectionHeading(text: string): Line {
  return { text, style: 'bold', size: 10, gap: 2 };
}

function sectionStartHeight(ctx: Context, heading: string, items: Line[]): number {
  const first = items[0];
  return heightOf(ctx, sectionHeading(heading)) + (first ? heightOf(ctx, first, ctx.width - bulletIndent) : 0);
}

function drawBulletSection(ctx: Context, heading: string, items: Line[]): void {
  const { doc } = ctx;
  ensureSpace(ctx, sectionStartHeight(ctx, heading, items));
  write(ctx, sectionHeading(heading));
  for (const item of items) {
    ensureSpace(ctx, heightOf(ctx, item, ctx.width - bulletIndent));
    const top = doc.y;
    write(ctx, { text: '•', style: 'regular', size: item.size }, ctx.left + 3, bulletIndent);
    doc.y = top;
    write(ctx, item, ctx.left + bulletIndent, ctx.width - bulletIndent);
    doc.x = ctx.left;
  }
  doc.y += 4;
}

function bullet(text: string, url?: string): Line {
  return { text, style: 'regular', size: 10, gap: 2, ...(url && /^https?:\/\//i.test(url) ? { link: url } : {}) };
}

function drawFooters(ctx: Context, name: string): void {
  const { doc } = ctx;
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    // Writing below the bottom margin would make pdfkit start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - 40;
    setFont(ctx, 'regular', 8.5, colors.muted);
    doc.text(pdfText(name), ctx.left, y, { width: ctx.width - 110, height: 12, ellipsis: true, lineBreak: false });
    const page = ctx.t('programmePdf.page', { page: index + 1, pages: range.count });
    doc.text(pdfText(page), ctx.left, y, { width: ctx.width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

/** Space before a block (unless at the top of a page), moving to a new page when `height` would not fit. */
function startBlock(ctx: Context, height: number, spaceBefore: number): void {
  const atTop = ctx.doc.y <= ctx.doc.page.margins.top + 1;
  if (!ensureSpace(ctx, height + (atTop ? 0 : spaceBefore)) && !atTop) ctx.doc.y += spaceBefore;
}

/** Starts a new page unless `height` fits on this one; true when it did. */
function ensureSpace(ctx: Context, height: number): boolean {
  const { doc } = ctx;
  if (doc.y + height <= doc.page.height - doc.page.margins.bottom) return false;
  doc.addPage();
  return true;
}

function rule(ctx: Context): void {
  const { doc } = ctx;
  doc.moveTo(ctx.left, doc.y).lineTo(ctx.left + ctx.width, doc.y).lineWidth(0.5).strokeColor(colors.rule).stroke();
  doc.y += 6;
}

function setFont(ctx: Context, style: Style, size: number, color: string = colors.text): void {
  ctx.doc.font(fonts[style]).fontSize(size).fillColor(color);
}

function heightOf(ctx: Context, line: Line, width = ctx.width): number {
  setFont(ctx, line.style, line.size);
  return ctx.doc.heightOfString(pdfText(line.text), { width }) + (line.gap ?? 0);
}

function write(ctx: Context, line: Line, x = ctx.left, width = ctx.width): void {
  setFont(ctx, line.style, line.size, line.color);
  ctx.doc.text(pdfText(line.text), x, ctx.doc.y, { width, ...(line.link ? { link: line.link } : {}) });
  ctx.doc.y += line.gap ?? 0;
}

function luxonLocale(language: NetworkLanguage): string {
  // Day-month order and a 24-hour clock for English too: the networks are Nordic.
  return language === 'en' ? 'en-GB' : language;
}

function local(ctx: Context, date: Date): DateTime {
  return DateTime.fromJSDate(date, { zone: ctx.zone }).setLocale(ctx.locale);
}

// The one formatter every page uses, so the PDF says times as the pages do ("kl. 09.30" in Norwegian).
const formatterOf = (dateTime: DateTime) => formatterFor(dateTime.locale ?? 'en', dateTime.zoneName ?? 'UTC');

function formatTime(dateTime: DateTime): string {
  return formatterOf(dateTime).time(dateTime.toJSDate());
}

function formatDate(dateTime: DateTime): string {
  const text = formatterOf(dateTime).day(dateTime.toJSDate());
  return text.charAt(0).toLocaleUpperCase(dateTime.locale ?? undefined) + text.slice(1);
}

function formatWhen(ctx: Context, meeting: MeetingView): string {
  const start = local(ctx, meeting.startsAt);
  const end = local(ctx, meeting.endsAt);
  if (start.hasSame(end, 'day')) return `${formatDate(start)}, ${formatTime(start)}–${formatTime(end)}`;
  return `${formatDate(start)} ${formatTime(start)} – ${formatDate(end)} ${formatTime(end)}`;
}

function formatRange(ctx: Context, start: Date | null, end: Date | null): string {
  if (!start) return '';
  return end ? `${formatTime(local(ctx, start))}–${formatTime(local(ctx, end))}` : formatTime(local(ctx, start));
}

// Characters beyond Latin-1 that WinAnsi (and so the built-in fonts) can show.
const winAnsiExtras = new Set([
  0x152, 0x153, 0x160, 0x161, 0x178, 0x17d, 0x17e, 0x192, 0x2c6, 0x2dc, 0x2013, 0x2014, 0x2018, 0x2019, 0x201a, 0x201c, 0x201d,
  0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
]);
// Letters that have no decomposition to a base letter (Sámi, Polish, Turkish) and common typographic signs.
const fallbacks: Record<string, string> = {
  đ: 'd', Đ: 'D', ŋ: 'n', Ŋ: 'N', ŧ: 't', Ŧ: 'T', ł: 'l', Ł: 'L', ı: 'i',
  '\u2212': '-', '\u2010': '-', '\u2011': '-', '\u2009': ' ', '\u202f': ' ', '\u2007': ' ', '\u200b': '',
  '\t': ' ', '\r': '', '\u2192': '->', '\u2190': '<-', '\u2264': '<=', '\u2265': '>=',
};

function encodable(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return char === '\n' || (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff) || winAnsiExtras.has(code);
}

/** Text the built-in fonts can show: NFC (so "å" typed as a + ring becomes one letter), then WinAnsi only. */
export function pdfText(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    if (encodable(char)) {
      out += char;
      continue;
    }
    const mapped = fallbacks[char];
    if (mapped !== undefined) {
      out += mapped;
      continue;
    }
    const base = char.normalize('NFD').replace(/\p{M}/gu, '');
    out += base !== '' && [...base].every(encodable) ? base : '?';
  }
  return out;
}
