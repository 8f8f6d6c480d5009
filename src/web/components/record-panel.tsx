// Corrections as linked facts, never silent edits: a dispute is recorded beside the fact it
// disputes (the sitting's attendance and quorum, or a vote), and a result declared by someone else
// (a court, a recount) is recorded beside the computed one. Neither changes what was recorded.
import { useState } from 'react';
import type { ConsoleData, LiveState } from './live-types.ts';
import { useLive } from './live-env.tsx';

export interface DisputeInput {
  targetType: 'sitting' | 'vote';
  targetId: number;
  claimant: string;
  claim: string;
  source: string | null;
}
export interface DeclareInput {
  voteId: number;
  adopted: boolean;
  declaredBy: string;
  reason: string;
}

export function RecordPanel({
  sittingId,
  data,
  vote,
  canDeclare,
  busy,
  onDispute,
  onDeclare,
}: {
  sittingId: number;
  data: ConsoleData;
  vote: LiveState['vote'];
  canDeclare: boolean;
  busy: boolean;
  onDispute: (input: DisputeInput) => Promise<boolean>;
  onDeclare: (input: DeclareInput) => Promise<boolean>;
}) {
  const { t } = useLive();
  const [target, setTarget] = useState<'sitting' | 'vote'>('sitting');
  const [claimant, setClaimant] = useState('');
  const [claim, setClaim] = useState('');
  const [source, setSource] = useState('');
  const [declaredBy, setDeclaredBy] = useState('');
  const [reason, setReason] = useState('');
  const [adopted, setAdopted] = useState<'true' | 'false'>('true');
  const closedVote = vote && vote.status === 'closed' ? vote : null;
  return (
    <section aria-labelledby="record-heading" className="panel">
      <h2 id="record-heading">{t('console.corrections')}</h2>
      <p className="meta">{t('dispute.note')}</p>
      {data.disputes.length > 0 ? (
        <ul className="disputes-list">
          {data.disputes.map((d) => (
            <li key={d.id}>
              <strong>{t('dispute.by', { claimant: d.claimant })}</strong> <span className="user-text">{d.claim}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <form
        className="dispute-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!claimant.trim() || !claim.trim()) return;
          const targetId = target === 'vote' && vote ? vote.id : sittingId;
          void onDispute({
            targetType: target === 'vote' && vote ? 'vote' : 'sitting',
            targetId,
            claimant,
            claim,
            source: source.trim() || null,
          }).then((ok) => {
            if (ok) {
              setClaim('');
              setSource('');
            }
          });
        }}
      >
        <h3>{t('console.record_dispute')}</h3>
        <p className="field">
          <label htmlFor="dispute-target">{t('console.dispute_target')}</label>
          <select id="dispute-target" value={target} onChange={(e) => setTarget(e.target.value as 'sitting' | 'vote')}>
            <option value="sitting">{t('console.target_sitting')}</option>
            {vote ? <option value="vote">{t('console.target_vote', { title: vote.motionTitle })}</option> : null}
          </select>
        </p>
        <p className="field">
          <label htmlFor="dispute-claimant">{t('console.claimant')}</label>
          <input
            id="dispute-claimant"
            value={claimant}
            required
            maxLength={500}
            onChange={(e) => setClaimant(e.target.value)}
          />
        </p>
        <p className="field">
          <label htmlFor="dispute-claim">{t('console.claim')}</label>
          <textarea id="dispute-claim" value={claim} required rows={3} onChange={(e) => setClaim(e.target.value)} />
        </p>
        <p className="field">
          <label htmlFor="dispute-source">{t('console.source')}</label>
          <input id="dispute-source" value={source} maxLength={2000} onChange={(e) => setSource(e.target.value)} />
        </p>
        <button type="submit" className="secondary-button" disabled={busy}>
          {t('console.record_dispute_submit')}
        </button>
      </form>
      {closedVote && canDeclare ? (
        <form
          className="declare-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!declaredBy.trim() || !reason.trim()) return;
            void onDeclare({ voteId: closedVote.id, adopted: adopted === 'true', declaredBy, reason }).then((ok) => {
              if (ok) setReason('');
            });
          }}
        >
          <h3>{t('console.declare_heading')}</h3>
          <p className="meta">{t('console.declare_hint')}</p>
          <fieldset>
            <legend>{t('vote.declared_label')}</legend>
            <label className="radio-line">
              <input
                type="radio"
                name="declared-adopted"
                value="true"
                checked={adopted === 'true'}
                onChange={() => setAdopted('true')}
              />{' '}
              {t('outcome.adopted')}
            </label>
            <label className="radio-line">
              <input
                type="radio"
                name="declared-adopted"
                value="false"
                checked={adopted === 'false'}
                onChange={() => setAdopted('false')}
              />{' '}
              {t('outcome.not_adopted')}
            </label>
          </fieldset>
          <p className="field">
            <label htmlFor="declared-by">{t('console.declared_by')}</label>
            <input
              id="declared-by"
              value={declaredBy}
              required
              maxLength={500}
              onChange={(e) => setDeclaredBy(e.target.value)}
            />
          </p>
          <p className="field">
            <label htmlFor="declared-reason">{t('console.declared_reason')}</label>
            <textarea
              id="declared-reason"
              value={reason}
              required
              rows={2}
              onChange={(e) => setReason(e.target.value)}
            />
          </p>
          <button type="submit" className="secondary-button" disabled={busy}>
            {t('console.declare_submit')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
