// The table of subcommands: name → one-line summary and a lazy loader.
import type { Command } from '../command.ts';

export const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  rules: { summary: 'Procedural rules: list presets, evaluate votes from JSON Lines', load: async () => (await import('./rules.ts')).command },
};
