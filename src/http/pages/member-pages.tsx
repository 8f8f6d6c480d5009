// Members: each seat with its holder (or "not named in the record", or vacant), attendance rate
// and share of votes taken part in; and one member's page with every recorded vote.
import { MemberFactions, type MemberFactionView } from './faction-pages.tsx';
import { usePage } from './page-env.tsx';
import { Pagination, type PageRequest } from './pagination.tsx';
import { MemberName, Outcome, Ratio, useTerm } from './record-bits.tsx';
import type { MemberRecordSummary } from '../../services/member-record.ts';

export interface MemberRow {
  seat: number;
  memberId: number | null;
  vacant: boolean;
  name: { en: string | null; ru: string | null } | null;
  holderNamed: boolean;
  startsOn: string | null;
  record: MemberRecordSummary | null;
}

function Attendance({ r }: { r: MemberRecordSummary }) {
  const { t } = usePage();
  return (
    <>
      {r.attendanceKnown > 0 ? <Ratio part={r.present} whole={r.attendanceKnown} /> : t('member.attendance_not_known')}
      {r.attendanceUnknown > 0 ? (
        <span className="meta"> {t('member.attendance_unknown', { count: r.attendanceUnknown })}</span>
      ) : null}
    </>
  );
}

function Participation({ r }: { r: MemberRecordSummary }) {
  const { t } = usePage();
  return (
    <>
      {r.votesEligible > 0 ? <Ratio part={r.votesTaken} whole={r.votesEligible} /> : t('member.votes_not_known')}
      {r.votesUnrecorded > 0 ? (
        <span className="meta"> {t('member.votes_unrecorded', { count: r.votesUnrecorded })}</span>
      ) : null}
    </>
  );
}

export function MembersPage({
  slug,
  data,
  page,
  seats,
}: {
  slug: string;
  data: { total: number; items: MemberRow[] };
  page: PageRequest;
  seats: { established: number; filled: number };
}) {
  const { t } = usePage();
  const base = `/${encodeURIComponent(slug)}`;
  return (
    <>
      <h1>{t('members.title')}</h1>
      <p>{t('body.seats', { established: seats.established, filled: seats.filled })}</p>
      <p className="meta">{t('members.explain')}</p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('members.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('members.seat')}</th>
              <th scope="col">{t('members.member')}</th>
              <th scope="col">{t('members.attendance')}</th>
              <th scope="col">{t('members.votes')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((m) => (
              <tr key={m.seat}>
                <td>{m.seat}</td>
                <th scope="row">
                  {m.vacant ? (
                    <em>{t('member.vacant')}</em>
                  ) : (
                    <a href={`${base}/members/${m.memberId}`}>
                      <MemberName name={m.name} seat={m.seat} />
                    </a>
                  )}
                </th>
                <td>{m.record ? <Attendance r={m.record} /> : '—'}</td>
                <td>{m.record ? <Participation r={m.record} /> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} total={data.total} />
    </>
  );
}

export interface MemberPageData {
  member: {
    id: number;
    seat: number;
    seatLabel: string | null;
    startsOn: string | null;
    endsOn: string | null;
    name: { en: string | null; ru: string | null } | null;
    record: MemberRecordSummary;
    secretBallotsTaken: number;
    reportedPositions: Array<{
      voteId: number;
      motionTitle: string;
      choice: 'yes' | 'no' | 'abstain';
      source: string;
      reportedOn: string | null;
      entryIndex: number;
    }>;
  };
  /** The member's factions with their dates (none: in no faction). */
  factions?: MemberFactionView[];
  votes: {
    total: number;
    items: Array<{
      voteId: number;
      sittingId: number;
      date: string;
      motionTitle: string;
      method: string;
      choice: string;
      adopted: boolean | null;
      castBy: number | null;
    }>;
  };
}

export function MemberPage({ slug, data, page }: { slug: string; data: MemberPageData; page: PageRequest }) {
  const { t, date } = usePage();
  const term = useTerm();
  const { member } = data;
  const base = `/${encodeURIComponent(slug)}`;
  return (
    <>
      <h1>
        <MemberName name={member.name} seat={member.seat} />
      </h1>
      {member.name ? null : <p>{t('member.unnamed_explain')}</p>}
      <dl className="facts">
        <dt>{t('members.seat')}</dt>
        <dd>
          {member.seat}
          {member.seatLabel ? (
            <>
              {' '}
              (<span className="user-text">{member.seatLabel}</span>)
            </>
          ) : null}
        </dd>
        <dt>{t('member.term')}</dt>
        <dd>
          {member.startsOn ? t('member.since', { date: date(member.startsOn) }) : t('member.since_unknown')}
          {member.endsOn ? (
            <>
              {'; '}
              {t('member.until', { date: date(member.endsOn) })}
            </>
          ) : null}
        </dd>
        {data.factions && data.factions.length > 0 ? (
          <>
            <dt>{t('member.factions')}</dt>
            <dd>
              <MemberFactions slug={slug} items={data.factions} />
            </dd>
          </>
        ) : null}
        <dt>{t('members.attendance')}</dt>
        <dd>
          <Attendance r={member.record} />
        </dd>
        <dt>{t('members.votes')}</dt>
        <dd>
          <Participation r={member.record} />
        </dd>
        {member.secretBallotsTaken > 0 ? (
          <>
            <dt>{t('member.secret')}</dt>
            <dd>{t('member.secret_taken', { count: member.secretBallotsTaken })}</dd>
          </>
        ) : null}
      </dl>
      <section aria-labelledby="recorded-votes">
        <h2 id="recorded-votes">{t('member.recorded_votes')}</h2>
        {data.votes.items.length === 0 ? (
          <p>{t('member.no_named_votes')}</p>
        ) : (
          <>
            <p>{t('member.cast_by_explain')}</p>
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t('member.recorded_votes')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('sittings.date')}</th>
                    <th scope="col">{t('decisions.motion')}</th>
                    <th scope="col">{t('member.choice')}</th>
                    <th scope="col">{t('vote.outcome')}</th>
                    <th scope="col">{t('member.cast_by')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.votes.items.map((v) => (
                    <tr key={v.voteId}>
                      <td>
                        <a href={`${base}/sittings/${v.sittingId}`}>{date(v.date)}</a>
                      </td>
                      <th scope="row">
                        <a href={`${base}/votes/${v.voteId}`} className="user-text">
                          {v.motionTitle}
                        </a>
                      </th>
                      <td>{term('choice', v.choice)}</td>
                      <td>
                        <Outcome adopted={v.adopted} />
                      </td>
                      <td className="cast-by">
                        {v.castBy === null
                          ? t('member.account_unknown')
                          : t('member.account_number', { number: v.castBy })}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        <Pagination page={page} total={data.votes.total} />
      </section>
      {member.reportedPositions.length > 0 ? (
        <section aria-labelledby="reported-positions">
          <h2 id="reported-positions">{t('member.reported_heading')}</h2>
          <p>{t('member.reported_note')}</p>
          <ul>
            {member.reportedPositions.map((p) => (
              <li key={`${p.voteId}-${p.entryIndex}`}>
                <a href={`${base}/votes/${p.voteId}`} className="user-text">
                  {p.motionTitle}
                </a>
                {': '}
                {t('report.position', { choice: term('choice', p.choice) })}{' '}
                <span className="meta">
                  {t('report.source', { source: p.source })}
                  {p.reportedOn ? <> {t('report.reported_on', { date: date(p.reportedOn) })}</> : null}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
