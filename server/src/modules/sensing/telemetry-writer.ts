/**
 * What one group commit writes, and the writer per dialect. The write path is the one place the
 * module leaves plain Kysely: SQLite runs prepared statements on the connection Kysely's
 * transaction holds (no query building per row), PostgreSQL sends each table's rows as arrays
 * through `unnest` (one statement per table, whatever the batch size). Both apply the same rules:
 * a value already stored for the same device, property and instant is a no-op; latest values
 * only move forward in time; rollups add only values that were new.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.js';
import type { ReadingPartitions } from './partitions.js';
import { PostgresTelemetryWriter } from './postgres-telemetry-writer.js';
import { SqliteTelemetryWriter } from './sqlite-telemetry-writer.js';

/** A value to store. */
export interface PointRow {
  deviceId: string;
  property: string;
  ts: number;
  num: number | null;
  text: string | null;
}

/** A refusal to record. */
export interface RejectionRow {
  deviceId: string;
  receivedAt: number;
  channel: string;
  index: number;
  property: string | null;
  reason: string;
  excerpt: string | null;
}

/** A sign of life: the device delivered valid values at `receivedAt` (server clock). */
export interface SeenRow {
  deviceId: string;
  receivedAt: number;
  /** receivedAt + 3 reporting intervals. */
  offlineAfter: number;
}

/** Everything one commit writes. */
export interface CommitBatch {
  points: PointRow[];
  rejections: RejectionRow[];
  /** At most one per device. */
  seen: SeenRow[];
}

/** What the commit found. */
export interface CommitOutcome {
  /** 1 where `points[i]` was new, 0 where it was already stored. */
  inserted: Uint8Array;
  /** Devices that were offline and are online again. */
  cameOnline: string[];
}

/** Writes a commit's rows inside the caller's transaction. */
export interface TelemetryWriter {
  write(trx: Kysely<any>, batch: CommitBatch): Promise<CommitOutcome>;
}

/** The writer for the platform's database (`partitions`: PostgreSQL's day partitions of raw readings). */
export function createTelemetryWriter(db: Database, partitions: ReadingPartitions | null = null): TelemetryWriter {
  if (db.dialect === 'sqlite') {
    if (!db.sqlite) throw new Error('SQLite database without its raw handle');
    return new SqliteTelemetryWriter(db.sqlite);
  }
  return new PostgresTelemetryWriter(partitions);
}
