// The roster with one-key attendance marking: focus a member's row, press P (present), A (absent)
// or E (excused) — or 1, 2, 3 — and the focus moves to the next member. Each row says how its
// presence was recorded: attested by the member from their own device, or marked by the clerk.
import { useRef, type KeyboardEvent } from 'react';
import type { RosterRow } from './live-types.ts';
import { MemberLabel, useLive } from './live-env.tsx';
import { focusRow, keyAction, rowOf } from './keyboard-rows.ts';

type Status = 'present' | 'absent' | 'excused';
const STATUSES: Status[] = ['present', 'absent', 'excused'];
const KEYS: Record<string, Status> = {
  KeyP: 'present',
  Digit1: 'present',
  KeyA: 'absent',
  Digit2: 'absent',
  KeyE: 'excused',
  Digit3: 'excused',
};

export function RosterPanel({
  roster,
  canMark,
  open,
  onMark,
}: {
  roster: RosterRow[];
  canMark: boolean;
  open: boolean;
  onMark: (memberId: number, status: Status) => Promise<boolean>;
}) {
  const { t, term } = useLive();
  const list = useRef<HTMLTableSectionElement>(null);
  const enabled = canMark && open;

  const mark = async (index: number, status: Status) => {
    const row = roster[index];
    if (!row) return;
    // The focus moves on at once, so a clerk can keep typing; a refusal brings it back.
    focusRow(list.current, Math.min(index + 1, roster.length - 1));
    if (!(await onMark(row.memberId, status))) focusRow(list.current, index);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    const index = rowOf(e.target);
    if (index === null) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      focusRow(list.current, Math.max(0, Math.min(roster.length - 1, index + (e.key === 'ArrowDown' ? 1 : -1))));
      return;
    }
    const status = enabled ? keyAction(e, KEYS) : null;
    if (status) {
      e.preventDefault();
      void mark(index, status);
    }
  };

  return (
    <section aria-labelledby="roster-heading" className="panel">
      <h2 id="roster-heading">{t('console.roster')}</h2>
      {enabled ? (
        <p className="meta" id="roster-keys">
          {t('console.roster_keys')}
        </p>
      ) : canMark ? (
        <p className="meta">{t('console.roster_closed')}</p>
      ) : (
        <p className="meta">{t('console.roster_read_only')}</p>
      )}
      <div className="table-wrap">
        <table className="roster">
          <caption className="visually-hidden">{t('console.roster')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('members.seat')}</th>
              <th scope="col">{t('members.member')}</th>
              <th scope="col">{t('sitting.status_col')}</th>
              {enabled ? <th scope="col">{t('console.mark')}</th> : null}
            </tr>
          </thead>
          <tbody ref={list} onKeyDown={onKeyDown}>
            {roster.map((m, i) => (
              <tr key={m.memberId} data-row={i} data-member={m.memberId} data-status={m.status ?? 'unmarked'}>
                <td>{m.seat}</td>
                <th scope="row" id={`roster-name-${m.memberId}`}>
                  <MemberLabel name={m.name} seat={m.seat} />
                </th>
                <td>
                  {m.status ? term('attendance', m.status) : t('console.not_marked')}
                  {m.status === 'present' ? (
                    <span className={m.attested ? 'how attested' : 'how'}>
                      {' '}
                      —{' '}
                      {m.attested ? (
                        <>
                          <span aria-hidden="true">✓ </span>
                          {t('console.attested')}
                        </>
                      ) : (
                        t('sitting.marked')
                      )}
                    </span>
                  ) : null}
                </td>
                {enabled ? (
                  <td className="mark-buttons">
                    {STATUSES.map((s) => (
                      <button
                        key={s}
                        type="button"
                        aria-pressed={m.status === s}
                        aria-describedby={`roster-name-${m.memberId} roster-keys`}
                        onClick={() => void mark(i, s)}
                      >
                        {t(`console.mark_${s}`)}
                      </button>
                    ))}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
