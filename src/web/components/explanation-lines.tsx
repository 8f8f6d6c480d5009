// A reckoning shown line by line: a quorum, a majority or a deadline explained in steps. The lines
// are fixed text in a fixed order (never reordered, never edited on the page), so a line's place is
// its identity — the one list in the project whose React key is its index.
export function ExplanationLines({ lines, ordered = true }: { lines: readonly string[]; ordered?: boolean }) {
  const items = lines.map((line, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: a fixed, never reordered list; the position is the identity
    <li key={i}>{line}</li>
  ));
  return ordered ? <ol className="explanation">{items}</ol> : <ul className="explanation">{items}</ul>;
}
