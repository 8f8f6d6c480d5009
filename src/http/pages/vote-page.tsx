// A vote and the decision it made: motion text, totals, named votes when the method records
// them, the rule applied and its explanation, the same counts under every preset (what-if), any
// declared result beside the computed one, disputes, and the log entries with a one-line check.
import { VoteFactionTable } from './faction-pages.tsx';
import type { FactionVoteRow } from '../../services/factions.ts';
import type { RecordText } from '../../services/record-texts.ts';
import { RecordTextBlock, RecordTitle } from './record-text.tsx';
import { usePage } from './page-env.tsx';
import {
  Disputes,
  EntryLink,
  MemberName,
  Outcome,
  VoteReports,
  entryHref,
  useTerm,
  type DisputeView,
  type VoteReportView,
} from './record-bits.tsx';
import type { WhatIfRow } from '../../domain/rules/what-if.ts';
import { ExplanationLines } from '../../web/components/explanation-lines.tsx';

export interface VotePageData {
  vote: {
    id: number;
    sittingId: number;
    motion: { id: number; title: string; kind: string };
    method: string;
    status: string;
    majority: string;
    present: number;
    established: number;
    filled: number;
    turnout: number | null;
    counts: {
      yes: number | null;
      no: number | null;
      abstain: number | null;
      blank: number | null;
      invalid: number | null;
    } | null;
    castingVote: string | null;
    ballots: Array<{
      memberId: number;
      seat: number;
      name: { en: string | null; ru: string | null } | null;
      choice: string;
    }> | null;
    outcome: {
      quorate: boolean;
      adopted: boolean;
      requiredYes: number | null;
      reason: string;
      explanation: { en: string[]; ru: string[] };
    } | null;
    rule: { preset?: string | null; majorityName?: string } | null;
    openedAt: string | null;
    closedAt: string | null;
    openEntry: number;
    closeEntry: number | null;
    decision: { id: number; registerNumber: string | null; adoptedOn: string; entryIndex: number } | null;
    declaredResults: Array<{
      id: number;
      adopted: boolean;
      declaredBy: string;
      reason: string;
      recordedAt: string;
      entryIndex: number;
    }>;
    disputes: DisputeView[];
    reports: VoteReportView[];
  };
  motion: { id: number; text: string; entryIndex: number; status: string; disputes: DisputeView[] };
  sitting: { id: number; title: string; date: string };
  alternatives: WhatIfRow[];
  /** The motion's title and text as recorded, and in the body's other languages (issue 16, item 5). */
  motionTexts: { title: RecordText; text: RecordText };
  /** Size of the published checkpoint, for the inclusion-proof link; null before the first. */
  checkpointSize: number | null;
  /** How each faction voted (named votes only; null or absent otherwise). */
  factions?: FactionVoteRow[] | null;
  publicOrigin: string;
}

