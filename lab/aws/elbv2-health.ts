/** The target health states the emulator reports (a subset of AWS's, enough for IP targets). */
export const TargetState = {
  Initial: 'initial',
  Healthy: 'healthy',
  Unhealthy: 'unhealthy',
  Draining: 'draining',
  Unused: 'unused',
} as const;
export type TargetState = (typeof TargetState)[keyof typeof TargetState];

/** `TargetHealth` as DescribeTargetHealth returns it. */
export interface TargetHealth {
  state: TargetState;
  reason?: string;
  description?: string;
}

/** One registered target and the times that decide its health. */
export interface TargetRecord {
  id: string;
  port: number;
  availabilityZone?: string;
  registeredAt: number;
  deregisteredAt?: number;
  /** Set by `seedTarget`: the state holds until a RegisterTargets or DeregisterTargets changes it. */
  pinned?: TargetState;
}

/** How long a target group takes to pass health checks and to drain. */
export interface HealthTimings {
  healthyAfterMs: number;
  drainMs: number;
}

/** The reason and description AWS gives with each state; healthy has none. */
const DETAILS: Record<TargetState, Omit<TargetHealth, 'state'>> = {
  initial: { reason: 'Elb.RegistrationInProgress', description: 'Target registration is in progress' },
  healthy: {},
  unhealthy: { reason: 'Target.FailedHealthChecks', description: 'Health checks failed' },
  draining: {
    reason: 'Target.DeregistrationInProgress',
    description: 'Target deregistration is in progress',
  },
  // A registered target reads `unused` when its group is behind no listener: never health-checked.
  unused: {
    reason: 'Target.NotInUse',
    description: 'Target group is not configured to receive traffic from the load balancer',
  },
};

/** What DescribeTargetHealth says about a target that was asked for by name but is not registered. */
export const NOT_REGISTERED: TargetHealth = {
  state: TargetState.Unused,
  reason: 'Target.NotRegistered',
  description: 'Target is not registered to the target group',
};

/** A state with the reason AWS attaches to it. */
export function healthOf(state: TargetState): TargetHealth {
  return { state, ...DETAILS[state] };
}

/**
 * The health AWS would report at `nowMs`, or undefined once the target has finished draining and
 * left the group. Computed from timestamps on every read, so a fake clock moves it forward and
 * no timer has to fire.
 */
export function targetHealth(
  target: TargetRecord,
  timings: HealthTimings,
  nowMs: number,
  failsHealthChecks: boolean,
): TargetHealth | undefined {
  if (target.pinned !== undefined) return healthOf(target.pinned);
  if (target.deregisteredAt !== undefined) {
    return nowMs - target.deregisteredAt < timings.drainMs ? healthOf(TargetState.Draining) : undefined;
  }
  if (nowMs - target.registeredAt < timings.healthyAfterMs) return healthOf(TargetState.Initial);
  return healthOf(failsHealthChecks ? TargetState.Unhealthy : TargetState.Healthy);
}
