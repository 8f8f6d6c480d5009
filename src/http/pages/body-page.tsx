// A body's home: what it is, its next sitting, its latest decisions and sittings, and how anyone
// can check the record. Other features add sections (appeals) through body-home-extensions.ts.
import type { ReactNode } from 'react';
import { usePage } from './page-env.tsx';
import { Localized } from './localized.tsx';
import type { DecisionRow, SittingRow } from './list-pages.tsx';
import { DecisionsTable, SittingsTable } from './list-pages.tsx';
import type { RuleSet } from '../../domain/rules/rule-set.ts';
import { presetDiffers } from '../../domain/rules/presets.ts';

export interface BodyHomeData {
  body: {
    slug: string;
    names: Record<string, string>;
    jurisdiction: string | null;
    establishedSeats: number;
    filledSeats: number;
    origin: string;
    logSize: number;
    rules: RuleSet;
  };
  next: { id: number; title: string; date: string; startsAt: string | null; place: string | null } | null;
  decisions: { total: number; items: DecisionRow[] };
  sittings: { total: number; items: SittingRow[] };
  /** Size of the published (signed) checkpoint, null before the first. */
  checkpointSize: number | null;
  /** Sections added by other features, already rendered. */
  extras: ReactNode[];
  publicOrigin: string;
}

export function BodyPage({ data }: { data: BodyHomeData }) {
  const { t, date, instant, number, body: nav } = usePage();
  const { body } = data;
  const slug = encodeURIComponent(body.slug);
  // A Russian representative body counts deputies; other bodies get neutral words.
  const deputies = body.rules.preset?.startsWith('ru-') ?? false;
  return (
    <>
      <h1>
        <Localized values={body.names} />
      </h1>
      <dl className="facts">
        {body.jurisdiction ? (
          <>
            <dt>{t('body.jurisdiction')}</dt>
            <dd className="user-text">{body.jurisdiction}</dd>
          </>
        ) : null}
        <dt>{t('body.seats_label')}</dt>
        <dd>
          {t(deputies ? 'body.seats_deputies' : 'body.seats', {
            established: body.establishedSeats,
            filled: body.filledSeats,
          })}
        </dd>
        {nav?.parent ? (
          <>
            <dt>{t('committee.of')}</dt>
            <dd>
              <a href={`/${encodeURIComponent(nav.parent.slug)}`} data-parent={nav.parent.slug}>
                <Localized values={nav.parent.names} />
              </a>
            </dd>
          </>
        ) : null}
        <dt>{t('body.rules')}</dt>
        <dd>
          <a href={`/${slug}/rules`}>{body.rules.preset ? <code>{body.rules.preset}</code> : t('rules.title')}</a>
        </dd>
      </dl>
      {presetDiffers(body.rules) ? (
        <p className="notice" role="status" data-rules-differ="true">
          {t('body.rules_differ', { preset: body.rules.preset ?? '' })}
        </p>
      ) : null}

      {nav?.committees?.length ? (
        <section aria-labelledby="committees">
          <h2 id="committees">{t('committee.list_label')}</h2>
          <ul>
            {nav.committees.map((c) => (
              <li key={c.slug}>
                <a href={`/${encodeURIComponent(c.slug)}`} data-committee={c.slug}>
                  <Localized values={c.names} />
                </a>
                {` (${t('committee.size', { count: number(c.establishedSeats) })})`}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="next-sitting">
        <h2 id="next-sitting">{t('body.next_sitting')}</h2>
        {data.next ? (
          <p>
            <a href={`/${slug}/sittings/${data.next.id}`} className="user-text">
              {data.next.title}
            </a>
            {' — '}
            {data.next.startsAt ? instant(data.next.startsAt) : date(data.next.date)}
            {data.next.place ? (
              <>
                {', '}
                <span className="user-text">{data.next.place}</span>
              </>
            ) : null}
          </p>
        ) : (
          <p>{t('body.no_next_sitting')}</p>
        )}
      </section>

      <section aria-labelledby="latest-decisions">
        <h2 id="latest-decisions">{t('body.latest_decisions')}</h2>
        {data.decisions.items.length === 0 ? (
          <p>{t('decisions.none')}</p>
        ) : (
          <DecisionsTable slug={body.slug} items={data.decisions.items} />
        )}
        {data.decisions.total > data.decisions.items.length ? (
          <p>
            <a href={`/${slug}/decisions`}>{t('body.all_decisions', { count: data.decisions.total })}</a>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="latest-sittings">
        <h2 id="latest-sittings">{t('body.latest_sittings')}</h2>
        {data.sittings.items.length === 0 ? (
          <p>{t('sittings.none')}</p>
        ) : (
          <SittingsTable slug={body.slug} items={data.sittings.items} />
        )}
        {data.sittings.total > data.sittings.items.length ? (
          <p>
            <a href={`/${slug}/sittings`}>{t('body.all_sittings', { count: data.sittings.total })}</a>
          </p>
        ) : null}
      </section>

      {data.extras}

      <section aria-labelledby="verify">
        <h2 id="verify">{t('verify.heading')}</h2>
        <p>{t('verify.intro', { count: body.logSize })}</p>
        <dl className="facts">
          <dt>{t('verify.origin')}</dt>
          <dd>
            <code>{body.origin}</code>
          </dd>
          <dt>{t('verify.checkpoint')}</dt>
          <dd>
            {data.checkpointSize === null
              ? t('verify.no_checkpoint')
              : t('verify.checkpoint_size', { count: data.checkpointSize })}{' '}
            <a href={`/log/${slug}/checkpoint`}>{t('verify.checkpoint_link')}</a>
            {' · '}
            <a href={`/log/${slug}/key`}>{t('verify.key_link')}</a>
          </dd>
        </dl>
        <p>{t('verify.how')}</p>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1) */}
        <pre className="command" tabIndex={0}>
          <code>{`{ printf '\\0'; curl -s ${data.publicOrigin}/api/v1/bodies/${slug}/entries/0; } | sha256sum`}</code>
        </pre>
      </section>
    </>
  );
}
