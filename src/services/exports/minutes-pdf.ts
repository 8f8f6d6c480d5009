// The minutes of a sitting as a PDF (pdfkit): attendance, quorum, each vote with its totals, rule
// and outcome, decisions, disputes, the clerk's narratives (issue 17), sections other features add
// (appeals sent), and the log size and checkpoint the minutes were made from, so a reader can check
// every line against the log. Text is set in DejaVu Sans, embedded (subset), so Cyrillic prints on
// any machine.
//
// An accessible, archival document (issue 17, item 2): a tagged PDF whose structure tree holds the
// headings (H1, H2, H3), paragraphs, lists (L, LI, Lbl, LBody) and tables (Table, TR, TH, TD) in
// reading order, page numbers and the draft mark as artifacts; the document's language; PDF/A-2b
// declared in its XMP metadata (sRGB output intent); every font embedded. Its dates come from the
// record (options.createdAt), never the clock, and nothing else varies: the same record renders the
// same bytes.
import PDFDocument from 'pdfkit';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import type { Executor } from '../../db/dialects/quorate-dialect.ts';
import type { Lang } from '../../domain/i18n/lang.ts';
import { t } from '../../domain/i18n/translate.ts';
import { formatInstant, formatPartialDate } from '../../domain/i18n/format-dates.ts';
import { renderExplanation } from '../../domain/rules/render-explanation.ts';
import { bodyName } from './export-body.ts';
import { loadMinutes, type MinutesModel, type MinutesVote } from './minutes-model.ts';
import type { MinutesSectionSource } from './minutes-extensions.ts';

const SYSTEM_FONTS = '/usr/share/fonts/truetype/dejavu';

/** DejaVu Sans from the dejavu-fonts-ttf package, else Debian's fonts-dejavu-core. */
export function dejaVuPath(style: 'regular' | 'bold'): string {
  const file = style === 'bold' ? 'DejaVuSans-Bold.ttf' : 'DejaVuSans.ttf';
  try {
    return createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${file}`);
  } catch {
    const system = `${SYSTEM_FONTS}/${file}`;
    if (existsSync(system)) return system;
    throw new Error(
      `the DejaVu font ${file} is missing: install the npm package dejavu-fonts-ttf (or Debian's fonts-dejavu-core)`,
    );
  }
}

export interface MinutesOptions {
  lang: Lang;
  /** The document's date, from the record (the draft's latest entry, the approval), never the clock. */
  createdAt: Date;
  publicOrigin: string;
  /** The sections other features add after the core's (src/http/features.ts composes them). */
  sections: readonly MinutesSectionSource[];
  /** What the document is: the bare record, a draft (marked on every page) or approved minutes. */
  state: MinutesState;
  /** The clerk's narratives, by agenda item (null: the sitting as a whole), each in its language. */
  narratives: readonly MinutesNarrative[];
}

export type MinutesState =
  | { kind: 'record' }
  | { kind: 'draft'; version: number }
  | { kind: 'approved'; version: number; motion: string; entry: number };

export interface MinutesNarrative {
  agendaItemId: number | null;
  lang: string;
  text: string;
}

/** A structure element of the tagged PDF. */
type Struct = PDFKit.PDFStructureElement;

/** What each section renders with: the document, the language and small helpers. */
interface Pen {
  doc: PDFKit.PDFDocument;
  lang: Lang;
  width: number;
  /** The document's structure element (the root of the reading order). */
  root: Struct;
  tr: (key: Parameters<typeof t>[1], params?: Parameters<typeof t>[2]) => string;
  /** A code's label (`method.electronic`), or the code itself when there is none. */
  term: (key: string) => string;
  instant: (iso: string, style?: 'date' | 'datetime' | 'time') => string;
  para: (text: string, size?: number, lang?: string) => void;
  heading: (text: string, level?: 'H1' | 'H2' | 'H3') => void;
  item: (label: string, value: string) => void;
  list: (items: string[], size?: number) => void;
  table: (header: string[], rows: string[][], widths: number[]) => void;
}

