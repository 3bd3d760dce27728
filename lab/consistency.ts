/**
 * The consistency window the lab's worlds run with (see `applyIntents`). The real clouds need seconds
 * before a describe reflects an add, and their health checks take ten seconds or more; the lab's
 * emulators pass a health check in about a second, so the window shrinks with them.
 */
export const LAB_CONSISTENCY_MS = 500;