function Totals({ v }: { v: VotePageData['vote'] }) {
  const { t } = usePage();
  const c = v.counts;
  if (!c) return <p>{t('vote.open_turnout', { count: v.turnout ?? 0, present: v.present })}</p>;
  const voted = (c.yes ?? 0) + (c.no ?? 0) + (c.abstain ?? 0) + (c.blank ?? 0) + (c.invalid ?? 0);
  const rows: Array<[string, number]> = [
    [t('choice.yes'), c.yes ?? 0],
    [t('choice.no'), c.no ?? 0],
    [t('choice.abstain'), c.abstain ?? 0],
  ];
  if (c.blank !== null) rows.push([t('vote.blank'), c.blank]);
  if (c.invalid !== null) rows.push([t('vote.invalid'), c.invalid]);
  rows.push([t('vote.not_voting'), Math.max(0, v.present - voted)]);
  return (
    <table className="totals">
      <caption>
        {t(v.rule?.preset?.startsWith('ru-') ? 'vote.totals_caption_deputies' : 'vote.totals_caption', {
          present: v.present,
          filled: v.filled,
          established: v.established,
        })}
      </caption>
      <tbody>
        {rows.map(([label, n]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td>{n}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function VotePage({ slug, data }: { slug: string; data: VotePageData }) {
  const { t, date, instant, lang } = usePage();
  const term = useTerm();
  const { vote: v, motion } = data;
  const base = `/${encodeURIComponent(slug)}`;
  const named = v.ballots !== null;
  const secret = v.method === 'secret_electronic' || v.method === 'secret_paper';
  const computed = v.outcome?.adopted ?? null;
  const differing = v.declaredResults.filter((d) => d.adopted !== computed);
  const entries: Array<[string, number | null]> = [
    [t('verify.entry_motion'), motion.entryIndex],
    [t('verify.entry_opened'), v.openEntry],
    [t('verify.entry_closed'), v.closeEntry],
    [t('verify.entry_decision'), v.decision?.entryIndex ?? null],
  ];
  const check = v.closeEntry ?? v.openEntry;
  return (
    <>
      <p className="breadcrumb">
        <a href={`${base}/sittings/${data.sitting.id}`}>
          <span className="user-text">{data.sitting.title}</span>, {date(data.sitting.date)}
        </a>
      </p>
      <h1 className="user-text">
        <RecordTitle value={data.motionTexts.title} />
      </h1>
      <dl className="facts">
        <dt>{t('vote.kind')}</dt>
        <dd>{term('motion_kind', v.motion.kind)}</dd>
        <dt>{t('vote.method')}</dt>
        <dd>{term('method', v.method)}</dd>
        <dt>{t('vote.majority')}</dt>
        <dd>{term('majority', v.majority)}</dd>
        <dt>{t('vote.outcome')}</dt>
        <dd>
          <Outcome adopted={computed} />
          {v.outcome?.requiredYes != null ? (
            <span className="meta"> {t('vote.required_yes', { count: v.outcome.requiredYes })}</span>
          ) : null}
        </dd>
        {v.decision ? (
          <>
            <dt>{t('vote.decision')}</dt>
            <dd>
              {v.decision.registerNumber
                ? t('decision.numbered', { number: v.decision.registerNumber })
                : t('decision.unnumbered')}
              {', '}
              {date(v.decision.adoptedOn)}
            </dd>
          </>
        ) : null}
        {v.openedAt ? (
          <>
            <dt>{t('vote.opened')}</dt>
            <dd>{instant(v.openedAt)}</dd>
          </>
        ) : null}
        {v.closedAt ? (
          <>
            <dt>{t('vote.closed')}</dt>
            <dd>{instant(v.closedAt)}</dd>
          </>
        ) : null}
      </dl>

      {differing.length > 0 || v.declaredResults.length > 0 ? (
        <aside className="declared" aria-label={t('vote.declared_label')}>
          {v.declaredResults.map((d) => (
            <div key={d.id}>
              <p>
                <strong>{t('vote.declared', { by: d.declaredBy })}</strong> <Outcome adopted={d.adopted} />
                {d.adopted !== computed ? <> — {t('vote.declared_differs')}</> : null}
              </p>
              <blockquote className="user-text">{d.reason}</blockquote>
              <p className="meta">
                {t('dispute.recorded', { date: instant(d.recordedAt) })} <EntryLink slug={slug} index={d.entryIndex} />
              </p>
            </div>
          ))}
        </aside>
      ) : null}

      <section aria-labelledby="motion-text">
        <h2 id="motion-text">{t('vote.motion_text')}</h2>
        <RecordTextBlock value={data.motionTexts.text} empty={t('vote.no_text')} />
        <Disputes disputes={motion.disputes} slug={slug} />
      </section>

      <section aria-labelledby="result">
        <h2 id="result">{t('vote.result')}</h2>
        <Totals v={v} />
        {v.castingVote ? <p>{t('vote.casting', { side: term('choice', v.castingVote) })}</p> : null}
        <Disputes disputes={v.disputes} slug={slug} />
      </section>

      <VoteReports reports={v.reports} slug={slug} />

      {v.outcome ? (
        <section aria-labelledby="rule">
          <h2 id="rule">{t('vote.rule_heading')}</h2>
          <ExplanationLines lines={v.outcome.explanation[lang]} />
        </section>
      ) : null}

      <section aria-labelledby="named">
        <h2 id="named">{t('vote.named_heading')}</h2>
        {named ? (
          v.ballots!.length === 0 ? (
            <p>{t('vote.no_ballots')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t('vote.named_heading')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('members.seat')}</th>
                    <th scope="col">{t('members.member')}</th>
                    <th scope="col">{t('member.choice')}</th>
                  </tr>
                </thead>
                <tbody>
                  {v.ballots!.map((b) => (
                    <tr key={b.memberId}>
                      <td>{b.seat}</td>
                      <th scope="row">
                        <a href={`${base}/members/${b.memberId}`}>
                          <MemberName name={b.name} seat={b.seat} />
                        </a>
                      </th>
                      <td>{term('choice', b.choice)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        ) : (
          <p>
            {secret
              ? t('vote.secret_explain')
              : v.status !== 'closed'
                ? t('vote.named_after_close')
                : t('vote.totals_only')}
          </p>
        )}
      </section>

      {data.factions && !secret ? <VoteFactionTable rows={data.factions} /> : null}

      {data.alternatives.length > 0 ? (
        <section aria-labelledby="what-if">
          <h2 id="what-if">{t('whatif.heading')}</h2>
          <p>{t('whatif.intro')}</p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('whatif.heading')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('whatif.preset')}</th>
                  <th scope="col">{t('vote.majority')}</th>
                  <th scope="col">{t('vote.outcome')}</th>
                  <th scope="col">{t('whatif.required')}</th>
                </tr>
              </thead>
              <tbody>
                {data.alternatives.map((r) => {
                  const applied = v.rule?.preset === r.ruleSet && v.rule?.majorityName === r.majorityName;
                  return (
                    <tr key={`${r.ruleSet}/${r.majorityName}`}>
                      <th scope="row">
                        <code>{r.ruleSet}</code>
                        {applied ? <span className="meta"> {t('whatif.applied')}</span> : null}
                      </th>
                      <td>{term('majority', r.majorityName)}</td>
                      <td>
                        <Outcome adopted={r.outcome.adopted} />
                        {r.outcome.quorate ? null : <span className="meta"> {t('quorum.not_quorate')}</span>}
                      </td>
                      <td>{r.outcome.requiredYes ?? '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <section aria-labelledby="verify">
        <h2 id="verify">{t('verify.heading')}</h2>
        <ul>
          {entries
            .filter(([, i]) => i !== null)
            .map(([label, i]) => (
              <li key={label}>
                {label}: <a href={entryHref(slug, i!)}>{t('entry.link', { index: i! })}</a>
              </li>
            ))}
        </ul>
        <p>{t('verify.leaf_hash')}</p>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1) */}
        <pre className="command" tabIndex={0}>
          <code>{`{ printf '\\0'; curl -s ${data.publicOrigin}${entryHref(slug, check)}; } | sha256sum`}</code>
        </pre>
        {data.checkpointSize !== null && data.checkpointSize > check ? (
          <p>
            {t('verify.proof')}{' '}
            <a href={`/log/${encodeURIComponent(slug)}/proof/inclusion?index=${check}&size=${data.checkpointSize}`}>
              {t('verify.proof_link', { index: check, size: data.checkpointSize })}
            </a>
            {' · '}
            <a href={`/log/${encodeURIComponent(slug)}/checkpoint`}>{t('verify.checkpoint_link')}</a>
          </p>
        ) : (
          <p>{t('verify.not_yet_checkpointed')}</p>
        )}
      </section>
    </>
  );
}
