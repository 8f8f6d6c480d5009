// The agenda and the motions before the sitting: table a motion, and open a vote on a pending
// one with a method and any recusals (a recused member is not present for that vote).
import { useState } from 'react';
import type { ConsoleData, RosterRow } from './live-types.ts';
import { MemberLabel, useLive } from './live-env.tsx';

import type { VoteMethod } from '../../domain/votes/vote-methods.ts';

/** The methods in the order the console offers them (members' devices first). */
export const METHOD_CHOICES: readonly VoteMethod[] = [
  'electronic',
  'roll_call',
  'show_of_hands',
  'secret_electronic',
  'secret_paper',
];
export type Method = VoteMethod;

function OpenVoteForm({
  motionId,
  present,
  busy,
  onOpen,
}: {
  motionId: number;
  present: RosterRow[];
  busy: boolean;
  onOpen: (input: { motionId: number; method: Method; recused: number[] }) => void;
}) {
  const { t, term } = useLive();
  const [method, setMethod] = useState<Method>('electronic');
  const [recused, setRecused] = useState<number[]>([]);
  return (
    <form
      className="open-vote-form"
      onSubmit={(e) => {
        e.preventDefault();
        onOpen({ motionId, method, recused });
      }}
    >
      <fieldset>
        <legend>{t('console.method')}</legend>
        {METHOD_CHOICES.map((m) => (
          <label key={m} className="radio-line">
            <input
              type="radio"
              name={`method-${motionId}`}
              value={m}
              checked={method === m}
              onChange={() => setMethod(m)}
            />{' '}
            {term('method', m)}
          </label>
        ))}
      </fieldset>
      {present.length > 0 ? (
        <fieldset>
          <legend>{t('console.recusals')}</legend>
          <p className="meta">{t('console.recusals_hint')}</p>
          <div className="recusals">
            {present.map((m) => (
              <label key={m.memberId} className="check-line">
                <input
                  type="checkbox"
                  name="recused"
                  value={m.memberId}
                  checked={recused.includes(m.memberId)}
                  onChange={(e) =>
                    setRecused((r) => (e.target.checked ? [...r, m.memberId] : r.filter((x) => x !== m.memberId)))
                  }
                />{' '}
                <MemberLabel name={m.name} seat={m.seat} />
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      <button type="submit" className="primary-button" disabled={busy}>
        {t('console.open_vote')}
      </button>
    </form>
  );
}

function TableMotionForm({
  kinds,
  busy,
  onTable,
}: {
  kinds: string[];
  busy: boolean;
  onTable: (input: { title: string; text: string; kind: string }) => Promise<boolean>;
}) {
  const { t, term } = useLive();
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [kind, setKind] = useState(kinds.includes('ordinary') ? 'ordinary' : (kinds[0] ?? 'ordinary'));
  return (
    <form
      className="table-motion-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (title.trim() === '') return;
        void onTable({ title, text, kind }).then((ok) => {
          if (ok) {
            setTitle('');
            setText('');
          }
        });
      }}
    >
      <h3>{t('console.table_motion')}</h3>
      <p className="field">
        <label htmlFor="motion-title">{t('console.motion_title')}</label>
        <input id="motion-title" value={title} required maxLength={2000} onChange={(e) => setTitle(e.target.value)} />
      </p>
      <p className="field">
        <label htmlFor="motion-text">{t('console.motion_text')}</label>
        <textarea id="motion-text" value={text} rows={3} onChange={(e) => setText(e.target.value)} />
      </p>
      <p className="field">
        <label htmlFor="motion-kind">{t('vote.kind')}</label>
        <select id="motion-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {term('motion_kind', k)}
            </option>
          ))}
        </select>
      </p>
      <button type="submit" className="secondary-button" disabled={busy}>
        {t('console.table_motion_submit')}
      </button>
    </form>
  );
}

export function MotionsPanel({
  data,
  voteOpen,
  sittingOpen,
  busy,
  onOpenVote,
  onTable,
}: {
  data: ConsoleData;
  voteOpen: boolean;
  sittingOpen: boolean;
  busy: boolean;
  onOpenVote: (input: { motionId: number; method: Method; recused: number[] }) => void;
  onTable: (input: { title: string; text: string; kind: string }) => Promise<boolean>;
}) {
  const { t, term } = useLive();
  const [choosing, setChoosing] = useState<number | null>(null);
  const present = data.roster.filter((r) => r.status === 'present');
  return (
    <section aria-labelledby="motions-heading" className="panel">
      <h2 id="agenda-heading">{t('sitting.agenda')}</h2>
      {data.agenda.length === 0 ? (
        <p>{t('sitting.no_agenda')}</p>
      ) : (
        <ol>
          {data.agenda.map((a) => (
            <li key={a.id} className="user-text" {...(a.closed ? { 'data-closed': '' } : {})}>
              {a.titleWithheld ? t('agenda.closed_item_withheld') : a.title}
            </li>
          ))}
        </ol>
      )}
      <h2 id="motions-heading">{t('sitting.motions')}</h2>
      {data.motions.length === 0 ? (
        <p>{t('sitting.no_motions')}</p>
      ) : (
        <ul className="motions">
          {data.motions.map((m) => (
            <li key={m.id} data-motion={m.id}>
              <span className="user-text">{m.title}</span>{' '}
              <span className="meta">
                ({term('motion_kind', m.kind)} · {term('motion_status', m.status)})
              </span>
              {m.status === 'pending' && sittingOpen && !voteOpen ? (
                choosing === m.id ? (
                  <OpenVoteForm
                    motionId={m.id}
                    present={present}
                    busy={busy}
                    onOpen={(input) => {
                      setChoosing(null);
                      onOpenVote(input);
                    }}
                  />
                ) : (
                  <button type="button" className="secondary-button" onClick={() => setChoosing(m.id)}>
                    {t('console.vote_on_this')}
                  </button>
                )
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {sittingOpen ? <TableMotionForm kinds={data.motionKinds} busy={busy} onTable={onTable} /> : null}
    </section>
  );
}
