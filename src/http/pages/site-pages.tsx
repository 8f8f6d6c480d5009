// Site-wide pages: the list of bodies on this instance, and error pages.
import { usePage } from './page-env.tsx';
import { Localized } from './localized.tsx';

export interface BodySummary {
  slug: string;
  names: Record<string, string>;
  jurisdiction: string | null;
  establishedSeats: number;
  filledSeats: number;
}

export function HomePage({ bodies }: { bodies: BodySummary[] }) {
  const { t } = usePage();
  return (
    <>
      <h1>{t('home.title')}</h1>
      <p className="lead">{t('home.lead')}</p>
      <h2>{t('home.bodies')}</h2>
      {bodies.length === 0 ? (
        <p>{t('home.no_bodies')}</p>
      ) : (
        <ul className="cards">
          {bodies.map((b) => (
            <li key={b.slug} className="card">
              <h3>
                <a href={`/${encodeURIComponent(b.slug)}`}>
                  <Localized values={b.names} />
                </a>
              </h3>
              {b.jurisdiction ? <p className="user-text">{b.jurisdiction}</p> : null}
              <p>{t('body.seats', { established: b.establishedSeats, filled: b.filledSeats })}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ErrorPage({ status, detail }: { status: number; detail: string | null }) {
  const { t } = usePage();
  return (
    <>
      <h1>{status === 404 ? t('error.not_found') : status >= 500 ? t('error.server') : t('error.bad_request')}</h1>
      {detail ? <p className="user-text">{detail}</p> : null}
      <p>
        <a href="/">{t('error.home')}</a>
      </p>
    </>
  );
}
