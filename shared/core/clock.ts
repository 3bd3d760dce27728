import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from './types';

/** The real clock. Tests pass their own. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => delay(ms).then(() => undefined),
};
