/**
 * Where simulated devices connect: the embedded broker's address (a wildcard bind address is
 * reached on the loopback), or the external broker's URL without the platform's own credentials
 * (each device signs in as itself).
 *
 * @example simulatorBrokerUrl({ host: '0.0.0.0', port: 1883 }, null) // 'mqtt://127.0.0.1:1883'
 */
export function simulatorBrokerUrl(embedded: { host: string; port: number } | null, mqttUrl: string | null): string | null {
  if (embedded) {
    const host = embedded.host === '0.0.0.0' || embedded.host === '::' || embedded.host === '' ? '127.0.0.1' : embedded.host;
    return `mqtt://${host.includes(':') ? `[${host}]` : host}:${embedded.port}`;
  }
  if (mqttUrl) {
    const u = new URL(mqttUrl);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  }
  return null;
}
