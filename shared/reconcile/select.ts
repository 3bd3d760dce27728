import { platformOf } from '../core/config-types';
import type { Binding, Config, Platform } from '../core/config-types';
import type { RdsEvent, Trigger } from '../events/types';

/** A manual invoke named bindings that do not exist. Nothing is changed. */
export class UnknownBindingError extends Error {
  override readonly name = 'UnknownBindingError';
}

export interface Selection {
  readonly targets: readonly { readonly binding: Binding; readonly settle: boolean }[];
  readonly dryRun: boolean;
  /** Why nothing was selected, when nothing was. */
  readonly note?: string;
}

/**
 * Narrows a selection to one platform: each binding keeps only the pools that platform's functions
 * manage, and bindings with none are set aside with the reason, for the report.
 */
export function forPlatform(
  selection: Selection,
  platform: Platform,
): { selection: Selection; skipped: { binding: string; reason: string }[] } {
  const skipped: { binding: string; reason: string }[] = [];
  const targets = selection.targets.flatMap((target) => {
    const pools = target.binding.pools.filter((pool) => platformOf(pool) === platform);
    if (pools.length > 0) return [{ ...target, binding: { ...target.binding, pools } }];
    const elsewhere = [...new Set(target.binding.pools.map(platformOf))].join(', ');
    skipped.push({ binding: target.binding.name, reason: `its pools live on ${elsewhere}, not ${platform}` });
    return [];
  });
  return { selection: { ...selection, targets }, skipped };
}

/** Which bindings a trigger concerns, and whether each waits for DNS to move. */
export function selectBindings(trigger: Trigger, config: Config): Selection {
  switch (trigger.kind) {
    case 'ignored':
      return { targets: [], dryRun: false, note: `ignored: ${trigger.reason}` };
    case 'schedule':
      return { targets: config.bindings.map((binding) => ({ binding, settle: false })), dryRun: false };
    case 'manual': {
      const names = trigger.bindings ?? config.bindings.map((b) => b.name);
      const unknown = names.filter((name) => !config.bindings.some((b) => b.name === name));
      if (unknown.length > 0) {
        throw new UnknownBindingError(
          `unknown binding(s) ${unknown.join(', ')}; configured: ${config.bindings.map((b) => b.name).join(', ')}`,
        );
      }
      const targets = config.bindings
        .filter((b) => names.includes(b.name))
        .map((binding) => ({ binding, settle: false }));
      return { targets, dryRun: trigger.dryRun };
    }
    case 'rds-event': {
      const targets = config.bindings.flatMap((binding) => {
        const matching = trigger.events.filter((event) => concerns(binding, event));
        return matching.length > 0 ? [{ binding, settle: matching.some((e) => e.settles) }] : [];
      });
      if (targets.length > 0) return { targets, dryRun: false };
      // A blue/green switchover names the deployment, not the databases it swaps. Rather than miss the
      // move, look at every binding with an RDS source; the in-sync ones cost one resolution each.
      const blueGreen = trigger.events.filter((e) => e.sourceType === 'blue-green');
      if (blueGreen.length > 0) {
        const settle = blueGreen.some((e) => e.settles);
        return {
          targets: config.bindings.filter(hasAwsSource).map((binding) => ({ binding, settle })),
          dryRun: false,
        };
      }
      const sources = trigger.events.map((e) => `${e.sourceType} ${e.sourceId}`).join(', ');
      return { targets: [], dryRun: false, note: `no binding names the event source(s): ${sources}` };
    }
  }
}

function concerns(binding: Binding, event: RdsEvent): boolean {
  const { awsInstances, awsClusters } = binding.sources;
  switch (event.sourceType) {
    case 'instance':
      return awsInstances.includes(event.sourceId);
    case 'cluster':
      return awsClusters.includes(event.sourceId);
    case 'alicloud-instance':
      return binding.sources.alicloudInstances.includes(event.sourceId);
    default:
      return awsInstances.includes(event.sourceId) || awsClusters.includes(event.sourceId);
  }
}

function hasAwsSource(binding: Binding): boolean {
  return binding.sources.awsInstances.length + binding.sources.awsClusters.length > 0;
}
