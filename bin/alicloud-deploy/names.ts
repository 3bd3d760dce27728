/** The Function Compute service that holds both functions. */
export const SERVICE_NAME = 'rds-failover-sync';

/** The two functions, as their handlers' files are named under `functions/alicloud/`. */
export const FunctionName = {
  /** The timer backstop and manual invokes. */
  Reconcile: 'reconcile',
  /** RDS events from EventBridge: reconcile the instance's bindings, waiting for DNS to move. */
  RdsEvent: 'rds-event',
} as const;
export type FunctionName = (typeof FunctionName)[keyof typeof FunctionName];

/**
 * Where each function's bindings sit in its zip, next to `index.js`, as the JSON the deploy writes from
 * the YAML file (the functions parse no YAML); also `BINDINGS_FILE`.
 */
export const BINDINGS_IN_ZIP = 'bindings.json';
