// The frame of every page: a skip link, the site and body navigation, the language switcher (a
// plain link, so it works without JavaScript), the main landmark and a footer. Landmarks and the
// heading order follow WCAG 2.2 (1.3.1, 2.4.1); the current page is marked with aria-current.
import type { ReactNode } from 'react';
import { LANGUAGES, type Lang } from '../../domain/i18n/lang.ts';
import { t as translate } from '../../domain/i18n/translate.ts';
import { hrefWith, usePage, type PageEnv } from './page-env.tsx';
import { Localized } from './localized.tsx';

function NavLink({ href, current, children }: { href: string; current: boolean; children: ReactNode }) {
  return (
    <li>
      <a href={href} aria-current={current ? 'page' : undefined}>
        {children}
      </a>
    </li>
  );
}

function BodyNavigation() {
  const { body, section, t } = usePage();
  if (!body) return null;
  const base = `/${encodeURIComponent(body.slug)}`;
  const items: Array<[NonNullable<PageEnv['section']>, string, string]> = [
    ['home', base, t('nav.body_home')],
    ['members', `${base}/members`, t('nav.members')],
    ['sittings', `${base}/sittings`, t('nav.sittings')],
    ['decisions', `${base}/decisions`, t('nav.decisions')],
    ['appeals', `${base}/appeals`, t('nav.appeals')],
    ['search', `${base}/search`, t('nav.search')],
  ];
  return (
    <nav className="body-nav" aria-label={t('nav.body_label')}>
      <ul>
        {items.map(([key, href, label]) => (
          <NavLink key={key} href={href} current={section === key}>
            {label}
          </NavLink>
        ))}
      </ul>
    </nav>
  );
}

/**
 * A committee and its parent link to each other on every page (issue 15, item 5): a committee's
 * pages say whose committee it is; a body's pages list its committees.
 */
function CommitteeLinks() {
  const { body, t } = usePage();
  if (!body) return null;
  if (body.parent)
    return (
      <p className="body-relation" data-parent={body.parent.slug}>
        {t('committee.of')}{' '}
        <a href={`/${encodeURIComponent(body.parent.slug)}`}>
          <Localized values={body.parent.names} />
        </a>
      </p>
    );
  if (!body.committees?.length) return null;
  return (
    <nav className="body-relation" aria-label={t('committee.list_label')}>
      {t('committee.list_label')}:{' '}
      {body.committees.map((c, i) => (
        <span key={c.slug}>
          {i > 0 ? ', ' : ''}
          <a href={`/${encodeURIComponent(c.slug)}`} data-committee={c.slug}>
            <Localized values={c.names} />
          </a>
        </span>
      ))}
    </nav>
  );
}

function LanguageSwitcher() {
  const env = usePage();
  const others = LANGUAGES.filter((l) => l !== env.lang);
  return (
    <ul className="lang-switch" aria-label={env.t('nav.language_label')}>
      {others.map((l: Lang) => (
        <li key={l}>
          <a href={hrefWith(env, { lang: l })} hrefLang={l} lang={l}>
            {translate(l, 'nav.switch_to_this_language')}
          </a>
        </li>
      ))}
    </ul>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t, body } = usePage();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="site-header">
        <div className="site-bar">
          <a className="site-name" href="/">
            {t('site.name')}
          </a>
          {body ? (
            <span className="body-name">
              <a href={`/${encodeURIComponent(body.slug)}`}>
                <Localized values={body.names} />
              </a>
            </span>
          ) : null}
          <LanguageSwitcher />
        </div>
        <CommitteeLinks />
        <BodyNavigation />
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t('footer.about')}</p>
        {body ? (
          <p>
            {t('footer.open_data')} <a href={`/export/${encodeURIComponent(body.slug)}/popolo.json`}>Popolo JSON</a>
            {' · '}
            <a href={`/export/${encodeURIComponent(body.slug)}/votes.csv`}>{t('export.votes_csv')}</a>
            {' · '}
            <a href={`/export/${encodeURIComponent(body.slug)}/attendance.csv`}>{t('export.attendance_csv')}</a>
            {' · '}
            <a href={`/export/${encodeURIComponent(body.slug)}/feed.atom`}>{t('export.atom')}</a>
            {' · '}
            <a href={`/export/${encodeURIComponent(body.slug)}/sittings.ics`}>{t('export.ics')}</a>
            {' · '}
            <a href="/oparl/v1/system">OParl 1.1</a>
          </p>
        ) : null}
      </footer>
    </>
  );
}
