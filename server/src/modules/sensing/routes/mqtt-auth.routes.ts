/**
 * Device authentication for an external broker (EMQX 5 "HTTP Server" authenticator and
 * authorizer): the broker posts the CONNECT credentials or the topic a client wants, and gets
 * `{"result": "allow" | "deny"}` — the same decisions the embedded broker makes. The platform's
 * own bridge connection (client id `zc-…`) must be let through by the broker's own rules.
 * Public, because the broker calls it; it answers only allow/deny, as a CONNECT would. No rate
 * limit: all calls come from the broker's address, and a reconnect storm of thousands of devices
 * must not be throttled; guessing a 256-bit token is hopeless anyway.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { DevicesService } from '../devices.service.js';
import { deviceTopic, parseDeviceTopic } from '../mqtt/device-topics.js';

const Answer = Type.Object({ result: Type.Enum(['allow', 'deny']), is_superuser: Type.Optional(Type.Boolean()) });

/** The EMQX HTTP authentication and authorization routes. */
export function mqttAuthRoutes(devices: DevicesService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/sensing/mqtt/auth',
      {
        config: { public: true },
        schema: {
          tags: ['sensing'],
          summary: 'EMQX HTTP authentication: may this device connect (username = device id, password = token)?',
          body: Type.Object({
            username: Type.String({ maxLength: 200 }),
            password: Type.String({ maxLength: 500 }),
            clientid: Type.Optional(Type.String({ maxLength: 200 })),
          }),
          response: { 200: Answer },
        },
      },
      async (req) => {
        const auth = await devices.authenticate(req.body.username, req.body.password);
        return { result: auth.ok ? ('allow' as const) : ('deny' as const), is_superuser: false };
      },
    );

    app.post(
      '/sensing/mqtt/acl',
      {
        config: { public: true },
        schema: {
          tags: ['sensing'],
          summary: 'EMQX HTTP authorization: may this device publish or subscribe to this topic?',
          body: Type.Object({
            username: Type.String({ maxLength: 200 }),
            topic: Type.String({ maxLength: 500 }),
            action: Type.Enum(['publish', 'subscribe']),
          }),
          response: { 200: Answer },
        },
      },
      async (req) => {
        const { username, topic, action } = req.body;
        const t = parseDeviceTopic(topic);
        const allowed =
          action === 'subscribe'
            ? topic === deviceTopic(username, 'commands')
            : t !== null && t.deviceId === username && t.channel !== 'commands';
        return { result: allowed ? ('allow' as const) : ('deny' as const) };
      },
    );
  };
}
