// Papers on pages (issue 16, item 4): the public list under an agenda item or a sitting — each
// version with its date, uploader (an account number), type, size, SHA-256 and SHA-512 and a
// download link, or the fact that it was withheld — and the clerk's upload page, whose forms post
// multipart/form-data with the session's CSRF token and work without JavaScript.
import type { PaperView } from '../../services/papers/papers.ts';
import { MAX_PAPER_TITLE } from '../../services/papers/papers.ts';
import { PAPER_KINDS } from '../../domain/papers/paper-rules.ts';
import { usePage } from './page-env.tsx';
import { Localized, pickText } from './localized.tsx';
import { Csrf, Field, FormNotice, type OfficeNotice } from './office-forms.tsx';

const TYPE_NAME: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.oasis.opendocument.text': 'ODT',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'text/plain': 'TXT',
};

export const paperTypeName = (mediaType: string) => TYPE_NAME[mediaType] ?? mediaType;

/** One paper with its versions, newest first. */
export function PaperItem({ slug, paper }: { slug: string; paper: PaperView }) {
  const { t, instant, number, lang } = usePage();
  const title = pickText(paper.title, lang)?.text ?? '';
  const latest = paper.versions[0];
  return (
    <div className="paper" id={`paper-${paper.id}`}>
      <p>
        <strong className="user-text">
          <Localized values={paper.title} />
        </strong>{' '}
        <span className="meta">({t(`papers.kind.${paper.kind}`)})</span>
      </p>
      {latest && !latest.withheld && latest.textStatus === 'pending' ? (
        <p className="meta">{t('papers.text_pending')}</p>
      ) : null}
      {latest && !latest.withheld && latest.textStatus === 'failed' ? (
        <p className="meta">{t('papers.text_failed')}</p>
      ) : null}
      <table>
        <caption className="visually-hidden">{t('papers.versions_caption', { title })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('papers.col_version')}</th>
            <th scope="col">{t('papers.col_uploaded')}</th>
            <th scope="col">{t('papers.col_file')}</th>
            <th scope="col">{t('papers.col_hashes')}</th>
          </tr>
        </thead>
        <tbody>
          {paper.versions.map((v) => (
            <tr key={v.version}>
              <th scope="row">{t('papers.version', { version: v.version })}</th>
              <td>
                {instant(v.uploadedAt)}
                {v.uploadedBy !== null ? (
                  <>
                    <br />
                    <span className="meta">{t('papers.by_account', { account: v.uploadedBy })}</span>
                  </>
                ) : null}
              </td>
              <td>
                {v.withheld ? (
                  <span className="withheld">{t('papers.withheld', { reason: v.withheldReason ?? '—' })}</span>
                ) : (
                  <>
                    <a
                      href={`/${encodeURIComponent(slug)}/papers/${paper.id}/v/${v.version}`}
                      download
                      type={v.mediaType}
                    >
                      {t('papers.download', { version: v.version })}
                    </a>
                    <br />
                    <span className="meta">
                      {t('papers.file_line', { type: paperTypeName(v.mediaType), size: number(v.size) })}
                    </span>
                  </>
                )}
              </td>
              <td className="hash">
                SHA-256 <code className="sha256">{v.sha256}</code>
                <br />
                SHA-512 <code className="sha512">{v.sha512}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function PaperList({ slug, papers }: { slug: string; papers: readonly PaperView[] }) {
  if (papers.length === 0) return null;
  return (
    <div className="papers">
      {papers.map((p) => (
        <PaperItem key={p.id} slug={slug} paper={p} />
      ))}
    </div>
  );
}

/** The papers not on an agenda item: on a motion, or on the sitting as a whole. */
export function OtherPapers({
  slug,
  papers,
  motions,
}: {
  slug: string;
  papers: readonly PaperView[];
  motions: ReadonlyArray<{ id: number; title: string }>;
}) {
  const { t } = usePage();
  const rest = papers.filter((p) => p.agendaItemId === null);
  if (rest.length === 0) return null;
  return (
    <section aria-labelledby="papers">
      <h2 id="papers">{t('papers.other')}</h2>
      {rest.map((p) => {
        const motion = p.motionId === null ? null : motions.find((m) => m.id === p.motionId);
        return (
          <div key={p.id}>
            <p className="meta user-text">
              {motion ? t('papers.on_motion', { title: motion.title }) : t('papers.on_sitting')}
            </p>
            <PaperItem slug={slug} paper={p} />
          </div>
        );
      })}
    </section>
  );
}

export interface PapersOfficeData {
  slug: string;
  sitting: { id: number; title: string; date: string };
  agenda: ReadonlyArray<{ id: number; position: number; title: string; closed?: boolean }>;
  motions: ReadonlyArray<{ id: number; title: string }>;
  papers: readonly PaperView[];
  maxBytes: number;
}

export interface PaperFormValues {
  titleEn: string;
  titleRu: string;
  kind: string;
  target: string;
}

/** The clerk's page of a sitting's papers: add a paper, add a version of one. */
export function PapersOfficePage({
  data,
  values,
  notice,
  form,
  csrfToken,
}: {
  data: PapersOfficeData;
  values: PaperFormValues;
  notice: OfficeNotice;
  /** The form the notice belongs to: 'add' or the paper id of a version form. */
  form: 'add' | number | null;
  csrfToken: string | null;
}) {
  const { t, date, lang } = usePage();
  const base = `/${encodeURIComponent(data.slug)}`;
  const problem = notice?.kind === 'error' ? notice.problem : null;
  const mine = (f: 'add' | number) => (form === f ? problem : null);
  return (
    <>
      <p className="breadcrumb">
        <a href={`${base}/sittings/${data.sitting.id}`}>{t('papers.public_link')}</a>
      </p>
      <h1>
        {t('papers.office_title')}: <span className="user-text">{data.sitting.title}</span> ({date(data.sitting.date)})
      </h1>
      <p id="papers-limits">
        {t('papers.office_lead', { mib: Math.floor((data.maxBytes / (1024 * 1024)) * 10) / 10 })}
      </p>
      {notice?.kind === 'saved' ? <FormNotice id="papers-saved" notice={notice} /> : null}

      <form
        method="post"
        action={`${base}/office/sittings/${data.sitting.id}/papers`}
        encType="multipart/form-data"
        className="office-form"
        aria-labelledby="add-paper"
      >
        <h2 id="add-paper">{t('papers.add_title')}</h2>
        {form === 'add' && notice?.kind === 'error' ? <FormNotice id="add-notice" notice={notice} /> : null}
        <Csrf token={csrfToken} />
        <Field
          form="add"
          name="titleRu"
          label={t('papers.field_title_ru')}
          hint={t('papers.field_titles_hint')}
          problem={mine('add')}
        >
          {(a) => <input {...a} name="titleRu" lang="ru" maxLength={MAX_PAPER_TITLE} defaultValue={values.titleRu} />}
        </Field>
        <Field form="add" name="titleEn" label={t('papers.field_title_en')} problem={mine('add')}>
          {(a) => <input {...a} name="titleEn" lang="en" maxLength={MAX_PAPER_TITLE} defaultValue={values.titleEn} />}
        </Field>
        <Field form="add" name="kind" label={t('papers.field_kind')} problem={mine('add')}>
          {(a) => (
            <select {...a} name="kind" defaultValue={values.kind}>
              {PAPER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`papers.kind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field form="add" name="target" label={t('papers.field_target')} problem={mine('add')}>
          {(a) => (
            <select {...a} name="target" defaultValue={values.target}>
              <option value="">{t('papers.target_sitting')}</option>
              {/* A closed item's papers are not published (issue 16): it is not offered. */}
              {data.agenda
                .filter((i) => !i.closed)
                .map((i) => (
                  <option key={`i${i.id}`} value={`item:${i.id}`}>
                    {t('papers.target_item', { position: i.position, title: i.title })}
                  </option>
                ))}
              {data.motions.map((m) => (
                <option key={`m${m.id}`} value={`motion:${m.id}`}>
                  {t('papers.target_motion', { title: m.title })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          form="add"
          name="file"
          label={t('papers.field_file')}
          hint={t('papers.office_lead', { mib: Math.floor((data.maxBytes / (1024 * 1024)) * 10) / 10 })}
          problem={mine('add')}
        >
          {(a) => (
            <input
              {...a}
              name="file"
              type="file"
              accept=".pdf,.odt,.docx,.txt,application/pdf,application/vnd.oasis.opendocument.text,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain"
              required
            />
          )}
        </Field>
        <p>
          <button type="submit">{t('papers.add_submit')}</button>
        </p>
      </form>

      <section aria-labelledby="sitting-papers">
        <h2 id="sitting-papers">{t('papers.title')}</h2>
        {data.papers.length === 0 ? <p>{t('papers.none')}</p> : null}
        {data.papers.map((p) => {
          const title = pickText(p.title, lang)?.text ?? '';
          const next = (p.versions[0]?.version ?? 0) + 1;
          const id = `version-${p.id}`;
          return (
            <div key={p.id}>
              <PaperItem slug={data.slug} paper={p} />
              <form
                method="post"
                action={`${base}/office/papers/${p.id}/versions`}
                encType="multipart/form-data"
                className="office-form"
                aria-labelledby={`${id}-heading`}
              >
                <h3 id={`${id}-heading`} className="user-text">
                  {t('papers.version_form', { title })}
                </h3>
                {form === p.id && notice?.kind === 'error' ? <FormNotice id={`${id}-notice`} notice={notice} /> : null}
                <Csrf token={csrfToken} />
                <Field form={id} name="file" label={t('papers.field_file')} problem={mine(p.id)}>
                  {(a) => <input {...a} name="file" type="file" required />}
                </Field>
                <p>
                  <button type="submit">{t('papers.version_submit', { version: next })}</button>
                </p>
              </form>
            </div>
          );
        })}
      </section>
    </>
  );
}
