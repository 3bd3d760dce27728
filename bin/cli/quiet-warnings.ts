/**
 * Two warnings that are not the operator's to act on, printed above the answer they came for on every
 * command: the AWS SDK's on every Node below 22 (the functions run on nodejs22.x), and DEP0005, which
 * Node raises for tablestore's `new Buffer()` once the bundle (dist/cli.js) has taken that code out of
 * node_modules (Node is silent about it inside node_modules). Every other warning is printed.
 */
export function quietWarnings(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning: Error & { code?: string }) => {
    if (warning.message.includes('NodeVersionSupportWarning') || warning.code === 'DEP0005') return;
    process.stderr.write(`${warning.stack ?? String(warning)}\n`);
  });
}
