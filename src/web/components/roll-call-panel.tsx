// Roll call: the clerk records each entitled member's vote in roster order, one key per member —
// Y (for), N (against), A (abstain), or 1, 2, 3 — and the focus moves on to the next member.
// A vote recorded by mistake is corrected by recording it again before the close; each record is
// its own log entry.
import { useRef, type KeyboardEvent } from 'react';
import type { BallotChoice } from '../../domain/ballots/commitment.ts';
import type { RosterRow } from './live-types.ts';
import { MemberLabel, useLive } from './live-env.tsx';
import { focusRow, keyAction, rowOf } from './keyboard-rows.ts';

const CHOICES: BallotChoice[] = ['yes', 'no', 'abstain'];
const KEYS: Record<string, BallotChoice> = {
  KeyY: 'yes',
  Digit1: 'yes',
  KeyN: 'no',
  Digit2: 'no',
  KeyA: 'abstain',
  Digit3: 'abstain',
};

export function RollCallPanel({
  members,
  recorded,
  canRecord,
  onRecord,
}: {
  members: RosterRow[];
  recorded: Record<string, BallotChoice>;
  canRecord: boolean;
  onRecord: (memberId: number, choice: BallotChoice) => Promise<boolean>;
}) {
  const { t, term } = useLive();
  const list = useRef<HTMLOListElement>(null);
  const done = members.filter((m) => recorded[String(m.memberId)]).length;

  const record = async (index: number, choice: BallotChoice) => {
    const m = members[index];
    if (!m) return;
    // The focus moves on at once, so a clerk can keep typing; a refusal brings it back.
    focusRow(list.current, Math.min(index + 1, members.length - 1));
    if (!(await onRecord(m.memberId, choice))) focusRow(list.current, index);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLOListElement>) => {
    const index = rowOf(e.target);
    if (index === null) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      focusRow(list.current, Math.max(0, Math.min(members.length - 1, index + (e.key === 'ArrowDown' ? 1 : -1))));
      return;
    }
    const choice = canRecord ? keyAction(e, KEYS) : null;
    if (choice) {
      e.preventDefault();
      void record(index, choice);
    }
  };

  const firstOpen = members.findIndex((m) => !recorded[String(m.memberId)]);
  return (
    <div className="roll-call">
      <h3>{t('console.roll_call')}</h3>
      <p role="status" aria-live="polite">
        {t('console.roll_call_progress', { count: done, total: members.length })}
      </p>
      {canRecord ? (
        <>
          <p className="meta" id="roll-call-keys">
            {t('console.roll_call_keys')}
          </p>
          <button
            type="button"
            className="secondary-button"
            onClick={() => focusRow(list.current, Math.max(firstOpen, 0))}
          >
            {t('console.roll_call_start')}
          </button>
        </>
      ) : (
        <p className="meta">{t('console.roll_call_clerk_only')}</p>
      )}
      <ol className="roll-call-list" ref={list} onKeyDown={onKeyDown}>
        {members.map((m, i) => {
          const choice = recorded[String(m.memberId)];
          return (
            <li
              key={m.memberId}
              data-row={i}
              data-member={m.memberId}
              data-choice={choice ?? 'none'}
              className="roll-call-row"
            >
              <span className="roll-call-name" id={`rc-name-${m.memberId}`}>
                {t('ballot.seat', { seat: m.seat })} · <MemberLabel name={m.name} seat={m.seat} />
              </span>
              <span className="roll-call-choice">{choice ? term('choice', choice) : t('console.not_recorded')}</span>
              {canRecord ? (
                <span className="mark-buttons">
                  {CHOICES.map((c) => (
                    <button
                      key={c}
                      type="button"
                      aria-pressed={choice === c}
                      aria-describedby={`rc-name-${m.memberId} roll-call-keys`}
                      onClick={() => void record(i, c)}
                    >
                      {term('choice', c)}
                    </button>
                  ))}
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
