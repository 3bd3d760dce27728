import type { Binding } from '../core/config-types';
import type { AlertMessage } from './message';

/** Where one alert went, or failed to go. Sinks never throw: a lost alert is reported, not hidden. */
export interface AlertDelivery {
  readonly target: string;
  readonly ok: boolean;
  readonly error?: string;
}

/**
 * Who an alert is about and where it goes: a binding, or, when the bindings file cannot be loaded, the
 * function itself with the sinks its environment names (`fallbackAlertTargets`).
 */
export type AlertDestination = Pick<Binding, 'name' | 'alert'>;

/** Delivers an alert to the destinations the binding names for this kind of sink. */
export type AlertSink = (message: AlertMessage, binding: AlertDestination) => Promise<AlertDelivery[]>;

/** Delivers through every sink. */
export function combineSinks(...sinks: AlertSink[]): AlertSink {
  return async (message, binding) => (await Promise.all(sinks.map((sink) => sink(message, binding)))).flat();
}
