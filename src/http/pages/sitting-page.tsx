// One sitting: agenda, attendance (attested by members or marked by the clerk, or only a
// headcount), quorum with its explanation, votes, decisions, and disputes beside the facts they
// dispute; a link to the minutes (PDF).
import type { RecordText } from '../../services/record-texts.ts';
import { RecordTitle } from './record-text.tsx';
import { usePage } from './page-env.tsx';
import { Disputes, MemberName, Outcome, useTerm, type DisputeView } from './record-bits.tsx';
import { renderExplanation } from '../../domain/rules/render-explanation.ts';
import type { ExplanationStep } from '../../domain/rules/explanation-step.ts';
import { ExplanationLines } from '../../web/components/explanation-lines.tsx';
import type { SittingCalendarView } from '../../services/sitting-calendar.ts';
import { SittingCalendarFacts, SittingCalendarSection } from './sitting-calendar-bits.tsx';
import type { PaperView } from '../../services/papers/papers.ts';
import { OtherPapers, PaperList } from './paper-pages.tsx';
import type { MinutesView } from '../../services/minutes/minutes.ts';

export interface SittingPageData {
  sitting: {
    id: number;
    title: string;
    date: string;
    startsAt: string | null;
    place: string | null;
    status: string;
    historical: boolean;
    openedAt: string | null;
    closedAt: string | null;
    agenda: Array<{
      id: number;
      position: number;
      title: string;
      withdrawnReason: string | null;
      closed: boolean;
      titleWithheld: boolean;
    }>;
    attendance: {
      mode: 'named' | 'headcount';
      present: number;
      absent: number | null;
      headcountNote: string | null;
      named: Array<{
        memberId: number;
        seat: number;
        name: { en: string | null; ru: string | null } | null;
        status: string;
        arrivedAt: string | null;
        departedAt: string | null;
        attested: boolean;
        attestedAt: string | null;
      }>;
    };
    quorum: {
      present: number;
      filled: number;
      established: number;
      quorate: boolean;
      needed: number;
      explanation: ExplanationStep[];
    };
    motions: Array<{ id: number; kind: string; title: string; status: string; amends: number | null }>;
    votes: Array<{
      id: number;
      motionId: number;
      motionTitle: string;
      method: string;
      status: string;
      counts: { yes: number | null; no: number | null; abstain: number | null } | null;
      adopted: boolean | null;
    }>;
    disputes: DisputeView[];
    calendar: SittingCalendarView;
    texts: { title: RecordText; agenda: Array<{ id: number; title: RecordText }> };
  };
  decisions: Array<{
    id: number;
    registerNumber: string | null;
    adoptedOn: string;
    voteId: number;
    entryIndex: number;
    title: string;
  }>;
  /** The sitting's papers (issue 16): under their agenda item, or after the agenda. */
  papers?: PaperView[];
  /** The sitting's minutes (issue 17): their status, the approved PDF's hash, who signed when. */
  minutes?: MinutesView;
}

