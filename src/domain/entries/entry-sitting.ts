// Which sitting an entry concerns, from its data alone: a `sitting` field, a target that is a
// sitting, or a vote (by its `vote` field or a target that is a vote), whose sitting the caller
// looks up. The live stream of a sitting carries exactly the entries this names.

export type SittingRef = { sitting: number } | { vote: number } | null;

export function entrySittingRef(data: unknown): SittingRef {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Record<string, unknown>;
  if (typeof d.sitting === 'number') return { sitting: d.sitting };
  const target = d.target as { type?: unknown; id?: unknown } | null | undefined;
  if (target && target.type === 'sitting' && typeof target.id === 'number') return { sitting: target.id };
  if (typeof d.vote === 'number') return { vote: d.vote };
  if (target && target.type === 'vote' && typeof target.id === 'number') return { vote: target.id };
  return null;
}
