// Boot state for a client bundle, as the text of a <script type="application/json"> element
// (DESIGN.md, "UI": no inline scripts). JSON cannot end the element early once `<` is written as
// \u003c, and U+2028/2029 and `>`/`&` are escaped too, so any string the record holds is inert.

/**
 * JSON safe to place inside a <script type="application/json"> element.
 * @example bootStateJson({ title: '</script><script>alert(1)</script>' }) // '{"title":"\\u003c/script\\u003e…"}'
 */
export function bootStateJson(value: unknown): string {
  return JSON.stringify(value ?? null)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