type Sitting = MinutesModel['sitting'];

/**
 * The minutes as a PDF document stream (already ended: pipe or send it).
 * @example
 * const options = { lang: 'ru', createdAt, publicOrigin, sections: [], state: { kind: 'record' }, narratives: [] };
 * reply.type('application/pdf').send(await minutesPdf(db, 'smolninskoye', 1, options));
 */
export async function minutesPdf(
  db: Executor,
  slug: string,
  sittingId: number,
  options: MinutesOptions,
): Promise<PDFKit.PDFDocument> {
  return renderMinutes(await loadMinutes(db, slug, sittingId, options.lang, options.sections), options);
}

/** The whole document's bytes. */
export async function pdfBytes(doc: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of doc) parts.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(parts);
}

/** Renders loaded minutes, section by section, each in the structure tree in reading order. */
export function renderMinutes(model: MinutesModel, options: MinutesOptions): PDFKit.PDFDocument {
  const { body, sitting } = model;
  const name = bodyName({ names: body.names, slug: body.slug, languages: body.languages }, options.lang);
  const pen = newPen(name, sitting.title, options, body.timeZone);
  renderHeading(pen, name, sitting, options.state);
  renderAgenda(pen, sitting);
  renderAttendance(pen, sitting);
  renderQuorum(pen, sitting, body.rules.preset?.startsWith('ru-') ?? false);
  renderNarratives(pen, sitting, options.narratives);
  renderVotes(pen, model.votes);
  renderDecisions(pen, model.decisions);
  for (const section of model.extra) {
    pen.heading(section.heading);
    for (const line of section.lines) pen.para(line);
  }
  renderVerification(pen, model, options);
  markPages(pen, options.state);
  pen.root.end();
  pen.doc.end();
  return pen.doc;
}

/** Text for the XMP packet pdfkit writes unescaped: no markup characters. */
const xmpSafe = (text: string) => text.replace(/[<>&]/g, (c) => ({ '<': '‹', '>': '›', '&': '+' })[c] ?? c);

function newPen(name: string, title: string, options: MinutesOptions, timeZone: string): Pen {
  const { lang } = options;
  const tr: Pen['tr'] = (key, params) => t(lang, key, params);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    bufferPages: true,
    lang: lang === 'ru' ? 'ru-RU' : 'en-GB',
    displayTitle: true,
    tagged: true,
    subset: 'PDF/A-2b',
    pdfVersion: '1.7',
    // The default font is ours, so no standard font (which PDF/A forbids unembedded) is ever set up.
    font: dejaVuPath('regular'),
    info: {
      Title: xmpSafe(`${tr('minutes.title')}: ${title}`),
      Author: xmpSafe(name),
      Subject: xmpSafe(name),
      Producer: 'Quorate',
      Creator: 'Quorate',
      CreationDate: options.createdAt,
    },
  });
  doc.registerFont('text', dejaVuPath('regular'));
  doc.registerFont('bold', dejaVuPath('bold'));
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const root = doc.struct('Document');
  doc.addStructure(root);
  const para: Pen['para'] = (text, size = 10, textLang) => {
    const p = doc.struct('P', textLang ? { lang: textLang } : {});
    root.add(p);
    p.add(doc.struct('Span', {}, () => doc.font('text').fontSize(size).text(text, { width })));
    p.end();
  };
  return {
    doc,
    lang,
    width,
    root,
    tr,
    term: (key) => {
      const text = t(lang, key as Parameters<typeof t>[1]);
      return text === key ? key.split('.').slice(1).join('.') : text;
    },
    instant: (iso, style = 'datetime') => formatInstant(iso, lang, timeZone, style),
    para,
    heading: (text, level = 'H2') => {
      const size = level === 'H1' ? 14 : level === 'H2' ? 13 : 11;
      doc.moveDown(level === 'H3' ? 0.3 : 0.6);
      root.add(doc.struct(level, {}, () => doc.font('bold').fontSize(size).text(text, { width })));
      doc.moveDown(0.2);
    },
    item: (label, value) => {
      root.add(
        doc.struct('P', {}, () =>
          doc.font('bold').fontSize(10).text(`${label}: `, { width, continued: true }).font('text').text(value),
        ),
      );
    },
    list: (items, size = 9) => {
      if (items.length === 0) return;
      const l = doc.struct('L');
      root.add(l);
      doc.font('text').fontSize(size).list(items, { width, structParent: l, bulletRadius: 1.5, textIndent: 10 });
      l.end();
    },
    table: (header, rows, widths) => {
      doc.font('text').fontSize(9);
      // pdfkit tags the table (Table, TR, TH, TD) under structParent; its types do not declare it.
      const table = {
        structParent: root,
        columnStyles: widths.map((w) => ({ width: w })),
        data: [header.map((h) => ({ text: h, type: 'TH' as const })), ...rows],
      };
      doc.table(table);
      doc.x = doc.page.margins.left;
      doc.font('text');
    },
  };
}

