// The minutes of a sitting as a PDF (pdfkit): attendance, quorum, each vote with its totals, rule
// and outcome, decisions, disputes, sections other features add (appeals sent), and the log size
// and checkpoint the minutes were made from, so a reader can check every line against the log.
// Text is set in DejaVu Sans, embedded (subset), so Cyrillic prints on any machine.
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
  now: Date;
  publicOrigin: string;
  /** The sections other features add after the core's (src/http/features.ts composes them). */
  sections: readonly MinutesSectionSource[];
}

/** What each section renders with: the document, the language and small helpers. */
interface Pen {
  doc: PDFKit.PDFDocument;
  lang: Lang;
  width: number;
  tr: (key: Parameters<typeof t>[1], params?: Parameters<typeof t>[2]) => string;
  /** A code's label (`method.electronic`), or the code itself when there is none. */
  term: (key: string) => string;
  instant: (iso: string, style?: 'date' | 'datetime' | 'time') => string;
  para: (text: string, size?: number) => void;
  heading: (text: string, size?: number) => void;
  item: (label: string, value: string) => void;
}

type Sitting = MinutesModel['sitting'];

/**
 * The minutes as a PDF document stream (already ended: pipe or send it).
 * @example
 * const options = { lang: 'ru', now: new Date(), publicOrigin, sections: [] };
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

/** Renders loaded minutes, section by section. */
export function renderMinutes(model: MinutesModel, options: MinutesOptions): PDFKit.PDFDocument {
  const { body, sitting } = model;
  const name = bodyName({ names: body.names, slug: body.slug, languages: body.languages }, options.lang);
  const pen = newPen(name, sitting.title, options, body.timeZone);
  renderHeading(pen, name, sitting);
  renderAgenda(pen, sitting);
  renderAttendance(pen, sitting);
  renderQuorum(pen, sitting, body.rules.preset?.startsWith('ru-') ?? false);
  renderVotes(pen, model.votes);
  renderDecisions(pen, model.decisions);
  for (const section of model.extra) {
    pen.heading(section.heading);
    for (const line of section.lines) pen.para(line);
  }
  renderVerification(pen, model, options);
  numberPages(pen);
  pen.doc.end();
  return pen.doc;
}

function newPen(name: string, title: string, options: MinutesOptions, timeZone: string): Pen {
  const { lang } = options;
  const tr: Pen['tr'] = (key, params) => t(lang, key, params);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    bufferPages: true,
    lang: lang === 'ru' ? 'ru-RU' : 'en-GB',
    displayTitle: true,
    info: {
      Title: `${tr('minutes.title')}: ${title}`,
      Author: name,
      Subject: name,
      Producer: 'Quorate',
      Creator: 'Quorate',
      CreationDate: options.now,
    },
  });
  doc.registerFont('text', dejaVuPath('regular'));
  doc.registerFont('bold', dejaVuPath('bold'));
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  return {
    doc,
    lang,
    width,
    tr,
    term: (key) => {
      const text = t(lang, key as Parameters<typeof t>[1]);
      return text === key ? key.split('.').slice(1).join('.') : text;
    },
    instant: (iso, style = 'datetime') => formatInstant(iso, lang, timeZone, style),
    para: (text, size = 10) => {
      doc.font('text').fontSize(size).text(text, { width });
    },
    heading: (text, size = 13) => {
      doc.moveDown(0.6).font('bold').fontSize(size).text(text, { width }).moveDown(0.2);
    },
    item: (label, value) => {
      doc.font('bold').fontSize(10).text(`${label}: `, { width, continued: true }).font('text').text(value);
    },
  };
}

const nameIn = (name: { en: string | null; ru: string | null }, lang: Lang) =>
  (lang === 'ru' ? (name.ru ?? name.en) : (name.en ?? name.ru)) ?? '';

