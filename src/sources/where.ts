// Row filters: "language_score>=0.9", "language=en", "dump!=CC-MAIN-2013-20". A row must meet all.
import { UsageError } from "../errors.js";

export type Op = "=" | "!=" | "<" | "<=" | ">" | ">=";

export interface Condition {
  column: string;
  op: Op;
  /** A number when the value is written as one ("0.9"), else the text (quotes removed). */
  value: number | string;
}

const CONDITION = /^\s*([^\s=!<>]+)\s*(==|=|!=|<=|>=|<|>)\s*(.*?)\s*$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function parseWhere(expressions: readonly string[]): Condition[] {
  return expressions.map((expression) => {
    const m = CONDITION.exec(expression);
    if (!m || m[3] === "") {
      throw new UsageError(`--where "${expression}" is not a condition (write COLUMN OP VALUE with OP one of = != < <= > >=, e.g. language_score>=0.9).`);
    }
    const raw = m[3];
    const quoted = /^(["']).*\1$/.test(raw);
    const value = quoted ? raw.slice(1, -1) : NUMBER.test(raw) ? Number(raw) : raw;
    return { column: m[1], op: (m[2] === "==" ? "=" : m[2]) as Op, value };
  });
}

export function whereColumns(conditions: readonly Condition[]): string[] {
  return [...new Set(conditions.map((c) => c.column))];
}

/** Whether the row meets every condition; a missing or null value meets none. */
export function meets(row: Record<string, unknown>, conditions: readonly Condition[]): boolean {
  return conditions.every((c) => compare(row[c.column], c));
}

function compare(actual: unknown, { op, value }: Condition): boolean {
  if (actual === null || actual === undefined) return false;
  const a = typeof actual === "bigint" ? Number(actual) : actual instanceof Date ? actual.toISOString() : actual;
  const numeric = typeof value === "number" && (typeof a === "number" || (typeof a === "string" && NUMBER.test(a)));
  const left = numeric ? Number(a) : String(a);
  const right = numeric ? value : String(value);
  switch (op) {
    case "=":
      return left === right;
    case "!=":
      return left !== right;
    case "<":
      return left < right;
    case "<=":
      return left <= right;
    case ">":
      return left > right;
    case ">=":
      return left >= right;
  }
}
