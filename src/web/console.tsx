/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Client bundle of the clerk's console.
import type { ConsoleBoot } from './components/live-types.ts';
import { ConsoleScreen } from './components/console-screen.tsx';
import { hydrateScreen } from './hydrate.tsx';

hydrateScreen<ConsoleBoot>((boot) => <ConsoleScreen boot={boot} />);
