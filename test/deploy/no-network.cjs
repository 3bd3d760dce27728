'use strict';
// Preloaded (NODE_OPTIONS=--require) into `sls package` by the deploy tests: packaging must work with no
// network. Any TCP connection or DNS lookup is written to $NO_NETWORK_LOG and fails.
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');

const record = (what) => {
  fs.appendFileSync(process.env.NO_NETWORK_LOG, `${process.pid} ${what}\n`);
  return new Error(`network access during packaging: ${what}`);
};

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  // net.connect() passes its arguments normalised: [[options, callback]].
  const list = Array.isArray(args[0]) ? args[0] : args;
  const options = typeof list[0] === 'object' && list[0] !== null ? list[0] : {};
  // Unix sockets and pipes (child process IPC, tsx's own server) are local.
  if (typeof list[0] === 'string' || options.path) return connect.apply(this, args);
  const port = typeof list[0] === 'number' ? list[0] : options.port;
  const host = typeof list[0] === 'number' ? list[1] : options.host;
  throw record(`connect ${host ?? 'localhost'}:${port}`);
};
for (const api of [dns, dns.promises]) {
  for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) {
    api[name] = () => {
      throw record(`dns.${name}`);
    };
  }
}
