// Totals counted by the clerk (show of hands, paper ballots), checked before they are sent: whole
// numbers, and together no more than the members present for the vote. Each field says what is
// wrong with it (WCAG 3.3.1); the server checks again and its refusal is shown the same way.
import { useState } from 'react';
import { useLive } from './live-env.tsx';

export type Totals = { yes: number; no: number; abstain: number; blank?: number; invalid?: number };
type Field = 'yes' | 'no' | 'abstain' | 'blank' | 'invalid';

/**
 * The problems with typed totals, by field ('sum' for the total), or an empty object.
 * @example totalsProblems({ yes: '3', no: 'x', abstain: '0' }, 5) // { no: 'not_whole' }
 */
export function totalsProblems(
  values: Partial<Record<Field, string>>,
  present: number,
): Partial<Record<Field | 'sum', 'not_whole' | 'too_many'>> {
  const problems: Partial<Record<Field | 'sum', 'not_whole' | 'too_many'>> = {};
  let sum = 0;
  for (const [field, raw] of Object.entries(values) as Array<[Field, string | undefined]>) {
    const text = (raw ?? '').trim();
    if (!/^\d{1,8}$/.test(text)) problems[field] = 'not_whole';
    else sum += Number(text);
  }
  if (Object.keys(problems).length === 0 && sum > present) problems.sum = 'too_many';
  return problems;
}

export function TotalsForm({
  present,
  paper,
  busy,
  onSubmit,
}: {
  present: number;
  paper: boolean;
  busy: boolean;
  onSubmit: (totals: Totals) => void;
}) {
  const { t, term } = useLive();
  const fields: Field[] = paper ? ['yes', 'no', 'abstain', 'blank', 'invalid'] : ['yes', 'no', 'abstain'];
  const [values, setValues] = useState<Partial<Record<Field, string>>>({});
  const [problems, setProblems] = useState<ReturnType<typeof totalsProblems> | null>(null);
  const label = (f: Field) =>
    f === 'blank' ? t('vote.blank') : f === 'invalid' ? t('vote.invalid') : term('choice', f);
  const submit = () => {
    const typed = Object.fromEntries(fields.map((f) => [f, values[f] ?? ''])) as Partial<Record<Field, string>>;
    const found = totalsProblems(typed, present);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    const n = (f: Field) => Number(typed[f]);
    onSubmit(
      paper
        ? { yes: n('yes'), no: n('no'), abstain: n('abstain'), blank: n('blank'), invalid: n('invalid') }
        : { yes: n('yes'), no: n('no'), abstain: n('abstain') },
    );
  };
  return (
    <form
      className="totals-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h3>{t('console.totals_heading')}</h3>
      <p className="meta">{t('console.totals_hint', { present })}</p>
      {problems?.sum ? (
        <p className="error-message" role="alert" id="totals-sum">
          {t('console.totals_too_many', { present })}
        </p>
      ) : null}
      <div className="totals-fields">
        {fields.map((f) => (
          <p key={f} className="field">
            <label htmlFor={`totals-${f}`}>{label(f)}</label>
            <input
              id={`totals-${f}`}
              name={f}
              inputMode="numeric"
              autoComplete="off"
              value={values[f] ?? ''}
              aria-invalid={problems?.[f] ? true : undefined}
              aria-describedby={problems?.[f] ? `totals-${f}-error` : undefined}
              onChange={(e) => setValues((v) => ({ ...v, [f]: e.target.value }))}
            />
            {problems?.[f] ? (
              <span className="field-error" id={`totals-${f}-error`}>
                {t('console.totals_not_whole')}
              </span>
            ) : null}
          </p>
        ))}
      </div>
      <button type="submit" className="primary-button" disabled={busy}>
        {t('console.close_with_totals')}
      </button>
    </form>
  );
}