/** The minutes' status, derived from their entries, with the PDF to read and who signed it when. */
function MinutesSection({ slug, sittingId, minutes }: { slug: string; sittingId: number; minutes: MinutesView }) {
  const { t, instant, lang } = usePage();
  const exportBase = `/export/${encodeURIComponent(slug)}/sittings/${sittingId}`;
  const status =
    minutes.status === 'draft'
      ? t('minutes.status.draft', { version: minutes.version })
      : t(`minutes.status.${minutes.status}`);
  return (
    <section aria-labelledby="minutes">
      <h2 id="minutes">{t('minutes.status')}</h2>
      <p>{status}</p>
      {minutes.approved ? (
        <>
          <p>
            <a href={`${exportBase}/minutes.pdf?lang=${lang}`}>{t('minutes.download_approved')}</a>
          </p>
          <p className="meta hash">{t('minutes.sha256', { sha256: minutes.approved.sha256 })}</p>
          {minutes.signatures.length > 0 ? (
            <ul>
              {minutes.signatures.map((s) => (
                <li key={s.entry}>
                  {t('minutes.signed_by', {
                    role: t(`minutes.role.${s.role}`),
                    account: s.account,
                    date: instant(s.at),
                    entry: s.entry,
                  })}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : (
        <p>
          <a href={`${exportBase}/minutes.pdf?lang=${lang}`}>{t('sitting.minutes')}</a>
        </p>
      )}
      {minutes.status !== 'none' ? (
        <p>
          <a href={`${exportBase}/minutes-draft.pdf?lang=${lang}`}>{t('minutes.download_draft')}</a>
        </p>
      ) : null}
    </section>
  );
}

export function SittingPage({
  slug,
  data,
  deputies = false,
}: {
  slug: string;
  data: SittingPageData;
  deputies?: boolean;
}) {
  const { t, date, instant, lang } = usePage();
  const term = useTerm();
  const s = data.sitting;
  const base = `/${encodeURIComponent(slug)}`;
  const a = s.attendance;
  return (
    <>
      <p className="breadcrumb">
        <a href={`${base}/sittings`}>{t('sittings.title')}</a>
      </p>
      <h1 className="user-text">
        <RecordTitle value={s.texts.title} />
      </h1>
      <dl className="facts">
        <dt>{t('sittings.date')}</dt>
        <dd>{date(s.date)}</dd>
        <dt>{t('sitting.time')}</dt>
        <dd>{s.startsAt ? instant(s.startsAt) : t('sitting.time_unknown')}</dd>
        {s.place ? (
          <>
            <dt>{t('sitting.place')}</dt>
            <dd className="user-text">{s.place}</dd>
          </>
        ) : null}
        <dt>{t('sittings.status')}</dt>
        <dd>{term('sitting_status', s.status)}</dd>
        <SittingCalendarFacts calendar={s.calendar} />
        {s.openedAt ? (
          <>
            <dt>{t('sitting.opened')}</dt>
            <dd>{instant(s.openedAt)}</dd>
          </>
        ) : null}
        {s.closedAt ? (
          <>
            <dt>{t('sitting.closed')}</dt>
            <dd>{instant(s.closedAt)}</dd>
          </>
        ) : null}
      </dl>
      {s.historical ? <p className="note">{t('sitting.historical')}</p> : null}
      {s.historical ? null : <SittingCalendarSection calendar={s.calendar} status={s.status} />}
      {data.minutes ? (
        <MinutesSection slug={slug} sittingId={s.id} minutes={data.minutes} />
      ) : (
        <p>
          <a href={`/export/${encodeURIComponent(slug)}/sittings/${s.id}/minutes.pdf?lang=${lang}`}>
            {t('sitting.minutes')}
          </a>
        </p>
      )}

      <section aria-labelledby="agenda">
        <h2 id="agenda">{t('sitting.agenda')}</h2>
        {s.agenda.length === 0 ? (
          <p>{t('sitting.no_agenda')}</p>
        ) : (
          <ol>
            {s.texts.agenda.map((i) => {
              const item = s.agenda.find((a) => a.id === i.id);
              const withdrawn = item?.withdrawnReason ?? null;
              if (item?.titleWithheld)
                return (
                  <li key={i.id} data-closed="">
                    <span className="badge">{t('agenda.closed_item')}</span> {t('agenda.closed_item_withheld')}
                    {withdrawn !== null ? (
                      <span className="meta">
                        {' '}
                        {t('agenda.withdrawn')} <span className="user-text">{withdrawn}</span>
                      </span>
                    ) : null}
                  </li>
                );
              return (
                <li
                  key={i.id}
                  {...(withdrawn !== null ? { 'data-withdrawn': '' } : {})}
                  {...(item?.closed ? { 'data-closed': '' } : {})}
                >
                  {item?.closed ? <span className="badge">{t('agenda.closed_item')}</span> : null}{' '}
                  {withdrawn !== null ? (
                    <>
                      <del className="user-text">
                        <RecordTitle value={i.title} />
                      </del>{' '}
                      <span className="meta">
                        {t('agenda.withdrawn')} <span className="user-text">{withdrawn}</span>
                      </span>
                    </>
                  ) : (
                    <span className="user-text">
                      <RecordTitle value={i.title} />
                    </span>
                  )}
                  <PaperList slug={slug} papers={(data.papers ?? []).filter((p) => p.agendaItemId === i.id)} />
                </li>
              );
            })}
          </ol>
        )}
      </section>
      <OtherPapers slug={slug} papers={data.papers ?? []} motions={s.motions} />

      <section aria-labelledby="attendance">
        <h2 id="attendance">{t('sitting.attendance')}</h2>
        {a.mode === 'headcount' ? (
          <>
            <p>
              {a.absent === null
                ? t('sitting.headcount', { count: a.present })
                : t('sitting.headcount_absent', { count: a.present, absent: a.absent })}
            </p>
            <p className="meta">{t('sitting.headcount_explain', { named: a.named.length })}</p>
            {a.headcountNote ? (
              <p className="meta">
                {t('sitting.source_note')} <span className="user-text">{a.headcountNote}</span>
              </p>
            ) : null}
          </>
        ) : (
          <p>{t('sitting.present_count', { count: a.present })}</p>
        )}
        {a.named.length > 0 ? (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('sitting.attendance')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('members.seat')}</th>
                  <th scope="col">{t('members.member')}</th>
                  <th scope="col">{t('sitting.status_col')}</th>
                  <th scope="col">{t('sitting.how_recorded')}</th>
                </tr>
              </thead>
              <tbody>
                {a.named.map((m) => (
                  <tr key={m.memberId}>
                    <td>{m.seat}</td>
                    <th scope="row">
                      <a href={`${base}/members/${m.memberId}`}>
                        <MemberName name={m.name} seat={m.seat} />
                      </a>
                    </th>
                    <td>
                      {term('attendance', m.status)}
                      {m.arrivedAt ? (
                        <span className="meta"> {t('sitting.arrived', { time: instant(m.arrivedAt, 'time') })}</span>
                      ) : null}
                      {m.departedAt ? (
                        <span className="meta"> {t('sitting.departed', { time: instant(m.departedAt, 'time') })}</span>
                      ) : null}
                    </td>
                    <td>
                      {m.attested
                        ? t('sitting.attested', { time: m.attestedAt ? instant(m.attestedAt, 'time') : '' })
                        : t('sitting.marked')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="quorum">
        <h2 id="quorum">{t('sitting.quorum')}</h2>
        <p>
          <strong>{s.quorum.quorate ? t('quorum.quorate') : t('quorum.not_quorate')}</strong>{' '}
          {t(deputies ? 'quorum.numbers_deputies' : 'quorum.numbers', {
            present: s.quorum.present,
            needed: s.quorum.needed,
            filled: s.quorum.filled,
            established: s.quorum.established,
          })}
        </p>
        <ExplanationLines
          lines={renderExplanation(s.quorum.explanation, lang, deputies ? 'deputies' : 'members')}
          ordered={false}
        />
        <Disputes disputes={s.disputes} slug={slug} />
      </section>

      <section aria-labelledby="votes">
        <h2 id="votes">{t('sitting.votes')}</h2>
        {s.votes.length === 0 ? (
          <p>{t('sitting.no_votes')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('sitting.votes')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('decisions.motion')}</th>
                  <th scope="col">{t('vote.method')}</th>
                  <th scope="col">{t('decisions.totals')}</th>
                  <th scope="col">{t('vote.outcome')}</th>
                </tr>
              </thead>
              <tbody>
                {s.votes.map((v) => (
                  <tr key={v.id}>
                    <th scope="row">
                      <a href={`${base}/votes/${v.id}`} className="user-text">
                        {v.motionTitle}
                      </a>
                    </th>
                    <td>{term('method', v.method)}</td>
                    <td>
                      {v.counts
                        ? t('vote.totals_short', {
                            yes: v.counts.yes ?? 0,
                            no: v.counts.no ?? 0,
                            abstain: v.counts.abstain ?? 0,
                          })
                        : t('vote.in_progress')}
                    </td>
                    <td>
                      <Outcome adopted={v.adopted} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="decisions">
        <h2 id="decisions">{t('sitting.decisions')}</h2>
        {data.decisions.length === 0 ? (
          <p>{t('sitting.no_decisions')}</p>
        ) : (
          <ul>
            {data.decisions.map((d) => (
              <li key={d.id}>
                <a href={`${base}/votes/${d.voteId}`} className="user-text">
                  {d.title}
                </a>
                {' — '}
                {d.registerNumber ? t('decision.numbered', { number: d.registerNumber }) : t('decision.unnumbered')}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="motions">
        <h2 id="motions">{t('sitting.motions')}</h2>
        {s.motions.length === 0 ? (
          <p>{t('sitting.no_motions')}</p>
        ) : (
          <ul>
            {s.motions.map((m) => (
              <li key={m.id} id={`motion-${m.id}`}>
                <span className="user-text">{m.title}</span>
                <span className="meta">
                  {' '}
                  {term('motion_kind', m.kind)} · {term('motion_status', m.status)}
                  {m.amends ? <> · {t('motion.amends', { id: m.amends })}</> : null}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
