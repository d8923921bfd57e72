/**
 * The NGSI-LD query language (CIM 009 §4.9): `q=pm25>75;(status=="on"|level==1..5)`. Parsed
 * once into a tree that the entity store turns into SQL (so a filter never loads every entity)
 * and that subscriptions evaluate in memory against one entity.
 *
 * Grammar as implemented: `;` (AND) binds tighter than `|` (OR); parentheses group; a term is
 * `attr`, `attr.observedAt` (or `.unitCode`) with an operator `== != > >= < <=` and a value:
 * a number, `true`/`false`, a "quoted string", an unquoted ISO date-time, a range `a..b` or a
 * list `a,b,c`. A bare `attr` asks that the attribute exists.
 */
import { badRequest, NgsiLdError } from './ngsi-ld-errors.js';

/** A literal of the query language. */
export type QValue = number | string | boolean;

/** What a term compares with. */
export type QOperand = { kind: 'value'; value: QValue } | { kind: 'range'; low: QValue; high: QValue } | { kind: 'list'; values: QValue[] };

/** Comparison operators. */
export type QOperator = '==' | '!=' | '>' | '>=' | '<' | '<=';

/** One term: an attribute (platform name), an optional sub-attribute, and an optional comparison. */
export interface QTerm {
  kind: 'term';
  attr: string;
  /** `observedAt` compares the time of the value, not the value. */
  sub: 'observedAt' | 'unitCode' | null;
  op: QOperator | null;
  operand: QOperand | null;
}

/** A parsed query. */
export type QNode = QTerm | { kind: 'and' | 'or'; items: QNode[] };

/** Most terms one query may hold (a guard against queries built to exhaust the database). */
export const MAX_Q_TERMS = 32;

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses `q`; `resolve` maps a caller's attribute term to the platform name (see json-ld-context).
 *
 * @example parseQuery('pm25>75;status=="on"', (t) => t) // {kind:'and', items:[…]}
 */
export function parseQuery(q: string, resolve: (term: string) => string): QNode {
  const p = new Parser(q, resolve);
  const node = p.parseOr();
  if (!p.done()) throw badRequest(`q: unexpected "${q.slice(p.pos)}" at position ${p.pos}`);
  if (p.terms > MAX_Q_TERMS) throw new NgsiLdError('TooComplexQuery', `q has ${p.terms} terms; at most ${MAX_Q_TERMS}`);
  return node;
}

class Parser {
  pos = 0;
  terms = 0;
  constructor(
    private readonly s: string,
    private readonly resolve: (term: string) => string,
  ) {}

  done(): boolean {
    return this.pos >= this.s.length;
  }

