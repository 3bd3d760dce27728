export { backendServersJson, CLB_MAX_BACKENDS_PER_CALL, createClbRelayGroup } from './clb-relay-group';
export { clbHealthStatusOf, healthOfClbStatus, worseStatus } from './health';
