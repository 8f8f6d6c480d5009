// Russian strings of factions, in the terms of 131-FZ art. 35.1: «депутатское объединение
// (фракция)»; the type makes a missing key a compile error.
import type { factionsEn } from './messages-factions-en.ts';

type Message = string | { one?: string; few?: string; many?: string; other: string };

export const factionsRu: Record<keyof typeof factionsEn, Message> = {
  'factions.title': 'Депутатские объединения (фракции)',
  'factions.lead':
    'Депутатские объединения (фракции) представительного органа: когда каждое образовано и прекратило деятельность, кто и в какие дни в него входил.',
  'factions.none': 'Ни одна фракция не записана.',
  'factions.name': 'Фракция',
  'factions.founded_on': 'Образована',
  'factions.dissolved_on': 'Прекратила деятельность',
  'factions.active': 'действует',
  'factions.members': 'Члены фракции',
  'factions.no_members': 'Члены фракции не записаны.',
  'factions.from': 'с {from}',
  'factions.from_to': 'с {from} по {to}',
  'factions.rule_note':
    'Депутат одновременно входит не более чем в одну фракцию, в пределах срока своих полномочий и срока деятельности фракции. Даты включаются: вышедший из фракции 31 марта может войти в другую 1 апреля.',
  'factions.office_link': 'Фракции',
  'factions.all_link': 'Все фракции',
  'factions.new_title': 'Записать образование фракции',
  'factions.name_ru': 'Название на русском языке',
  'factions.name_en': 'Название на английском языке',
  'factions.names_hint': 'Хотя бы одно из двух.',
  'factions.founded_input': 'Дата образования (ГГГГ-ММ-ДД)',
  'factions.new_submit': 'Записать фракцию',
  'factions.join_title': 'Вхождение депутата во фракцию',
  'factions.member': 'Депутат',
  'factions.joins_on': 'Дата вхождения (ГГГГ-ММ-ДД)',
  'factions.leaves_on_optional': 'Дата выхода (ГГГГ-ММ-ДД), если депутат уже вышел',
  'factions.join_submit': 'Записать вхождение',
  'factions.leave_title': 'Выход депутата из фракции',
  'factions.leaves_on': 'Дата выхода (ГГГГ-ММ-ДД)',
  'factions.leave_submit': 'Записать выход',
  'factions.dissolve_title': 'Прекращение деятельности фракции',
  'factions.dissolve_lead': 'Депутаты, ещё входящие во фракцию, выходят из неё в этот день.',
  'factions.dissolved_input': 'Дата прекращения деятельности (ГГГГ-ММ-ДД)',
  'factions.dissolve_submit': 'Записать прекращение деятельности',
  'factions.problem.too_long': 'Не более {max} символов, без управляющих символов.',
  'factions.problem.member': 'Выберите депутата этого представительного органа.',
  'member.factions': 'Фракции',
  'member.no_faction': 'не входит во фракции',
  'vote.factions_heading': 'Голосование по фракциям',
  'vote.factions_explain':
    'Депутаты, входившие во фракцию в день заседания. «Не голосовали» — присутствовали при открытии голосования, но не голосовали. «Отсутствовали» — имели мандат в этот день, но не присутствовали.',
  'vote.factions_none': 'Вне фракций',
  'vote.factions_yes': 'За',
  'vote.factions_no': 'Против',
  'vote.factions_abstain': 'Воздержались',
  'vote.factions_not_voting': 'Не голосовали',
  'vote.factions_absent': 'Отсутствовали',
};
