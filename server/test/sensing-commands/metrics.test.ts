/**
 * The sensing gauges and counters on `/metrics`: devices by state, values accepted and refused,
 * the ingestion queue and batch size, MQTT connections, open alarms by severity, commands by status.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mqtt, { type MqttClient } from 'mqtt';
import { forEachDialect, type TestApp } from '../helpers/test-app.js';
import { call, createDevice, postReadings, startTinyCity } from '../sensing/sensing-test-kit.js';

/** The value of one sample line (`name{labels} value`), or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

forEachDialect((dialect) => {
  describe(`sensing metrics (${dialect})`, () => {
    let t: TestApp;
    let client: MqttClient | null = null;
    before(async () => {
      t = await startTinyCity(dialect);
    });
    after(async () => {
      await client?.endAsync(true).catch(() => {});
      await t?.close();
    });

    const scrape = async () => {
      const res = await t.inject({ method: 'GET', url: '/metrics' });
      assert.equal(res.statusCode, 200);
      return res.body;
    };

    it('counts devices, values, connections, alarms and commands', async () => {
      const before = await scrape();
      assert.equal(sample(before, 'zhicheng_sensing_devices{state="online"}'), 0);
      assert.equal(sample(before, 'zhicheng_sensing_values_total{outcome="accepted"}'), 0);
      assert.match(before, /# TYPE zhicheng_sensing_values_total counter/);
      assert.match(before, /# TYPE zhicheng_sensing_devices gauge/);

      const gauge = await createDevice(t, { id: 'met-wl', type: 'WaterLevel', metadata: { warningLevel: 3, alertLevel: 3.8 } });
      const light = await createDevice(t, { id: 'met-sl', type: 'Streetlight' });
      const off = await createDevice(t, { id: 'met-off', type: 'Streetlight' });
      await call(t, 'PATCH', `/sensing/devices/${off.id}`, { enabled: false });
      const rule = await call(t, 'POST', '/sensing/rules', {
        name: '水位超警戒',
        deviceId: gauge.id,
        property: 'level',
        operator: '>',
        threshold: 3.2,
        durationSeconds: 0,
        severity: 'orange',
      });
      assert.equal(rule.status, 201, rule.raw);
      const posted = await postReadings(t, gauge.id, gauge.token, [{ values: { level: 3.5 } }, { values: { level: 'high' } }]);
      assert.equal(posted.status, 207);
      client = await mqtt.connectAsync(t.platform.services.sensing.mqttUrl()!, {
        username: light.id,
        password: light.token,
        clientId: 'met-sl',
        reconnectPeriod: 0,
      });
      await client.subscribeAsync(`devices/${light.id}/commands`, { qos: 1 });
      const cmd = await call(t, 'POST', `/sensing/devices/${light.id}/commands`, { name: 'dim', params: { level: 5 } });
      assert.equal(cmd.status, 202, cmd.raw);
      // The alarm is raised after the commit, by the rule engine.
      let text = '';
      for (let i = 0; i < 50; i++) {
        text = await scrape();
        if (sample(text, 'zhicheng_sensing_alarms_active{severity="orange"}') === 1) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(sample(text, 'zhicheng_sensing_alarms_active{severity="orange"}'), 1);
      assert.equal(sample(text, 'zhicheng_sensing_alarms_active{severity="red"}'), 0);
      assert.equal(sample(text, 'zhicheng_sensing_devices{state="online"}'), 2);
      assert.equal(sample(text, 'zhicheng_sensing_devices{state="disabled"}'), 1);
      assert.equal(sample(text, 'zhicheng_sensing_devices{state="offline"}'), 0);
      assert.equal(sample(text, 'zhicheng_sensing_values_total{outcome="accepted"}'), 1);
      assert.equal(sample(text, 'zhicheng_sensing_values_total{outcome="rejected"}'), 1);
      assert.ok(sample(text, 'zhicheng_sensing_ingest_commits_total')! >= 1);
      assert.equal(sample(text, 'zhicheng_sensing_ingest_last_batch_size'), 2);
      assert.equal(sample(text, 'zhicheng_sensing_ingest_queue_depth'), 0);
      assert.equal(sample(text, 'zhicheng_sensing_mqtt_clients_connected'), 1);
      assert.equal(sample(text, 'zhicheng_sensing_commands{status="sent"}'), 1);
      assert.equal(sample(text, 'zhicheng_sensing_commands{status="acknowledged"}'), 0);
    });
  });
});