function renderHeading(pen: Pen, name: string, sitting: Sitting) {
  const { doc, width, tr, term, item } = pen;
  doc.font('bold').fontSize(16).text(name, { width });
  doc
    .font('bold')
    .fontSize(14)
    .text(`${tr('minutes.title')}: ${sitting.title}`, { width });
  doc.moveDown(0.5);
  item(tr('sittings.date'), formatPartialDate(sitting.date, pen.lang));
  item(tr('sitting.time'), sitting.startsAt ? pen.instant(sitting.startsAt) : tr('sitting.time_unknown'));
  if (sitting.place) item(tr('sitting.place'), sitting.place);
  item(tr('sittings.status'), term(`sitting_status.${sitting.status}`));
  if (sitting.historical) pen.para(tr('sitting.historical'));
}

function renderAgenda(pen: Pen, sitting: Sitting) {
  if (sitting.agenda.length === 0) return;
  pen.heading(pen.tr('sitting.agenda'));
  for (const a of sitting.agenda)
    pen.para(
      a.titleWithheld
        ? `${a.position}. ${pen.tr('agenda.closed_item_withheld')}`
        : `${a.position}. ${a.closed ? `[${pen.tr('agenda.closed_item')}] ` : ''}${a.title}`,
    );
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
  for (const m of att.named) {
    const who = m.name ? nameIn(m.name, pen.lang) : tr('member.unnamed', { seat: m.seat });
    const how = m.attested
      ? tr('sitting.attested', { time: m.attestedAt ? pen.instant(m.attestedAt, 'time') : '' })
      : tr('sitting.marked');
    para(`${tr('members.seat')} ${m.seat}: ${who} — ${pen.term(`attendance.${m.status}`)} (${how})`);
  }
}

/** A Russian representative body counts deputies; other bodies get neutral words. */
function renderQuorum(pen: Pen, sitting: Sitting, deputies: boolean) {
  const { tr, para } = pen;
  const q = sitting.quorum;
  pen.heading(tr('sitting.quorum'));
  const numbers = { present: q.present, needed: q.needed, filled: q.filled, established: q.established };
  const verdict = q.quorate ? tr('quorum.quorate') : tr('quorum.not_quorate');
  para(`${verdict} ${tr(deputies ? 'quorum.numbers_deputies' : 'quorum.numbers', numbers)}`);
  for (const line of renderExplanation(q.explanation, pen.lang, deputies ? 'deputies' : 'members'))
    para(`• ${line}`, 9);
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
  pen.doc
    .moveDown(0.3)
    .font('bold')
    .fontSize(11)
    .text(tr('minutes.vote', { n, title: v.motionTitle }), { width: pen.width });
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
    for (const line of v.outcome.explanation) para(`• ${line}`, 9);
  } else {
    item(tr('vote.outcome'), tr('outcome.open'));
  }
  if (v.ballots.length > 0) {
    const who = (b: MinutesVote['ballots'][number]) =>
      b.name ? nameIn(b.name, pen.lang) : tr('member.unnamed', { seat: b.seat });
    para(v.ballots.map((b) => `${who(b)}: ${term(`choice.${b.choice}`)}`).join('; '), 9);
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
    pen.doc.font('text').fontSize(8).text(checkpoint.text, { width: pen.width });
    if (checkpoint.size < body.logSize) para(tr('minutes.no_checkpoint'), 9);
  } else {
    para(tr('minutes.no_checkpoint'));
  }
  para(`${options.publicOrigin}/${encodeURIComponent(body.slug)}/sittings/${model.sitting.id}`, 9);
  para(tr('minutes.generated', { date: pen.instant(options.now.toISOString()) }), 9);
}

/** Page numbers, written once every page exists (bufferPages). */
function numberPages(pen: Pen) {
  const { doc } = pen;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('text')
      .fontSize(8)
      .text(pen.tr('minutes.page', { page: i + 1, pages: range.count }), doc.page.margins.left, doc.page.height - 36, {
        width: pen.width,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}
