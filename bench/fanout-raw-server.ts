/**
 * The baseline of bench/fanout and bench/live, in its own process: a plain `ws` server that speaks just enough
 * graphql-ws for the same clients (connection_init → connection_ack, subscribe → remember the socket and its
 * operation id) and broadcasts. On `publish` (IPC from the bench) it puts the event's seq and a cursor for it into the
 * template (a `next` payload the API sent in the same run, see `rawTemplate` in bench/subscribers.ts), serializes
 * once, and sends each socket its `next` message built around those bytes. Prints `PORT <n>`.
 */
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

interface Subscriber {
  readonly socket: WebSocket;
  readonly prefix: string;
}

const subscribers: Subscriber[] = [];
let template = '';

const server = new WebSocketServer({ port: 0, host: '127.0.0.1', handleProtocols: (protocols) => (protocols.has('graphql-transport-ws') ? 'graphql-transport-ws' : false) });

server.on('connection', (socket) => {
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { type: string; id?: string };
    if (message.type === 'connection_init') socket.send('{"type":"connection_ack"}');
    else if (message.type === 'subscribe') subscribers.push({ socket, prefix: `{"id":${JSON.stringify(message.id)},"type":"next","payload":` });
    else if (message.type === 'ping') socket.send('{"type":"pong"}');
  });
  socket.on('close', () => {
    const index = subscribers.findIndex((s) => s.socket === socket);
    if (index >= 0) subscribers.splice(index, 1);
  });
});

function broadcast(seq: number): void {
  const cursor = Buffer.from(`Event:${seq}`).toString('base64url');
  const payload = template.replace('__SEQ__', String(seq)).replace('__CURSOR__', cursor);
  for (const { socket, prefix } of subscribers) {
    if (socket.readyState === WebSocket.OPEN) socket.send(prefix + payload + '}');
  }
}

type Command = { type: 'template'; payload: string } | { type: 'publish'; seqs: number[] } | { type: 'subscribers' };

process.on('message', (command: Command) => {
  if (command.type === 'template') template = command.payload;
  else if (command.type === 'publish') for (const seq of command.seqs) broadcast(seq);
  else process.send!({ type: 'subscribers', count: subscribers.length });
});

server.on('listening', () => console.log(`PORT ${(server.address() as AddressInfo).port}`));

process.on('SIGTERM', () => process.exit(0));
// The bench that started it is gone (it failed): do not outlive it.
process.on('disconnect', () => process.exit(0));
