/**
 * Signed exports of the catalog's audit trail (X-Road style): the kernel audit records of one
 * resource (or the whole catalog) in a period as JSON lines, and a manifest with their SHA-256,
 * the hash-chain head at export time and an Ed25519 signature over the manifest. The signing key
 * lives in DATA_DIR (created on first use, mode 0600); the manifest carries the public key.
 * docs/catalog.md "Audit export" gives the verification procedure; `verifyAuditExport` is it.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalJson, type AuditRecord } from '../../kernel/audit/audit-log.js';
import type { KernelContext } from '../../kernel/module.js';

/** The signed description of one export. */
export interface AuditExportManifest {
  format: 'zhicheng-catalog-audit-export/1';
  scope: { resourceId: string | null };
  period: { from: string; to: string };
  records: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** Hex SHA-256 of the JSON-lines text. */
  sha256: string;
  /** The chain head when the export was made (every exported record is at or before it). */
  chainHead: { seq: number; hash: string } | null;
  exportedAt: string;
  exportedBy: string;
  /** SPKI PEM of the Ed25519 key that signed this manifest. */
  publicKey: string;
  /** Base64 Ed25519 signature over canonical JSON of the manifest without this member. */
  signature: string;
}

const KEY_FILE = 'catalog-audit-signing-key.pem';
/** Records read per page from the audit log. */
const PAGE = 5000;

/** The node's signing key, created in DATA_DIR on first use. */
export function signingKey(dataDir: string): { privateKey: KeyObject; publicPem: string } {
  const file = path.join(dataDir, KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  }
  const privateKey = createPrivateKey(readFileSync(file));
  const publicPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return { privateKey, publicPem };
}

/** The hash of one audit record as the kernel chains it (see kernel/audit/audit-log.ts). */
export function recordHash(r: AuditRecord): string {
  return createHash('sha256')
    .update([r.prevHash, r.seq, Date.parse(r.at), r.actor, r.action, r.target, canonicalJson(r.detail)].join('\n'))
    .digest('hex');
}

/** True when the record belongs to the resource's trail. */
function concerns(r: AuditRecord, resourceId: string, related: Set<string>): boolean {
  return r.target === `resource:${resourceId}` || related.has(r.target) || r.detail.resourceId === resourceId;
}

/**
 * Builds a signed export. `related` are further targets of the resource's trail (its share
 * requests and grants).
 */
export async function buildAuditExport(
  ctx: KernelContext,
  q: { resourceId: string | null; related: string[]; from: number; to: number; exportedBy: string },
): Promise<{ manifest: AuditExportManifest; jsonl: string }> {
  const related = new Set(q.related);
  const head = (await ctx.audit.list({ limit: 1 }))[0] ?? null;
  const picked: AuditRecord[] = [];
  let before: number | undefined = head ? head.seq + 1 : undefined;
  for (;;) {
    const page = await ctx.audit.list({ action: 'catalog.*', from: new Date(q.from), to: new Date(q.to), limit: PAGE, beforeSeq: before });
    for (const r of page) if (q.resourceId === null || concerns(r, q.resourceId, related)) picked.push(r);
    if (page.length < PAGE) break;
    before = page[page.length - 1]!.seq;
  }
  picked.reverse(); // oldest first, as the chain runs
  const jsonl = picked.map((r) => JSON.stringify(r)).join('\n') + (picked.length ? '\n' : '');
  const key = signingKey(ctx.config.dataDir);
  const unsigned: Omit<AuditExportManifest, 'signature'> = {
    format: 'zhicheng-catalog-audit-export/1',
    scope: { resourceId: q.resourceId },
    period: { from: new Date(q.from).toISOString(), to: new Date(q.to).toISOString() },
    records: picked.length,
    firstSeq: picked[0]?.seq ?? null,
    lastSeq: picked[picked.length - 1]?.seq ?? null,
    sha256: createHash('sha256').update(jsonl, 'utf8').digest('hex'),
    chainHead: head ? { seq: head.seq, hash: head.hash } : null,
    exportedAt: new Date(ctx.now()).toISOString(),
    exportedBy: q.exportedBy,
    publicKey: key.publicPem,
  };
  const signature = sign(null, Buffer.from(canonicalJson(unsigned), 'utf8'), key.privateKey).toString('base64');
  return { manifest: { ...unsigned, signature }, jsonl };
}

/**
 * Verifies an export: the signature over the manifest, the JSON lines against its SHA-256, and
 * each record's own chain hash. Returns the problems found (empty = valid).
 */
export function verifyAuditExport(manifest: AuditExportManifest, jsonl: string, trustedPublicKey?: string): string[] {
  const problems: string[] = [];
  const { signature, ...unsigned } = manifest;
  const pem = trustedPublicKey ?? manifest.publicKey;
  try {
    if (!verify(null, Buffer.from(canonicalJson(unsigned), 'utf8'), createPublicKey(pem), Buffer.from(signature, 'base64'))) {
      problems.push('the manifest signature does not verify');
    }
  } catch (e) {
    problems.push(`the signature cannot be checked: ${(e as Error).message}`);
  }
  if (createHash('sha256').update(jsonl, 'utf8').digest('hex') !== manifest.sha256)
    problems.push('the records do not match the manifest sha256');
  const lines = jsonl.split('\n').filter(Boolean);
  if (lines.length !== manifest.records) problems.push(`the manifest says ${manifest.records} records, there are ${lines.length}`);
  for (const l of lines) {
    const r = JSON.parse(l) as AuditRecord;
    if (recordHash(r) !== r.hash) problems.push(`record ${r.seq} does not match its chain hash`);
    if (manifest.chainHead && r.seq > manifest.chainHead.seq) problems.push(`record ${r.seq} is after the chain head`);
  }
  return problems;
}
