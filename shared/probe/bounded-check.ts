import type { Socket } from 'node:net';
import { startProbe } from './probe-start';
import type { BackendAddress } from '../core/types';
import { CheckStage, describeDriverError } from './driver-error';
import { ProbeFailure } from './probe-result';
import type { ProbeResult } from './probe-result';
import type { WritableCheckOptions } from './writable-check';

/** What one engine's login and question need from the runner. */
export interface CheckSession {
  readonly budgetMs: number;
  /** Hands a socket to the runner, which destroys it however the check ends; returns it. */
  own<S extends Socket>(socket: S): S;
  /** How far the check has come, for the words of a failure. */
  reach(stage: CheckStage): void;
}

/** An engine's answer: the verdict, and how to say goodbye to the server once it is known. */
export interface CheckOutcome {
  readonly result: ProbeResult;
  /** A polite close (COM_QUIT, Terminate); given what is left of the budget, then the sockets go. */
  readonly close?: () => Promise<unknown>;
}

/**
 * Runs one engine's writability check within `min(timeoutMs, deadline - now)`, ended at once by the
 * invocation's abort signal, and destroys every socket it was handed on every path. Never throws: an
 * engine's rejection is read by `describeDriverError`, and the password never reaches a summary.
 */
export function boundedCheck(
  address: BackendAddress,
  options: WritableCheckOptions,
  run: (session: CheckSession) => Promise<CheckOutcome>,
): Promise<ProbeResult> {
  const start = startProbe(address, options);
  if (start.ended) return Promise.resolve(start.ended);
  const { failed, budgetMs, startedMs } = start;
  const signal = options.call.abortSignal;

  const sockets: Socket[] = [];
  let stage: CheckStage = CheckStage.Connect;
  const session: CheckSession = {
    budgetMs,
    own(socket) {
      // An error after the verdict (a reset on destroy) must not be unhandled.
      socket.on('error', () => undefined);
      sockets.push(socket);
      return socket;
    },
    reach(next) {
      stage = next;
    },
  };

  return new Promise<ProbeResult>((resolve) => {
    let settled = false;
    const destroyAll = () => sockets.forEach((socket) => socket.destroy());
    const finish = (result: ProbeResult, close?: () => Promise<unknown>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(result);
      if (!close) {
        destroyAll();
        return;
      }
      // The verdict is given; the goodbye gets what is left of the budget, and the sockets go after it.
      const leftMs = Math.max(0, budgetMs - (options.now() - startedMs));
      const cut = setTimeout(destroyAll, leftMs);
      close().then(
        () => {
          clearTimeout(cut);
          destroyAll();
        },
        () => {
          clearTimeout(cut);
          destroyAll();
        },
      );
    };
    const onAbort = () => finish(failed(ProbeFailure.Aborted, 'the invocation ran out of time'));
    const timer = setTimeout(
      () =>
        finish(failed(ProbeFailure.Timeout, `no verdict within ${budgetMs} ms (${STAGE_AT_TIMEOUT[stage]})`)),
      budgetMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    run(session).then(
      (outcome) => finish(outcome.result, outcome.close),
      (error: unknown) => {
        const verdict = describeDriverError(error, stage, options.login.password);
        finish(failed(verdict.failure, verdict.summary));
      },
    );
  });
}

const STAGE_AT_TIMEOUT: Record<CheckStage, string> = {
  connect: 'no TCP connection',
  login: 'connected, the login unanswered',
  query: 'logged in, the question unanswered',
};
