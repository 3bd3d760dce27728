import { main } from './cli/main';

export { main } from './cli/main';

if (require.main === module) {
  // Exit once stdout has taken everything: SDK agents and sockets may linger, the answer may not wait.
  void main(process.argv.slice(2)).then((code) => process.stdout.write('', () => process.exit(code)));
}
