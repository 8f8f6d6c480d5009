// Form parts the clerk's office pages share: the CSRF field, a labelled field whose error is tied
// to its input (aria-invalid, aria-describedby), and the notice at the top of a form. Plain HTML
// forms, so everything works without JavaScript.
import type { ReactNode } from 'react';
import { usePage } from './page-env.tsx';

/** A refusal: a message for the whole form, or for one field (by the field's name). */
export type FormProblem = { field: string | null; message: string } | null;
export type OfficeNotice = { kind: 'saved'; message?: string } | { kind: 'error'; problem: FormProblem } | null;

export function Csrf({ token }: { token: string | null }) {
  return token ? <input type="hidden" name="_csrf" value={token} /> : null;
}

export function FormNotice({ notice, id }: { notice: OfficeNotice; id: string }) {
  const { t } = usePage();
  if (!notice) return null;
  if (notice.kind === 'saved')
    return (
      <p className="note" role="status" id={id}>
        {notice.message ?? t('office.saved')}
      </p>
    );
  const p = notice.problem;
  return (
    <p className="error-message note" role="alert" id={id}>
      {p?.field ? t('office.fix_fields') : t('office.error', { message: p?.message ?? '' })}
    </p>
  );
}

/**
 * A labelled input. `problem` (the form's refusal) marks this field when it names it: the message
 * sits under the label and the input points to it with aria-describedby.
 */
export function Field({
  form,
  name,
  label,
  hint,
  problem,
  children,
}: {
  form: string;
  name: string;
  label: string;
  hint?: string;
  problem: FormProblem;
  children: (a11y: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = `${form}-${name}`;
  const mine = problem?.field === name ? problem.message : null;
  const describedBy = [hint ? `${id}-hint` : null, mine ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <p className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <>
          <br />
          <span className="meta" id={`${id}-hint`}>
            {hint}
          </span>
        </>
      ) : null}
      {mine ? (
        <>
          <br />
          <span className="error-message" id={`${id}-error`}>
            {mine}
          </span>
        </>
      ) : null}
      <br />
      {children({
        id,
        ...(mine ? { 'aria-invalid': true as const } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
    </p>
  );
}
