/**
 * The baseline of the ingest benchmark, run as a child process like the platform: a plain Aedes
 * broker (no authentication, nothing stored) with one plain subscriber taking every telemetry
 * message at QoS 1 and parsing it. Prints `raw broker on mqtt://127.0.0.1:PORT` when ready and
 * `raw subscriber received N` on SIGTERM.
 */
import { createServer } from 'node:net';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';

const aedes = await Aedes.createBroker();
const server = createServer((socket) => aedes.handle(socket));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
const port = (server.address() as { port: number }).port;
const url = `mqtt://127.0.0.1:${port}`;

let received = 0;
const subscriber = await mqtt.connectAsync(url, { clientId: 'raw-subscriber', reconnectPeriod: 0 });
subscriber.on('message', (_topic, payload) => {
  JSON.parse(payload.toString('utf8'));
  received++;
});
await subscriber.subscribeAsync('devices/+/telemetry', { qos: 1 });
console.log(`raw broker on ${url}`);

process.on('SIGTERM', () => {
  console.log(`raw subscriber received ${received}`);
  void subscriber.endAsync(true).finally(() => {
    aedes.close(() => server.close(() => process.exit(0)));
  });
});
