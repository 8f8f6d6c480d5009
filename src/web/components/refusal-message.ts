// A refused request in the page's language: the API's stable `code` picks the sentence; a code
// this version does not know shows a general sentence with the server's own (English) detail.
import type { MessageKey, Translate } from '../../domain/i18n/translate.ts';
import { ApiRefusal } from './api-client.ts';

const KNOWN = new Set([
  'vote_closed',
  'already_voted',
  'not_present',
  'recused',
  'not_a_device_vote',
  'not_a_member',
  'sitting_not_open',
  'sitting_not_scheduled',
  'totals_required',
  'totals_exceed_present',
  'invalid_totals',
  'vote_already_open',
  'motion_not_pending',
  'amendment_pending',
  'unauthenticated',
  'forbidden',
  'csrf_failed',
  'recused_not_present',
  'attendance_not_named',
  'sitting_closed',
  'vote_open',
  'casting_vote_required',
  'invalid_request',
]);

/**
 * @example refusalMessage(t, new ApiRefusal(409, 'vote_closed', 'the vote is closed')) // 'The vote is closed.'
 */
export function refusalMessage(t: Translate, err: unknown): string {
  if (err instanceof ApiRefusal) {
    if (KNOWN.has(err.code)) return t(`live.error.${err.code}` as MessageKey);
    return t('live.error.other', { detail: err.detail });
  }
  return t('live.error.network');
}
