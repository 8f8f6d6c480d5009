/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Client bundle of the member's ballot page.
import type { BallotBoot } from './components/live-types.ts';
import { BallotScreen } from './components/ballot-screen.tsx';
import { hydrateScreen } from './hydrate.tsx';

hydrateScreen<BallotBoot>((boot) => <BallotScreen boot={boot} />);