const nameIn = (name: { en: string | null; ru: string | null }, lang: Lang) =>
  (lang === 'ru' ? (name.ru ?? name.en) : (name.en ?? name.ru)) ?? '';

function renderHeading(pen: Pen, name: string, sitting: Sitting, state: MinutesState) {
  const { doc, tr, term, item } = pen;
  pen.root.add(doc.struct('P', {}, () => doc.font('bold').fontSize(16).text(name, { width: pen.width })));
  pen.heading(`${tr('minutes.title')}: ${sitting.title}`, 'H1');
  if (state.kind === 'draft') pen.para(tr('minutes.draft_note', { version: state.version }), 10);
  if (state.kind === 'record') pen.para(tr('minutes.not_drafted_note'), 10);
  if (state.kind === 'approved')
    pen.para(tr('minutes.approved_note', { version: state.version, motion: state.motion, entry: state.entry }), 10);
  doc.moveDown(0.5);
  item(tr('sittings.date'), formatPartialDate(sitting.date, pen.lang));
  item(tr('sitting.time'), sitting.startsAt ? pen.instant(sitting.startsAt) : tr('sitting.time_unknown'));
  if (sitting.place) item(tr('sitting.place'), sitting.place);
  item(tr('sittings.status'), term(`sitting_status.${sitting.status}`));
  if (sitting.historical) pen.para(tr('sitting.historical'));
}

/** An agenda item as the minutes print it: a closed item marked, a withheld title never printed. */
function agendaLine(pen: Pen, a: Sitting['agenda'][number]): string {
  if (a.titleWithheld) return `${a.position}. ${pen.tr('agenda.closed_item_withheld')}`;
  return `${a.position}. ${a.closed ? `[${pen.tr('agenda.closed_item')}] ` : ''}${a.title}`;
}

function renderAgenda(pen: Pen, sitting: Sitting) {
  if (sitting.agenda.length === 0) return;
  pen.heading(pen.tr('sitting.agenda'));
  pen.list(
    sitting.agenda.map((a) => agendaLine(pen, a)),
    10,
  );
}

/** The clerk's narratives: for each agenda item (then the sitting as a whole), each language's text. */
function renderNarratives(pen: Pen, sitting: Sitting, narratives: readonly MinutesNarrative[]) {
  if (narratives.length === 0) return;
  pen.heading(pen.tr('minutes.narrative'));
  const groups: Array<{ title: string; id: number | null }> = [
    ...sitting.agenda.map((a) => ({ title: agendaLine(pen, a), id: a.id as number | null })),
    { title: pen.tr('minutes.narrative_general'), id: null },
  ];
  for (const g of groups) {
    const mine = narratives.filter((n) => n.agendaItemId === g.id);
    if (mine.length === 0) continue;
    pen.heading(g.title, 'H3');
    for (const n of mine) pen.para(n.text, 10, n.lang === 'ru' ? 'ru-RU' : n.lang === 'en' ? 'en-GB' : n.lang);
  }
}

