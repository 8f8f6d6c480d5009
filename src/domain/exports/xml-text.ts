// Text for XML 1.0 (Atom): characters XML cannot carry at all (§2.2 Char: C0 controls other than
// tab, LF and CR; lone surrogates; U+FFFE and U+FFFF) become U+FFFD, then & < > " ' are escaped.

const NOT_XML_CHAR =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 excludes these characters; this finds them
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Escapes text for an XML element or attribute value.
 * @example xmlText('<script>"x" & y</script>') // '&lt;script&gt;&quot;x&quot; &amp; y&lt;/script&gt;'
 */
export function xmlText(text: string): string {
  return text.replace(NOT_XML_CHAR, '\uFFFD').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}
