import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { decode, encode } from 'dns-packet';
import type { Answer } from 'dns-packet';
import { exchangeA } from '../../shared/resolve/dns-exchange';

/**
 * A server whose UDP answers are truncated (TC set, no records) and whose TCP answers are whole, on one
 * port: what a resolver does with an answer too large for a datagram.
 */
async function truncatingServer(answers: Answer[]) {
  const udp: Socket = createSocket('udp4');
  const asked: string[] = [];
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  const { port } = udp.address();
  udp.on('message', (message, remote) => {
    const query = decode(message);
    asked.push('udp');
    const reply = encode({
      type: 'response',
      id: query.id,
      flags: 0x8200,
      questions: query.questions,
      answers: [],
    });
    udp.send(reply, remote.port, remote.address);
  });
  const tcp: Server = createServer((socket) => {
    socket.once('data', (data) => {
      const query = decode(data.subarray(2));
      asked.push('tcp');
      const reply = encode({
        type: 'response',
        id: query.id,
        flags: 0x8180,
        questions: query.questions,
        answers,
      });
      const length = Buffer.alloc(2);
      length.writeUInt16BE(reply.length, 0);
      socket.end(Buffer.concat([length, reply]));
    });
  });
  await new Promise<void>((resolve) => tcp.listen(port, '127.0.0.1', resolve));
  return {
    server: `127.0.0.1:${port}`,
    asked,
    close: async () => {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}

describe('exchangeA', () => {
  it('asks again over TCP when the UDP answer is truncated (RFC 1035 4.2)', async () => {
    // Prepare
    const lab = await truncatingServer([
      { type: 'CNAME', name: 'db.example', ttl: 30, data: 'db-1.example' },
      { type: 'A', name: 'db-1.example', ttl: 5, data: '10.0.0.7' },
    ]);
    try {
      // Act
      const reply = await exchangeA(lab.server, 'db.example', 2000);
      // Assess
      expect(lab.asked).toEqual(['udp', 'tcp']);
      expect(reply).toMatchObject({
        rcode: 0,
        truncated: false,
        answers: [
          { type: 'CNAME', name: 'db.example', ttl: 30, target: 'db-1.example' },
          { type: 'A', name: 'db-1.example', ttl: 5, address: '10.0.0.7' },
        ],
      });
    } finally {
      await lab.close();
    }
  });
});
