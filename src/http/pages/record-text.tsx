// A title or text of the record in the reader's language where the record has it (entered by the
// clerk or quoted from a named source, each with its source shown), and otherwise as recorded, with
// a plain "available in English only" — never a machine translation presented as the record.
import { usePage } from './page-env.tsx';
import type { RecordText } from '../../services/record-texts.ts';

/** The title in the reader's language when the record has it, else as recorded, marked with its language. */
export function RecordTitle({ value }: { value: RecordText }) {
  const { lang } = usePage();
  const mine = value.others[lang]?.[0];
  if (mine) return <span lang={lang}>{mine.text}</span>;
  return value.lang && value.lang !== lang ? <span lang={value.lang}>{value.own}</span> : value.own;
}

/** A text block: the reader's language first (each with its source), then the text as recorded. */
export function RecordTextBlock({ value, empty }: { value: RecordText; empty: string }) {
  const { t, lang } = usePage();
  const mine = value.others[lang] ?? [];
  const ownIsMine = value.lang === null || value.lang === lang;
  const language = value.lang === 'en' || value.lang === 'ru' ? value.lang : null;
  return (
    <>
      {mine.map((x) => (
        <figure key={x.entryIndex} className="record-text">
          <div className="motion-text user-text" lang={lang}>
            {x.text}
          </div>
          {x.note || x.source ? (
            <figcaption className="meta">
              {x.note ? <span className="user-text">{x.note}</span> : null}
              {x.note && x.source ? '. ' : null}
              {x.source ? (
                <>
                  {t('texts.source')} <span className="user-text">{x.source}</span>
                </>
              ) : null}
            </figcaption>
          ) : null}
        </figure>
      ))}
      {!ownIsMine && language ? (
        <p className="meta">{mine.length > 0 ? t(`texts.as_recorded.${language}`) : t(`texts.only_in.${language}`)}</p>
      ) : null}
      <div className="motion-text user-text" {...(value.lang && !ownIsMine ? { lang: value.lang } : {})}>
        {value.own || empty}
      </div>
    </>
  );
}
