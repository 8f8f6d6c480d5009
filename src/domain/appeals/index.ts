// The appeals domain's public surface, for services, pages and the CLI.
export type { AppealsErrorCode } from './appeals-error.ts';
export type { AppealEvent, AppealEventType } from './appeal-event.ts';
export { REPLY_CLASSIFICATIONS, validateAppealEvents } from './appeal-event.ts';
export type { DeadlineInput, DeadlineResult } from './compute-deadline.ts';
export { computeDeadline, ruleCalendar } from './compute-deadline.ts';
export type { Citation, DeadlineKind, DeadlineRule, EventGap, StartEvent } from './deadline-rule.ts';
export { DEADLINE_PRESETS, deadlinePreset, validateDeadlineRule } from './deadline-rule.ts';
export type {
  AppealStatus,
  AppealStep,
  DayNote,
  DeadlineStep,
  RangeCase,
  ReplyClassification,
} from './deadline-step.ts';
export type { AppealContext, AppealStatusResult } from './derive-appeal-status.ts';
export { deriveAppealStatus } from './derive-appeal-status.ts';
export type { CalendarSpec } from './holiday-calendar.ts';
export { calendarRegions, checkCalendarSpec, holidayCalendar } from './holiday-calendar.ts';
export type { ExplanationLanguage } from './render-deadline-explanation.ts';
export { countOf, formatCivilDate, renderDeadlineExplanation } from './render-deadline-explanation.ts';
export type {
  CalendarAdditions,
  CalendarDay,
  DayInfo,
  DayOffReason,
  LocalizedName,
  WorkingCalendar,
} from './working-calendar.ts';
export {
  firstWorkingDayFrom,
  isWorkingDay,
  validateCalendarAdditions,
  weekendCalendar,
  withCalendarAdditions,
} from './working-calendar.ts';
