// Russian strings of elections. An election is «выборы»; a paper is «бюллетень»; tellers are the
// «счётная комиссия»; a round is «тур голосования»; a draw is «жребий».
import type { electionsEn } from './messages-elections-en.ts';

type Message = string | { one?: string; few?: string; many?: string; other: string };

export const electionsRu: Record<keyof typeof electionsEn, Message> = {
  'elections.title': 'Выборы',
  'elections.office': 'Должность или места',
  'elections.method': 'Способ подсчёта',
  'elections.seats': 'Мест',
  'elections.rule_source': 'Правило',
  'elections.ballot_kind': 'Голосование',
  'elections.kind.secret_paper': 'тайное, бюллетенями',
  'elections.kind.secret_electronic': 'тайное, с устройств депутатов',
  'elections.kind.open_roll_call': 'открытое, поимённое',
  'elections.status': 'Состояние',
  'elections.status.created': 'назначены',
  'elections.status.nominating': 'идёт выдвижение',
  'elections.status.ready': 'выдвижение окончено',
  'elections.status.voting': 'идёт тур голосования',
  'elections.status.awaiting_lot': 'ожидается жребий',
  'elections.status.declared': 'результат объявлен',
  'elections.candidates': 'Кандидаты',
  'elections.col_number': '№',
  'elections.col_candidate': 'Кандидат',
  'elections.col_nomination': 'Выдвижение',
  'elections.consented': 'согласие дано',
  'elections.not_consented': 'согласие не записано',
  'elections.withdrawn': 'самоотвод',
  'elections.round': 'Тур {number}',
  'elections.round_facts':
    'Присутствовало депутатов: {present}; бюллетеней: {ballots}, пустых: {blank}, недействительных: {spoilt}.',
  'elections.round_open': 'Тур голосования идёт: бюллетеней пока {ballots}.',
  'elections.stage_caption': 'Голоса на каждом этапе тура {number}',
  'elections.stage': 'Этап {number}',
  'elections.non_transferable': 'Непередаваемые',
  'elections.quota': 'Квота или необходимое число голосов: {quota}',
  'elections.elected': 'Избраны',
  'elections.none_elected': 'В этом туре никто не избран.',
  'elections.explanation': 'Как вёлся подсчёт',
  'elections.lot': 'Жребий',
  'elections.lot_inputs':
    'Сервер зафиксировал своё начальное число до окончания голосования (SHA-256 {commitment}); счётная комиссия после него вытянула «{draw}».',
  'elections.papers': 'Бюллетени (записи голосов)',
  'elections.papers_blt': 'BLT',
  'elections.papers_csv': 'CSV',
  'elections.papers_not_published': 'Правило не предусматривает публикации бюллетеней: записана только таблица этапов.',
};
