import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time and memory of a server and every process under it, read from /proc (Linux): the same
 * measure for a node child, a java peer behind an npm launcher and the raw baseline.
 */
export const TICK_MS = 1000 / Number(safe(() => execFileSync('getconf', ['CLK_TCK']).toString().trim()) ?? 100);

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

interface Stat {
  ppid: number;
  cpuTicks: number;
}

function stat(pid: number): Stat | undefined {
  const text = safe(() => readFileSync(`/proc/${pid}/stat`, 'utf8'));
  if (!text) return undefined;
  // The command name may hold spaces and parentheses: fields start after the last ')'.
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(f[1]), cpuTicks: Number(f[11]) + Number(f[12]) };
}

function tree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of safe(() => readdirSync('/proc')) ?? []) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(Number(name));
    if (!s) continue;
    const list = children.get(s.ppid) ?? [];
    list.push(Number(name));
    children.set(s.ppid, list);
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    out.push(pid);
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(root);
  return out;
}

/** CPU ms (user + system) used so far by the process and its descendants. */
export function cpuMs(pid: number): number {
  return tree(pid).reduce((sum, p) => sum + (stat(p)?.cpuTicks ?? 0) * TICK_MS, 0);
}

/** Resident memory (MB) of the process and its descendants. */
export function rssMb(pid: number): number {
  let kb = 0;
  for (const p of tree(pid)) {
    const m = safe(() => readFileSync(`/proc/${p}/status`, 'utf8'))?.match(/^VmRSS:\s+(\d+) kB/m);
    if (m) kb += Number(m[1]);
  }
  return kb / 1024;
}
