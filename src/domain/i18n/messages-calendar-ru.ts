// Russian strings of the sittings calendar and notices: «очередное» and «внеочередное заседание»,
// «созвано», «уведомление о заседании» — the words of municipal charters and regulations.
import type { calendarEn } from './messages-calendar-en.ts';

type Message = string | { one?: string; few?: string; many?: string; other: string };

export const calendarRu: Record<keyof typeof calendarEn, Message> = {
  'sitting_status.cancelled': 'отменено',
  'sitting_kind.ordinary': 'очередное заседание',
  'sitting_kind.extraordinary': 'внеочередное заседание',
  'calendar.kind': 'Вид',
  'calendar.convened_by': 'Созвано',
  'calendar.cancelled': 'Заседание отменено {date}. Причина: ',
  'calendar.changes': 'Изменения в календаре',
  'calendar.rescheduled': 'Перенесено {at}: с {from} на {to}. Причина: ',
  'calendar.notice': 'Уведомление о заседании',
  'calendar.no_notice': 'Уведомление об этом заседании не опубликовано.',
  'calendar.notice_published': 'Уведомление опубликовано {at}, о заседании {date}.',
  'calendar.notice_in_time': 'В срок',
  'calendar.notice_late': 'С опозданием',
  'calendar.notice_superseded': 'После этого уведомления заседание перенесено: уведомление называло другой день.',
  'calendar.notice_no_rule': 'Эти правила не устанавливают срок уведомления, поэтому расчёт не приводится.',
  'calendar.notice_rule_source': 'Источник: {act}, {section}.',
  'calendar.second_convocation_warning':
    'В уведомлении указано, что повторно созванное заседание правомочно независимо от числа присутствующих.',
  'office.sittings_title': 'Календарь заседаний — {body}',
  'office.sittings_link': 'Календарь заседаний',
  'office.sittings_lead':
    'Назначайте заседания, переносите или отменяйте их с указанием причины, публикуйте уведомления. Каждое действие записывается в открытый журнал.',
  'office.sitting_new': 'Назначить заседание',
  'office.sitting_title': 'Название',
  'office.sitting_date': 'Дата',
  'office.sitting_time': 'Время начала (часовой пояс органа, {zone})',
  'office.sitting_place': 'Место',
  'office.sitting_kind': 'Вид',
  'office.sitting_convened_by': 'Кем созвано (необязательно)',
  'office.sitting_agenda': 'Вопросы повестки, по одному в строке (необязательно)',
  'office.sitting_schedule': 'Назначить',
  'office.sitting_scheduled': 'Заседание назначено.',
  'office.sitting_reschedule': 'Перенести',
  'office.sitting_rescheduled': 'Заседание перенесено.',
  'office.sitting_cancel': 'Отменить заседание',
  'office.sitting_cancelled': 'Заседание отменено.',
  'office.sitting_reason': 'Причина',
  'office.sitting_publish_notice': 'Опубликовать уведомление сейчас',
  'office.sitting_notice_published': 'Уведомление опубликовано.',
  'office.sitting_notice_published_late':
    'Уведомление опубликовано с опозданием: расчёт приведён на странице заседания.',
  'office.sitting_second_convocation':
    'Указать, что повторно созванное заседание правомочно независимо от числа присутствующих',
  'office.sittings_upcoming': 'Назначенные заседания',
  'office.sittings_none': 'Нет назначенных заседаний.',
  'office.sittings_past': 'Другие заседания',
  'office.sitting_notices': {
    one: '{count} уведомление',
    few: '{count} уведомления',
    many: '{count} уведомлений',
    other: '{count} уведомления',
  },
  'office.notice_rule': 'Срок уведомления: {rule}',
  'office.notice_rule_none': 'Срок уведомления: правила органа его не устанавливают.',
  'office.notice_rule_days': {
    one: 'не менее чем за {count} полный день до заседания',
    few: 'не менее чем за {count} полных дня до заседания',
    many: 'не менее чем за {count} полных дней до заседания',
    other: 'не менее чем за {count} полного дня до заседания',
  },
};
