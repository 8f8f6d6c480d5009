// The agenda builder's page (issue 16, item 2): each item with buttons to move it up or down, a
// form to split it and one to withdraw it with the reason; a form to add an item. Plain forms.
import { usePage } from './page-env.tsx';
import { Csrf, Field, FormNotice, type OfficeNotice } from './office-forms.tsx';
import type { getSitting } from '../../services/record-reads.ts';

type Sitting = Awaited<ReturnType<typeof getSitting>>;

/** Which form a notice belongs to. */
export type AgendaForm = { name: 'add' } | { name: 'move' | 'split' | 'withdraw'; item: number } | null;

export function AgendaPage({
  slug,
  sitting,
  withheld,
  closedItems,
  form,
  notice,
  csrfToken,
}: {
  slug: string;
  sitting: Sitting;
  /** Closed items' withheld titles, by item (office eyes only). */
  withheld: Map<number, string>;
  /** The body's rule on closed items, with its source; null: the rules allow none. */
  closedItems: { titlePublic: boolean; source: string | null } | null;
  form: AgendaForm;
  notice: OfficeNotice;
  csrfToken: string | null;
}) {
  const { t, date } = usePage();
  const base = `/${encodeURIComponent(slug)}`;
  const here = `${base}/office/sittings/${sitting.id}/agenda`;
  const problem = notice?.kind === 'error' ? notice.problem : null;
  const mine = (name: NonNullable<AgendaForm>['name'], item?: number) =>
    form !== null && form.name === name && (item === undefined || ('item' in form && form.item === item));
  const open = sitting.status === 'scheduled' || sitting.status === 'open';
  // The office sees a closed item's withheld title; the public page never does.
  const items = sitting.agenda.map((i) => ({ ...i, title: withheld.get(i.id) ?? i.title }));
  return (
    <>
      <p className="breadcrumb">
        <a href={`${base}/office/sittings`}>{t('office.sittings_link')}</a>
      </p>
      <h1>{t('agenda.office_title', { sitting: sitting.title })}</h1>
      <p>
        <a href={`${base}/sittings/${sitting.id}`} className="user-text">
          {sitting.title}
        </a>{' '}
        — {date(sitting.date)}
      </p>
      {form === null ? <FormNotice notice={notice} id="agenda-notice" /> : null}
      {!open ? <p className="note">{t('agenda.closed')}</p> : null}
      {items.length === 0 ? <p>{t('agenda.none')}</p> : null}
      <ol className="agenda-builder">
        {items.map((item, i) => (
          <li key={item.id} id={`item-${item.id}`} {...(item.withdrawnReason !== null ? { 'data-withdrawn': '' } : {})}>
            {item.withdrawnReason !== null ? (
              <>
                <del className="user-text">{item.title}</del>{' '}
                <span className="meta">
                  {t('agenda.withdrawn')} <span className="user-text">{item.withdrawnReason}</span>
                </span>
              </>
            ) : (
              <span className="user-text">{item.title}</span>
            )}
            {item.closed ? (
              <>
                {' '}
                <span className="badge">{t('agenda.closed_item')}</span>
                {item.titleWithheld ? <span className="meta"> {t('agenda.add_closed_withheld')}</span> : null}
              </>
            ) : null}
            {mine('move', item.id) || mine('split', item.id) || mine('withdraw', item.id) ? (
              <FormNotice notice={notice} id={`item-${item.id}-notice`} />
            ) : null}
            {open ? (
              <div className="inline-forms">
                {i > 0 ? (
                  <form method="post" action={`${here}/${item.id}/move`} className="inline-form">
                    <Csrf token={csrfToken} />
                    <input type="hidden" name="to" value={i} />
                    <button type="submit" aria-label={t('agenda.move_up', { title: item.title })}>
                      ↑
                    </button>
                  </form>
                ) : null}
                {i < items.length - 1 ? (
                  <form method="post" action={`${here}/${item.id}/move`} className="inline-form">
                    <Csrf token={csrfToken} />
                    <input type="hidden" name="to" value={i + 2} />
                    <button type="submit" aria-label={t('agenda.move_down', { title: item.title })}>
                      ↓
                    </button>
                  </form>
                ) : null}
                {item.withdrawnReason === null ? (
                  <>
                    {item.closed ? null : (
                      <details open={mine('split', item.id)}>
                        <summary>{t('agenda.split')}</summary>
                        <form method="post" action={`${here}/${item.id}/split`}>
                          <Csrf token={csrfToken} />
                          <Field
                            form={`split-${item.id}`}
                            name="title"
                            label={t('agenda.split_title')}
                            problem={mine('split', item.id) ? problem : null}
                          >
                            {(a) => <input {...a} name="title" required maxLength={1000} />}
                          </Field>
                          <button type="submit">{t('agenda.split')}</button>
                        </form>
                      </details>
                    )}
                    <details open={mine('withdraw', item.id)}>
                      <summary>{t('agenda.withdraw')}</summary>
                      <form method="post" action={`${here}/${item.id}/withdraw`}>
                        <Csrf token={csrfToken} />
                        <Field
                          form={`withdraw-${item.id}`}
                          name="reason"
                          label={t('agenda.reason')}
                          problem={mine('withdraw', item.id) ? problem : null}
                        >
                          {(a) => <textarea {...a} name="reason" required maxLength={2000} rows={2} />}
                        </Field>
                        <button type="submit">{t('agenda.withdraw')}</button>
                      </form>
                    </details>
                  </>
                ) : null}
              </div>
            ) : null}
          </li>
        ))}
      </ol>
      {open ? (
        <section aria-labelledby="add-item">
          <h2 id="add-item">{t('agenda.add')}</h2>
          {mine('add') ? <FormNotice notice={notice} id="add-notice" /> : null}
          <form method="post" action={here}>
            <Csrf token={csrfToken} />
            <Field form="add" name="title" label={t('agenda.add_title')} problem={mine('add') ? problem : null}>
              {(a) => <input {...a} name="title" required maxLength={1000} />}
            </Field>
            {closedItems ? (
              <p>
                <label>
                  <input type="checkbox" name="closed" value="1" />{' '}
                  {t('agenda.add_closed', { rule: closedItems.source ?? '—' })}:{' '}
                  {t(closedItems.titlePublic ? 'agenda.add_closed_public' : 'agenda.add_closed_withheld')}
                </label>
              </p>
            ) : null}
            <button type="submit">{t('agenda.add')}</button>
          </form>
        </section>
      ) : null}
    </>
  );
}
