/**
 * The bridge to an external broker (`MQTT_URL`: Mosquitto, EMQX). The platform subscribes with
 * shared subscriptions (`$share/zhicheng/devices/+/telemetry`, `…/events` and `…/commands/ack`, QoS 1), so several
 * nodes split the device traffic, and acknowledges each message only after it is durable
 * (mqtt.js `customHandleAcks`). Persistent sessions (clean = false) make the broker keep and
 * resend what was not acknowledged when a node stops.
 *
 * The external broker authenticates devices itself: configure it to check device tokens
 * (EMQX: HTTP authentication against `POST /api/v1/sensing/mqtt/auth` and
 * `/sensing/mqtt/acl`; Mosquitto: dynamic security or a go-auth HTTP backend pointing there),
 * and to allow a device only `devices/{its id}/…` topics. The bridge trusts the topic's id.
 *
 * mqtt.js hands one message at a time to a connection, so the bridge opens several connections
 * to keep group commits full.
 */
import { hostname } from 'node:os';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { isDomainError } from '../../../kernel/errors.js';
import type { DeviceMessages } from './device-messages.js';
import { parseDeviceTopic } from './device-topics.js';

/**
 * Connections per node. Each carries one unacknowledged message at a time, so this bounds how many
 * messages share a group commit: with 8 the PostgreSQL + Mosquitto benchmark stored ≈300 points/s
 * while Mosquitto dropped what queued beyond its per-client limit.
 */
const CONNECTIONS = 32;
const SHARE_GROUP = 'zhicheng';

/** The broker URL and what to hand messages to. */
export interface ExternalBrokerDeps {
  url: string;
  logger: Logger;
  messages: DeviceMessages;
  /** Stable per node and data directory, so a restarted node resumes its persistent sessions. */
  nodeKey: string;
}

/** Shared-subscription bridge to an external broker, acknowledging after ingestion. */
export class ExternalBroker {
  #clients: MqttClient[] = [];

  constructor(private readonly deps: ExternalBrokerDeps) {}

  /** Connects and subscribes; resolves once every connection is subscribed. */
  async start(): Promise<void> {
    const base = `zc-${hostname().slice(0, 20)}-${this.deps.nodeKey}`;
    await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => this.#connect(`${base}-${i}`)));
  }

  /** Publishes a command QoS 1 through one of the platform's connections; resolves on the broker's PUBACK. */
  async publish(topic: string, payload: string): Promise<void> {
    const client = this.#clients.find((c) => c.connected);
    if (!client) throw new Error('no connection to the external MQTT broker');
    await client.publishAsync(topic, payload, { qos: 1 });
  }

  async stop(): Promise<void> {
    const clients = this.#clients;
    this.#clients = [];
    await Promise.all(clients.map((c) => c.endAsync().catch(() => {})));
  }

  async #connect(clientId: string): Promise<void> {
    const client = mqtt.connect(this.deps.url, {
      clientId,
      clean: false,
      protocolVersion: 5,
      // Keep the session while the node restarts (seconds).
      properties: { sessionExpiryInterval: 3600 },
      reconnectPeriod: 2_000,
      customHandleAcks: (topic, message, _packet, done) => {
        this.#handle(topic, message).then(
          () => done(0),
          // No PUBACK: the broker keeps the message for the session and redelivers it.
          (e: Error) => done(e, 0),
        );
      },
    });
    client.on('error', (e) => this.deps.logger.warn({ err: e.message, clientId }, 'external MQTT broker error'));
    this.#clients.push(client);
    await new Promise<void>((resolve, reject) => {
      const fail = (e: Error) => reject(new Error(`Cannot connect to MQTT_URL: ${e.message}`));
      client.once('error', fail);
      client.once('connect', () => {
        client.off('error', fail);
        resolve();
      });
    });
    await client.subscribeAsync({
      [`$share/${SHARE_GROUP}/devices/+/telemetry`]: { qos: 1 },
      [`$share/${SHARE_GROUP}/devices/+/events`]: { qos: 1 },
      [`$share/${SHARE_GROUP}/devices/+/commands/ack`]: { qos: 1 },
    });
  }

  async #handle(topic: string, message: Buffer): Promise<void> {
    const t = parseDeviceTopic(topic);
    if (!t || t.channel === 'commands') return;
    try {
      await this.deps.messages.handle(t.deviceId, t.channel, message);
    } catch (e) {
      // An unknown or disabled device cannot be fixed by resending: acknowledge and drop it.
      if (isDomainError(e, 'not_found') || isDomainError(e, 'forbidden')) {
        this.deps.logger.warn({ deviceId: t.deviceId, reason: (e as Error).message }, 'message of an unknown or disabled device dropped');
        return;
      }
      throw e;
    }
  }
}