function renderAttendance(pen: Pen, sitting: Sitting) {
  const { tr, para } = pen;
  pen.heading(tr('sitting.attendance'));
  const att = sitting.attendance;
  if (att.mode === 'headcount') {
    para(
      att.absent === null
        ? tr('sitting.headcount', { count: att.present })
        : tr('sitting.headcount_absent', { count: att.present, absent: att.absent }),
    );
    para(tr('sitting.headcount_explain', { named: att.named.length }));
    if (att.headcountNote) para(`${tr('sitting.source_note')} ${att.headcountNote}`);
  } else {
    para(tr('sitting.present_count', { count: att.present }));
  }
  if (att.named.length === 0) return;
  pen.table(
    [tr('minutes.col_seat'), tr('minutes.col_member'), tr('minutes.col_status'), tr('minutes.col_how')],
    att.named.map((m) => [
      String(m.seat),
      m.name ? nameIn(m.name, pen.lang) : tr('member.unnamed', { seat: m.seat }),
      pen.term(`attendance.${m.status}`),
      m.attested
        ? tr('sitting.attested', { time: m.attestedAt ? pen.instant(m.attestedAt, 'time') : '' })
        : tr('sitting.marked'),
    ]),
    [40, 200, 90, pen.width - 330],
  );
}

/** A Russian representative body counts deputies; other bodies get neutral words. */
function renderQuorum(pen: Pen, sitting: Sitting, deputies: boolean) {
  const { tr, para } = pen;
  const q = sitting.quorum;
  pen.heading(tr('sitting.quorum'));
  const numbers = { present: q.present, needed: q.needed, filled: q.filled, established: q.established };
  const verdict = q.quorate ? tr('quorum.quorate') : tr('quorum.not_quorate');
  para(`${verdict} ${tr(deputies ? 'quorum.numbers_deputies' : 'quorum.numbers', numbers)}`);
  pen.list(renderExplanation(q.explanation, pen.lang, deputies ? 'deputies' : 'members'));
  for (const d of sitting.disputes) {
    const source = d.source ? ` ${tr('dispute.source', { source: d.source })}` : '';
    const by = `${tr('dispute.heading')} ${tr('dispute.by', { claimant: d.claimant })}`;
    para(`${by} «${d.claim}»${source} (${tr('entry.link', { index: d.entryIndex })})`, 9);
  }
}

function renderVotes(pen: Pen, votes: MinutesVote[]) {
  pen.heading(pen.tr('sitting.votes'));
  if (votes.length === 0) pen.para(pen.tr('sitting.no_votes'));
  for (const [i, v] of votes.entries()) renderVote(pen, v, i + 1);
}

