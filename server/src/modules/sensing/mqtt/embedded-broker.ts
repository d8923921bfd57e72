/**
 * The embedded MQTT broker (Aedes) on `MQTT_PORT`. Devices connect with username = device id and
 * password = device token; a wrong token, an unknown or a disabled device is refused at CONNECT.
 * A device may publish only `devices/{ownId}/telemetry|events|commands/ack` (anything else drops the
 * connection) and subscribe only to `devices/{ownId}/commands` (anything else is refused in the
 * SUBACK). Telemetry is ingested inside `authorizePublish`, whose callback is what lets Aedes
 * send the PUBACK: QoS 1 is acknowledged only after the reading is durable.
 */
import { createServer, type Server } from 'node:net';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import type { Logger } from 'pino';
import { isDomainError } from '../../../kernel/errors.js';
import type { DeviceCache } from '../device-cache.js';
import type { DevicesService } from '../devices.service.js';
import type { DeviceMessages } from './device-messages.js';
import { deviceTopic, parseDeviceTopic } from './device-topics.js';

/** MQTT 3.1.1 CONNACK return codes (table 3.1). */
const BAD_CREDENTIALS = 4;
const NOT_AUTHORIZED = 5;
const SERVER_UNAVAILABLE = 3;

/** Where the broker listens and what it checks devices against. */
export interface EmbeddedBrokerDeps {
  host: string;
  port: number;
  logger: Logger;
  devices: Pick<DevicesService, 'authenticate'>;
  cache: Pick<DeviceCache, 'onRevoked'>;
  messages: DeviceMessages;
}

/** Aedes on a TCP port with device authentication and topic rules. */
export class EmbeddedBroker {
  #aedes: Aedes | null = null;
  #server: Server | null = null;
  readonly #deviceOf = new WeakMap<Client, string>();
  readonly #clients = new Map<string, Set<Client>>();
  #stopRevoked: (() => void) | null = null;
  #address: { host: string; port: number } | null = null;

  constructor(private readonly deps: EmbeddedBrokerDeps) {}

  /** Where the broker listens, once started. */
  get address(): { host: string; port: number } | null {
    return this.#address;
  }

  /** Starts Aedes and listens; resolves with the bound address. */
  async start(): Promise<{ host: string; port: number }> {
    const aedes = await Aedes.createBroker({ connectTimeout: 10_000, drainTimeout: 30_000, heartbeatInterval: 60_000 });
    this.#aedes = aedes;
    aedes.authenticate = (client, username, password, done) => this.#authenticate(client, username, password, done);
    aedes.authorizePublish = (client, packet, done) => this.#authorizePublish(client, packet.topic, packet.payload, done);
    aedes.authorizeSubscribe = (client, sub, done) => {
      const own = this.#deviceOf.get(client);
      done(null, own !== undefined && sub.topic === deviceTopic(own, 'commands') ? sub : null);
    };
    aedes.on('clientDisconnect', (client) => this.#forget(client));
    aedes.on('clientError', (client, err) => this.deps.logger.debug({ client: client?.id, err: err.message }, 'mqtt client error'));
    this.#stopRevoked = this.deps.cache.onRevoked((deviceId) => {
      for (const c of this.#clients.get(deviceId) ?? []) c.close();
    });
    const server = createServer((socket) => aedes.handle(socket));
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e) =>
        reject(
          new Error(
            `Cannot start the MQTT broker on ${this.deps.host}:${this.deps.port}: ${e.message} (set MQTT_PORT, or MQTT_URL for an external broker)`,
          ),
        ),
      );
      server.listen(this.deps.port, this.deps.host, () => {
        server.removeAllListeners('error');
        resolve();
      });
    });
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : this.deps.port;
    this.#address = { host: this.deps.host, port };
    return this.#address;
  }

  /** Publishes a message to the devices subscribed to `topic` (QoS 1); resolves once Aedes took it. */
  publish(topic: string, payload: string): Promise<void> {
    const aedes = this.#aedes;
    if (!aedes) return Promise.reject(new Error('the embedded broker is not running'));
    return new Promise((resolve, reject) => {
      aedes.publish({ cmd: 'publish', topic, payload: Buffer.from(payload, 'utf8'), qos: 1, retain: false, dup: false }, (err) =>
        err ? reject(err) : resolve(),
      );
    });
  }

  /** Whether a device holds a connection now. */
  connected(deviceId: string): boolean {
    return (this.#clients.get(deviceId)?.size ?? 0) > 0;
  }

  /** Device connections now open. */
  get clientCount(): number {
    let n = 0;
    for (const set of this.#clients.values()) n += set.size;
    return n;
  }

  /** Stops accepting, disconnects every client and closes the broker. */
  async stop(): Promise<void> {
    this.#stopRevoked?.();
    const server = this.#server;
    const aedes = this.#aedes;
    this.#server = null;
    this.#aedes = null;
    // Stop accepting first, then disconnect the clients: the server's close completes only once
    // every connection has ended.
    const serverClosed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    if (aedes) await new Promise<void>((resolve) => aedes.close(() => resolve()));
    await serverClosed;
  }

  #authenticate(
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: (error: AuthenticateError | null, success: boolean | null) => void,
  ): void {
    const refuse = (code: number, message: string) =>
      done(Object.assign(new Error(message), { returnCode: code }) as AuthenticateError, null);
    if (!username || !password) return refuse(BAD_CREDENTIALS, 'username (device id) and password (device token) are required');
    this.deps.devices.authenticate(username, password.toString('utf8')).then(
      (auth) => {
        if (!auth.ok) return refuse(auth.reason === 'disabled' ? NOT_AUTHORIZED : BAD_CREDENTIALS, `device ${username}: ${auth.reason}`);
        this.#deviceOf.set(client, username);
        let set = this.#clients.get(username);
        if (!set) this.#clients.set(username, (set = new Set()));
        set.add(client);
        done(null, true);
      },
      (e) => {
        this.deps.logger.error({ err: e }, 'mqtt authentication failed');
        refuse(SERVER_UNAVAILABLE, 'server unavailable');
      },
    );
  }

  #authorizePublish(client: Client | null, topic: string, payload: Buffer | string, done: (error?: Error | null) => void): void {
    const own = client ? this.#deviceOf.get(client) : undefined;
    const t = parseDeviceTopic(topic);
    if (own === undefined || !t || t.deviceId !== own || t.channel === 'commands') {
      // MQTT 3.1.1 has no negative PUBACK: an unauthorised publish closes the connection (MQTT-3.3.5-2).
      return done(new Error(`device ${own ?? '?'} may not publish to ${topic}`));
    }
    this.deps.messages.handle(own, t.channel, payload).then(
      () => done(null),
      (e) => {
        if (!isDomainError(e)) this.deps.logger.error({ err: e, deviceId: own }, 'mqtt message not stored');
        // Not acknowledged: the device keeps the message and sends it again after reconnecting.
        done(e instanceof Error ? e : new Error(String(e)));
      },
    );
  }

  #forget(client: Client): void {
    const id = this.#deviceOf.get(client);
    if (id === undefined) return;
    const set = this.#clients.get(id);
    set?.delete(client);
    if (set && set.size === 0) this.#clients.delete(id);
  }
}
