/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Client bundle of the read-only screens: the projector view and the residents' live page.
import type { PublicBoot } from './components/live-types.ts';
import { PublicScreen } from './components/public-screen.tsx';
import { hydrateScreen } from './hydrate.tsx';

hydrateScreen<PublicBoot>((boot) => <PublicScreen boot={boot} />);
