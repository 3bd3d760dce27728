import type { AlertMessage } from '../alert/message';
import type { Binding } from '../core/config-types';
import { plan } from '../core/plan';
import { RefusalReason } from '../core/refusal';
import type { Refusal } from '../core/refusal';
import type { Resolution } from '../core/resolution';
import { Outcome } from '../core/types';

const SUBJECT_MAX = 99;

/**
 * Why an answer must never be obeyed, whatever the pools hold: addresses outside the binding's allowed
 * CIDRs or more of them than `maxBackends` (invariant 2). `plan()` decides it, as it does for the pools,
 * on an empty pool. A failed resolution is not one: during a failover it is the expected noise, and the
 * wait is for it to pass.
 */
export function poisonedAnswer(binding: Binding, resolution: Resolution): Refusal | undefined {
  if (!resolution.ok) return undefined;
  const step = plan({
    resolution,
    port: binding.endpoint.port,
    current: [],
    policy: {
      allowedCidrs: binding.allowedCidrs,
      maxBackends: binding.maxBackends,
      onHealthTimeout: binding.policy.onHealthTimeout,
    },
    healthDeadlinePassed: false,
  });
  return step.kind === 'refuse' && step.refusal.reason !== RefusalReason.ResolutionFailed
    ? step.refusal
    : undefined;
}

/**
 * The alert sent the moment a settle window meets a poisoned answer, before the window ends: a person
 * must hear of it even when a valid answer follows and the swap succeeds.
 */
export function poisonedAnswerMessage(
  binding: Binding,
  resolution: Resolution,
  refusal: Refusal,
  context: {
    readonly mode: 'apply' | 'report-only' | 'dry-run';
    readonly trigger: string;
    readonly waitedMs: number;
    readonly settleDeadline: string;
  },
): AlertMessage {
  const endpoint = `${binding.endpoint.host}:${binding.endpoint.port}`;
  const subject =
    `rds-failover-sync: ${binding.name} REFUSED DNS ANSWER: ${refusal.reason}, still waiting`.replace(
      /[^\x20-\x7e]/g,
      '?',
    );
  const via = resolution.ok ? ` (via ${resolution.server})` : '';
  return {
    subject: subject.length > SUBJECT_MAX ? `${subject.slice(0, SUBJECT_MAX - 3)}...` : subject,
    summary: [
      { text: `${binding.name}: refused a DNS answer while waiting for the failover to reach DNS.` },
      { text: `Endpoint ${endpoint}: ${refusal.reason}: ${refusal.detail}${via}.` },
      {
        text:
          `Nothing was changed. The wait for a valid answer goes on until ${context.settleDeadline}; ` +
          'another alert follows with the outcome. An answer like this one is a mistake or an attack: find its source.',
      },
      { text: `Trigger: ${context.trigger}.` },
    ],
    report: {
      binding: binding.name,
      endpoint,
      outcome: Outcome.Refused,
      mode: context.mode,
      resolution,
      pools: [],
      durationMs: context.waitedMs,
    },
    trigger: context.trigger,
  };
}
