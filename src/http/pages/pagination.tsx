// Page links for long lists: previous/next and "page X of Y", as plain links that keep the other
// query parameters (a search's q). Page numbers are 1-based in addresses.
import { hrefWith, usePage } from './page-env.tsx';
import { decimal } from '../routes/common-schemas.ts';

export interface PageRequest {
  page: number;
  limit: number;
  offset: number;
}

const pageNumber = decimal(1, 999_999);

/**
 * The page asked for in `?page=`: anything that is not a canonical whole number from 1 to 999,999
 * (as ids in addresses, routes/common-schemas.ts) gives page 1.
 * @example pageRequest('3', 50) // { page: 3, limit: 50, offset: 100 }
 */
export function pageRequest(raw: unknown, limit: number): PageRequest {
  const parsed = pageNumber.safeParse(raw);
  const page = parsed.success ? parsed.data : 1;
  return { page, limit, offset: (page - 1) * limit };
}

export function Pagination({ page, total }: { page: PageRequest; total: number }) {
  const env = usePage();
  const pages = Math.max(1, Math.ceil(total / page.limit));
  if (pages <= 1 && page.page === 1) return null;
  return (
    <nav className="pagination" aria-label={env.t('pagination.label')}>
      {page.page > 1 ? (
        <a
          rel="prev"
          href={hrefWith(env, { page: Math.min(page.page - 1, pages) === 1 ? null : Math.min(page.page - 1, pages) })}
        >
          {env.t('pagination.previous')}
        </a>
      ) : null}
      <span>{env.t('pagination.status', { page: page.page, pages })}</span>
      {page.page < pages ? (
        <a rel="next" href={hrefWith(env, { page: page.page + 1 })}>
          {env.t('pagination.next')}
        </a>
      ) : null}
    </nav>
  );
}