function renderVote(pen: Pen, v: MinutesVote, n: number) {
  const { tr, term, para, item } = pen;
  pen.heading(tr('minutes.vote', { n, title: v.motionTitle }), 'H3');
  item(tr('vote.method'), term(`method.${v.method}`));
  if (v.counts) {
    const c = v.counts;
    const blank = c.blank !== null ? `; ${tr('vote.blank')}: ${c.blank}` : '';
    const invalid = c.invalid !== null ? `; ${tr('vote.invalid')}: ${c.invalid}` : '';
    item(tr('decisions.totals'), `${c.yes ?? 0} / ${c.no ?? 0} / ${c.abstain ?? 0}${blank}${invalid}`);
  }
  if (v.rule)
    para(
      tr('minutes.rule', {
        preset: v.rule.preset ?? '—',
        majority: term(`majority.${v.rule.majorityName ?? v.majority}`),
      }),
    );
  if (v.outcome) {
    item(tr('vote.outcome'), v.outcome.adopted ? tr('outcome.adopted') : tr('outcome.not_adopted'));
    pen.list(v.outcome.explanation);
  } else {
    item(tr('vote.outcome'), tr('outcome.open'));
  }
  if (v.ballots.length > 0) {
    const who = (b: MinutesVote['ballots'][number]) =>
      b.name ? nameIn(b.name, pen.lang) : tr('member.unnamed', { seat: b.seat });
    pen.table(
      [tr('minutes.col_seat'), tr('minutes.col_member'), tr('minutes.col_choice')],
      v.ballots.map((b) => [String(b.seat), who(b), term(`choice.${b.choice}`)]),
      [40, 240, pen.width - 280],
    );
  }
  for (const d of v.declaredResults) {
    const result = d.adopted ? tr('outcome.adopted') : tr('outcome.not_adopted');
    para(`${tr('vote.declared', { by: d.declaredBy })} ${result} — ${d.reason}`, 9);
  }
  for (const d of v.disputes)
    para(`${tr('dispute.heading')} ${tr('dispute.by', { claimant: d.claimant })} «${d.claim}»`, 9);
  para(`${tr('verify.entry_closed')}: ${v.closeEntry === null ? '—' : tr('entry.link', { index: v.closeEntry })}`, 9);
}

function renderDecisions(pen: Pen, decisions: MinutesModel['decisions']) {
  const { tr } = pen;
  pen.heading(tr('sitting.decisions'));
  if (decisions.length === 0) pen.para(tr('sitting.no_decisions'));
  for (const d of decisions) {
    const number = d.registerNumber ? tr('decision.numbered', { number: d.registerNumber }) : tr('decision.unnumbered');
    const on = formatPartialDate(d.adoptedOn, pen.lang);
    pen.para(`${number}, ${on}: ${d.title} (${tr('entry.link', { index: d.entryIndex })})`);
  }
}

/** The log size and checkpoint the minutes were made from, so a reader can check every line. */
function renderVerification(pen: Pen, model: MinutesModel, options: MinutesOptions) {
  const { tr, para } = pen;
  const { body, checkpoint } = model;
  pen.heading(tr('verify.heading'));
  para(tr('minutes.made_from', { origin: body.origin, last: Math.max(0, body.logSize - 1), size: body.logSize }));
  if (checkpoint && checkpoint.size > 0) {
    para(`${tr('minutes.checkpoint')} (${tr('verify.checkpoint_size', { count: checkpoint.size })})`);
    pen.para(checkpoint.text, 8);
    if (checkpoint.size < body.logSize) para(tr('minutes.no_checkpoint'), 9);
  } else {
    para(tr('minutes.no_checkpoint'));
  }
  para(`${options.publicOrigin}/${encodeURIComponent(body.slug)}/sittings/${model.sitting.id}`, 9);
  para(tr('minutes.generated', { date: pen.instant(options.createdAt.toISOString()) }), 9);
}

/**
 * Page numbers and, on a draft, the draft mark on every page, written once every page exists
 * (bufferPages): artifacts, outside the structure tree, so a screen reader does not read them as text.
 */
function markPages(pen: Pen, state: MinutesState) {
  const { doc } = pen;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc
      .font('text')
      .fontSize(8)
      .text(pen.tr('minutes.page', { page: i + 1, pages: range.count }), doc.page.margins.left, doc.page.height - 36, {
        width: pen.width,
        align: 'center',
        lineBreak: false,
      });
    if (state.kind !== 'approved') {
      doc
        .font('bold')
        .fontSize(10)
        .fillColor('#b00000')
        .text(pen.tr('minutes.draft_mark'), doc.page.margins.left, 24, {
          width: pen.width,
          align: 'center',
          lineBreak: false,
        })
        .fillColor('black');
    }
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
}
