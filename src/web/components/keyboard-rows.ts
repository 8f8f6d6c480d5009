// Keyboard entry down a list of members (attendance, roll call): a key records the row the focus
// is in and moves the focus to the next row, so a clerk goes down the roster one key per member.
// Keys are matched by their physical position (KeyboardEvent.code), so P/A/E and Y/N/A work the
// same on a Russian layout; digits 1–3 work everywhere.

/** The action a key means, or null: keys with Ctrl, Alt or Meta are the browser's. */
export function keyAction<A extends string>(
  e: { code: string; ctrlKey: boolean; altKey: boolean; metaKey: boolean },
  keys: Record<string, A>,
): A | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  return Object.hasOwn(keys, e.code) ? keys[e.code]! : null;
}

/** Moves the focus to the first button of row `index` of the list, if there is one. */
export function focusRow(list: HTMLElement | null, index: number): void {
  const row = list?.querySelector<HTMLElement>(`[data-row="${index}"]`);
  row?.querySelector<HTMLButtonElement>('button:not([disabled])')?.focus();
}

/** The row index of the element an event came from. */
export function rowOf(target: EventTarget | null): number | null {
  const row = (target as HTMLElement | null)?.closest?.('[data-row]');
  return row ? Number(row.getAttribute('data-row')) : null;
}