  parseOr(): QNode {
    const items = [this.parseAnd()];
    while (this.s[this.pos] === '|') {
      this.pos++;
      items.push(this.parseAnd());
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  parseAnd(): QNode {
    const items = [this.parsePrimary()];
    while (this.s[this.pos] === ';') {
      this.pos++;
      items.push(this.parsePrimary());
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  parsePrimary(): QNode {
    if (this.s[this.pos] === '(') {
      this.pos++;
      const inner = this.parseOr();
      if (this.s[this.pos] !== ')') throw badRequest(`q: missing ")" at position ${this.pos}`);
      this.pos++;
      return inner;
    }
    return this.parseTerm();
  }

  parseTerm(): QTerm {
    this.terms++;
    const start = this.pos;
    const m = /^[^\s=!<>~;|()"]+/.exec(this.s.slice(this.pos));
    if (!m) throw badRequest(`q: expected an attribute name at position ${start}`);
    this.pos += m[0].length;
    const path = m[0];
    let attrTerm = path;
    let sub: QTerm['sub'] = null;
    const bracket = path.indexOf('[');
    if (bracket >= 0)
      throw new NgsiLdError('OperationNotSupported', `q: ${path}: querying inside structured values ([…]) is not supported`);
    const dot = path.lastIndexOf('.');
    // A dot ends the attribute name only before a known sub-attribute: full URIs contain dots too.
    if (dot > 0) {
      const tail = path.slice(dot + 1);
      if (tail === 'observedAt' || tail === 'unitCode') {
        sub = tail;
        attrTerm = path.slice(0, dot);
      } else if (!/^https?:/.test(path) && !path.includes(':')) {
        throw new NgsiLdError('OperationNotSupported', `q: ${path}: only the sub-attributes observedAt and unitCode can be queried`);
      }
    }
    const attr = this.resolve(attrTerm);
    const opMatch = /^(==|!=|>=|<=|>|<|~=|!~=)/.exec(this.s.slice(this.pos));
    if (!opMatch) return { kind: 'term', attr, sub, op: null, operand: null };
    this.pos += opMatch[0].length;
    if (opMatch[0] === '~=' || opMatch[0] === '!~=')
      throw new NgsiLdError('OperationNotSupported', `q: the pattern operators ~= and !~= are not supported (${path})`);
    const op = opMatch[0] as QOperator;
    const operand = this.parseOperand(path);
    if (operand.kind !== 'value' && op !== '==' && op !== '!=')
      throw badRequest(`q: ${path}${op}: ranges and lists only go with == and !=`);
    return { kind: 'term', attr, sub, op, operand };
  }

  parseOperand(path: string): QOperand {
    const first = this.parseValue(path);
    if (this.s.startsWith('..', this.pos)) {
      this.pos += 2;
      const high = this.parseValue(path);
      if (typeof first !== typeof high) throw badRequest(`q: the range of ${path} mixes value types`);
      return { kind: 'range', low: first, high };
    }
    if (this.s[this.pos] === ',') {
      const values = [first];
      while (this.s[this.pos] === ',') {
        this.pos++;
        values.push(this.parseValue(path));
      }
      return { kind: 'list', values };
    }
    return { kind: 'value', value: first };
  }

  parseValue(path: string): QValue {
    if (this.s[this.pos] === '"') {
      let out = '';
      let i = this.pos + 1;
      for (; i < this.s.length && this.s[i] !== '"'; i++) {
        if (this.s[i] === '\\' && i + 1 < this.s.length) i++;
        out += this.s[i];
      }
      if (i >= this.s.length) throw badRequest(`q: unterminated string after ${path}`);
      this.pos = i + 1;
      return out;
    }
    // An unquoted value runs to the next separator; `..` ends it too (ranges), but not a decimal point.
    const rest = this.s.slice(this.pos);
    const m = /^(?:[^;|(),".]|\.(?!\.))+/.exec(rest);
    if (!m) throw badRequest(`q: expected a value after ${path} at position ${this.pos}`);
    this.pos += m[0].length;
    const raw = m[0];
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw)) return Number(raw);
    if (ISO_DATE_TIME.test(raw)) {
      if (Number.isNaN(Date.parse(raw))) throw badRequest(`q: ${raw} is not a valid date-time`);
      return raw;
    }
    throw badRequest(`q: ${raw} (after ${path}) is not a number, true/false, a date-time or a "quoted string"`);
  }
}

/** One attribute's current state as a subscription evaluates it. */
export interface QAttributeState {
  value: QValue;
  observedAt: number | null;
  unitCode: string | null;
}

/** Evaluates a query against one entity's attributes (NGSI-LD: a missing attribute never matches). */
export function evaluateQuery(node: QNode, attrs: (name: string) => QAttributeState | undefined): boolean {
  if (node.kind !== 'term')
    return node.kind === 'and' ? node.items.every((n) => evaluateQuery(n, attrs)) : node.items.some((n) => evaluateQuery(n, attrs));
  const a = attrs(node.attr);
  if (!a) return false;
  if (!node.op || !node.operand) return true;
  let actual: QValue | null;
  if (node.sub === 'observedAt') actual = a.observedAt;
  else if (node.sub === 'unitCode') actual = a.unitCode;
  else actual = a.value;
  if (actual === null) return false;
  const cmp = (want: QValue): number | null => compareValues(actual!, want, node.sub === 'observedAt');
  const o = node.operand;
  let matches = false;
  if (o.kind === 'range') {
    const lo = cmp(o.low);
    const hi = cmp(o.high);
    matches = lo !== null && hi !== null && lo >= 0 && hi <= 0;
  } else if (o.kind === 'list') {
    matches = o.values.some((v) => cmp(v) === 0);
  } else {
    const c = cmp(o.value);
    if (c === null) return node.op === '!=';
    switch (node.op) {
      case '==':
        return c === 0;
      case '!=':
        return c !== 0;
      case '>':
        return c > 0;
      case '>=':
        return c >= 0;
      case '<':
        return c < 0;
      case '<=':
        return c <= 0;
    }
  }
  return node.op === '!=' ? !matches : matches;
}

/** Orders two values of the same kind; null when they cannot be compared. */
function compareValues(actual: QValue, want: QValue, isTime: boolean): number | null {
  if (isTime) {
    const t = typeof want === 'string' ? Date.parse(want) : NaN;
    if (Number.isNaN(t) || typeof actual !== 'number') return null;
    return Math.sign(actual - t);
  }
  if (typeof actual === 'number' && typeof want === 'number') return Math.sign(actual - want);
  if (typeof actual === 'boolean' && typeof want === 'boolean') return actual === want ? 0 : actual ? 1 : -1;
  if (typeof actual === 'string' && typeof want === 'string') return actual < want ? -1 : actual > want ? 1 : 0;
  return null;
}
