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
import { getBody, getSitting, getVote } from '../record-reads.ts';
import { sittingDecisions } from '../portal-reads.ts';
import { bodyName } from './export-body.ts';
import { minutesCheckpoint, type MinutesSectionSource } from './minutes-extensions.ts';

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
  /** The sections features add after the core's (src/http/features.ts). */
  sections: readonly MinutesSectionSource[];
}

/**
 * The minutes as a PDF document stream (already ended: pipe or send it).
 * @example reply.type('application/pdf').send(await minutesPdf(db, 'smolninskoye', 1, { lang: 'ru', now: new Date(), publicOrigin, sections: [] }))
 */
export async function minutesPdf(
  db: Executor,
  slug: string,
  sittingId: number,
  options: MinutesOptions,
): Promise<PDFKit.PDFDocument> {
  const { lang } = options;
  const tr = (key: Parameters<typeof t>[1], params?: Parameters<typeof t>[2]) => t(lang, key, params);
  const body = await getBody(db, slug);
  const sitting = await getSitting(db, slug, sittingId);
  const votes = [];
  for (const v of sitting.votes) votes.push(await getVote(db, slug, v.id));
  const bodyId = (await db.selectFrom('bodies').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
  const decisions = await sittingDecisions(db, bodyId, sitting.id);
  const checkpoint = await minutesCheckpoint(db, bodyId);
  const extra = [];
  for (const source of options.sections) {
    const section = await source({ db, bodyId, slug, sittingId: sitting.id, lang, timeZone: body.timeZone });
    if (section) extra.push(section);
  }
  const name = bodyName({ names: body.names, slug: body.slug, languages: body.languages }, lang);
  const instant = (iso: string, style: 'date' | 'datetime' | 'time' = 'datetime') =>
    formatInstant(iso, lang, body.timeZone, style);
  const term = (key: string) => {
    const text = t(lang, key as Parameters<typeof t>[1]);
    return text === key ? key.split('.').slice(1).join('.') : text;
  };

  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    bufferPages: true,
    lang: lang === 'ru' ? 'ru-RU' : 'en-GB',
    displayTitle: true,
    info: {
      Title: `${tr('minutes.title')}: ${sitting.title}`,
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
  const para = (text: string, size = 10) => {
    doc.font('text').fontSize(size).text(text, { width });
  };
  const heading = (text: string, size = 13) => {
    doc.moveDown(0.6).font('bold').fontSize(size).text(text, { width }).moveDown(0.2);
  };
  const item = (label: string, value: string) => {
    doc.font('bold').fontSize(10).text(`${label}: `, { width, continued: true }).font('text').text(value);
  };

  doc.font('bold').fontSize(16).text(name, { width });
  doc
    .font('bold')
    .fontSize(14)
    .text(`${tr('minutes.title')}: ${sitting.title}`, { width });
  doc.moveDown(0.5);
  item(tr('sittings.date'), formatPartialDate(sitting.date, lang));
  item(tr('sitting.time'), sitting.startsAt ? instant(sitting.startsAt) : tr('sitting.time_unknown'));
  if (sitting.place) item(tr('sitting.place'), sitting.place);
  item(tr('sittings.status'), term(`sitting_status.${sitting.status}`));
  if (sitting.historical) para(tr('sitting.historical'));

  if (sitting.agenda.length > 0) {
    heading(tr('sitting.agenda'));
    for (const a of sitting.agenda) para(`${a.position}. ${a.title}`);
  }

  heading(tr('sitting.attendance'));
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
    const who = m.name
      ? ((lang === 'ru' ? (m.name.ru ?? m.name.en) : (m.name.en ?? m.name.ru)) ?? '')
      : tr('member.unnamed', { seat: m.seat });
    const how = m.attested
      ? tr('sitting.attested', { time: m.attestedAt ? instant(m.attestedAt, 'time') : '' })
      : tr('sitting.marked');
    para(`${tr('members.seat')} ${m.seat}: ${who} — ${term(`attendance.${m.status}`)} (${how})`);
  }

  heading(tr('sitting.quorum'));
  // A Russian representative body counts deputies; other bodies get neutral words.
  const deputies = body.rules.preset?.startsWith('ru-') ?? false;
  para(
    `${sitting.quorum.quorate ? tr('quorum.quorate') : tr('quorum.not_quorate')} ${tr(deputies ? 'quorum.numbers_deputies' : 'quorum.numbers', { present: sitting.quorum.present, needed: sitting.quorum.needed, filled: sitting.quorum.filled, established: sitting.quorum.established })}`,
  );
  for (const line of renderExplanation(sitting.quorum.explanation, lang, deputies ? 'deputies' : 'members'))
    para(`• ${line}`, 9);
  for (const d of sitting.disputes) {
    para(
      `${tr('dispute.heading')} ${tr('dispute.by', { claimant: d.claimant })} «${d.claim}»${d.source ? ` ${tr('dispute.source', { source: d.source })}` : ''} (${tr('entry.link', { index: d.entryIndex })})`,
      9,
    );
  }

  heading(tr('sitting.votes'));
  if (votes.length === 0) para(tr('sitting.no_votes'));
  for (const [i, v] of votes.entries()) {
    doc
      .moveDown(0.3)
      .font('bold')
      .fontSize(11)
      .text(tr('minutes.vote', { n: i + 1, title: v.motion.title }), { width });
    item(tr('vote.method'), term(`method.${v.method}`));
    if (v.counts) {
      item(
        tr('decisions.totals'),
        `${v.counts.yes ?? 0} / ${v.counts.no ?? 0} / ${v.counts.abstain ?? 0}` +
          (v.counts.blank !== null ? `; ${tr('vote.blank')}: ${v.counts.blank}` : '') +
          (v.counts.invalid !== null ? `; ${tr('vote.invalid')}: ${v.counts.invalid}` : ''),
      );
    }
    const rule = v.rule as { preset?: string | null; majorityName?: string } | null;
    if (rule)
      para(
        tr('minutes.rule', {
          preset: rule.preset ?? '—',
          majority: term(`majority.${rule.majorityName ?? v.majority}`),
        }),
      );
    if (v.outcome) {
      item(tr('vote.outcome'), v.outcome.adopted ? tr('outcome.adopted') : tr('outcome.not_adopted'));
      for (const line of v.outcome.explanation[lang]) para(`• ${line}`, 9);
    } else {
      item(tr('vote.outcome'), tr('outcome.open'));
    }
    if (v.ballots && v.ballots.length > 0) {
      para(
        v.ballots
          .map(
            (b) =>
              `${b.name ? (lang === 'ru' ? (b.name.ru ?? b.name.en) : (b.name.en ?? b.name.ru)) : tr('member.unnamed', { seat: b.seat })}: ${term(`choice.${b.choice}`)}`,
          )
          .join('; '),
        9,
      );
    }
    for (const d of v.declaredResults)
      para(
        `${tr('vote.declared', { by: d.declaredBy })} ${d.adopted ? tr('outcome.adopted') : tr('outcome.not_adopted')} — ${d.reason}`,
        9,
      );
    for (const d of v.disputes)
      para(`${tr('dispute.heading')} ${tr('dispute.by', { claimant: d.claimant })} «${d.claim}»`, 9);
    para(`${tr('verify.entry_closed')}: ${v.closeEntry === null ? '—' : tr('entry.link', { index: v.closeEntry })}`, 9);
  }

  heading(tr('sitting.decisions'));
  if (decisions.length === 0) para(tr('sitting.no_decisions'));
  for (const d of decisions) {
    para(
      `${d.registerNumber ? tr('decision.numbered', { number: d.registerNumber }) : tr('decision.unnumbered')}, ${formatPartialDate(d.adoptedOn, lang)}: ${d.title} (${tr('entry.link', { index: d.entryIndex })})`,
    );
  }

  for (const section of extra) {
    heading(section.heading);
    for (const line of section.lines) para(line);
  }

  heading(tr('verify.heading'));
  para(tr('minutes.made_from', { origin: body.origin, last: Math.max(0, body.logSize - 1), size: body.logSize }));
  if (checkpoint && checkpoint.size > 0) {
    para(`${tr('minutes.checkpoint')} (${tr('verify.checkpoint_size', { count: checkpoint.size })})`);
    doc.font('text').fontSize(8).text(checkpoint.text, { width });
    if (checkpoint.size < body.logSize) para(tr('minutes.no_checkpoint'), 9);
  } else {
    para(tr('minutes.no_checkpoint'));
  }
  para(`${options.publicOrigin}/${encodeURIComponent(slug)}/sittings/${sitting.id}`, 9);
  para(tr('minutes.generated', { date: instant(options.now.toISOString()) }), 9);

  // Page numbers, written once every page exists (bufferPages).
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('text')
      .fontSize(8)
      .text(tr('minutes.page', { page: i + 1, pages: range.count }), doc.page.margins.left, doc.page.height - 36, {
        width,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return doc;
}
