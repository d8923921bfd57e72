/**
 * A small Prometheus text-format registry: request counters and latency histograms per route,
 * plus gauges that modules register (devices online, open cases...). Enough for `/metrics`
 * without a global registry, so two servers can live in one process (tests).
 */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type GaugeFn = () => number | Promise<number>;

/** One sample of a labelled metric family. */
export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** Reads the samples of a family at scrape time. */
export type FamilyFn = () => Sample[] | Promise<Sample[]>;

export class Metrics {
  readonly #requests = new Map<string, number>();
  readonly #latency = new Map<string, { buckets: number[]; sum: number; count: number }>();
  readonly #gauges = new Map<string, { help: string; fn: GaugeFn }>();
  readonly #families = new Map<string, { help: string; type: 'gauge' | 'counter'; fn: FamilyFn }>();

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const key = `method="${method}",route="${escape(route)}",status="${status}"`;
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
    const lk = `method="${method}",route="${escape(route)}"`;
    let h = this.#latency.get(lk);
    if (!h) this.#latency.set(lk, (h = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    BUCKETS.forEach((b, i) => {
      if (seconds <= b) h!.buckets[i]!++;
    });
    h.sum += seconds;
    h.count++;
  }

  /** Registers a gauge read at scrape time; `name` must follow Prometheus naming. */
  gauge(name: string, help: string, fn: GaugeFn): void {
    this.#gauges.set(name, { help, fn });
  }

  /**
   * Registers a labelled family read at scrape time: a `gauge` (devices by state) or a `counter`
   * (a running total the module keeps, such as readings accepted since start).
   */
  family(name: string, help: string, type: 'gauge' | 'counter', fn: FamilyFn): void {
    this.#families.set(name, { help, type, fn });
  }

  async render(): Promise<string> {
    const out: string[] = [];
    out.push('# HELP zhicheng_http_requests_total HTTP requests by route and status.', '# TYPE zhicheng_http_requests_total counter');
    for (const [k, v] of this.#requests) out.push(`zhicheng_http_requests_total{${k}} ${v}`);
    out.push(
      '# HELP zhicheng_http_request_duration_seconds HTTP request latency.',
      '# TYPE zhicheng_http_request_duration_seconds histogram',
    );
    for (const [k, h] of this.#latency) {
      BUCKETS.forEach((b, i) => out.push(`zhicheng_http_request_duration_seconds_bucket{${k},le="${b}"} ${h.buckets[i]}`));
      out.push(`zhicheng_http_request_duration_seconds_bucket{${k},le="+Inf"} ${h.count}`);
      out.push(`zhicheng_http_request_duration_seconds_sum{${k}} ${h.sum.toFixed(6)}`);
      out.push(`zhicheng_http_request_duration_seconds_count{${k}} ${h.count}`);
    }
    const mem = process.memoryUsage();
    out.push(
      '# HELP zhicheng_process_resident_memory_bytes Resident memory.',
      '# TYPE zhicheng_process_resident_memory_bytes gauge',
      `zhicheng_process_resident_memory_bytes ${mem.rss}`,
    );
    out.push(
      '# HELP zhicheng_process_heap_used_bytes V8 heap in use.',
      '# TYPE zhicheng_process_heap_used_bytes gauge',
      `zhicheng_process_heap_used_bytes ${mem.heapUsed}`,
    );
    out.push(
      '# HELP zhicheng_process_uptime_seconds Process uptime.',
      '# TYPE zhicheng_process_uptime_seconds gauge',
      `zhicheng_process_uptime_seconds ${process.uptime().toFixed(1)}`,
    );
    for (const [name, g] of this.#gauges) {
      let v: number;
      try {
        v = await g.fn();
      } catch {
        continue;
      }
      out.push(`# HELP ${name} ${g.help}`, `# TYPE ${name} gauge`, `${name} ${v}`);
    }
    for (const [name, f] of this.#families) {
      let samples: Sample[];
      try {
        samples = await f.fn();
      } catch {
        continue;
      }
      out.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`);
      for (const s of samples) {
        const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${escape(v)}"`);
        out.push(`${name}${labels.length ? `{${labels.join(',')}}` : ''} ${s.value}`);
      }
    }
    return out.join('\n') + '\n';
  }
}

function escape(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}
