// Shared start of every live screen's bundle: read the boot state the server put in the page
// (a <script type="application/json">, never executed) and hydrate the server's HTML with the
// same component, so what a reader saw without JavaScript simply comes alive.
import type { ReactElement } from 'react';
import { hydrateRoot } from 'react-dom/client';
import type { AnyBoot } from './components/live-types.ts';
import { LiveEnvProvider } from './components/live-env.tsx';

export const ROOT_ID = 'live-root';

export function hydrateScreen<B extends AnyBoot>(render: (boot: B) => ReactElement): void {
  const root = document.getElementById(ROOT_ID);
  const text = document.getElementById('boot-state')?.textContent;
  if (!root || !text) return;
  const boot = JSON.parse(text) as B;
  hydrateRoot(root, <LiveEnvProvider lang={boot.lang}>{render(boot)}</LiveEnvProvider>);
}
