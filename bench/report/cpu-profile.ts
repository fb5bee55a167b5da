import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../support/app-dist';
import { table } from './format';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  label: string;
  file: string;
  /** Sampled time that was not idle, ms. */
  busyMs: number;
  topFrames: Array<{ frame: string; selfMs: number; share: number }>;
  topPackages: Array<{ where: string; selfMs: number; share: number }>;
  /** Time under each function of our own code (dist/apps, dist/libs, dist/bench): the nearest such frame on the stack. */
  underOwnCode: Array<{ frame: string; selfMs: number; share: number }>;
}

const OWN_CODE = /\/dist\/(apps|libs|bench)\//;

const IDLE = new Set(['(idle)']);

/**
 * Self time by function and by package of one .cpuprofile written by node --cpu-prof,
 * counting only samples inside `windowUs` (monotonic µs, V8's clock) when given:
 * start-up and warm-up stay out.
 */
export function summarizeProfile(label: string, file: string, windowUs?: [number, number], top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const frames = new Map<string, number>();
  const packages = new Map<string, number>();
  const own = new Map<string, number>();
  const ownerOf = nearestOwnFrames(profile.nodes);
  let busyUs = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    if (windowUs && (at < windowUs[0] || at > windowUs[1])) return;
    if (!node || IDLE.has(node.callFrame.functionName)) return;
    busyUs += delta;
    const frame = describeFrame(node);
    frames.set(frame, (frames.get(frame) ?? 0) + delta);
    const where = locationOf(node.callFrame.url, node.callFrame.functionName);
    packages.set(where, (packages.get(where) ?? 0) + delta);
    const owner = ownerOf.get(node.id) ?? '(no own code on the stack)';
    own.set(owner, (own.get(owner) ?? 0) + delta);
  });
  const rank = (map: Map<string, number>) =>
    [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, selfMs: us / 1000, share: us / busyUs }));
  return {
    label,
    file,
    busyMs: busyUs / 1000,
    topFrames: rank(frames).map(({ name, ...rest }) => ({ frame: name, ...rest })),
    topPackages: rank(packages).map(({ name, ...rest }) => ({ where: name, ...rest })),
    underOwnCode: rank(own).map(({ name, ...rest }) => ({ frame: name, ...rest })),
  };
}

/** For every node, the description of the nearest frame of our own code at or above it. */
function nearestOwnFrames(nodes: ProfileNode[]): Map<number, string> {
  const parent = new Map<number, number>();
  for (const node of nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const owner = new Map<number, string>();
  const resolve = (id: number): string | undefined => {
    if (owner.has(id)) return owner.get(id);
    const node = byId.get(id);
    if (!node) return undefined;
    const up = parent.get(id);
    const found = OWN_CODE.test(pathOf(node.callFrame.url)) ? describeFrame(node) : up === undefined ? undefined : resolve(up);
    if (found) owner.set(id, found);
    return found;
  };
  for (const node of nodes) resolve(node.id);
  return owner;
}

function describeFrame(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const name = functionName || '(anonymous)';
  if (!url) return name;
  return `${name} ${shortUrl(url)}:${lineNumber + 1}`;
}

/** Files of the private dist/ copy read as dist/… */
function pathOf(url: string): string {
  return url.replace(/^file:\/\//, '').replace(/^.*\/wildid-bench-[^/]+\//, `${REPO_ROOT}/`);
}

function shortUrl(url: string): string {
  const path = pathOf(url);
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) return path.slice(modules + 'node_modules/'.length);
  return path.startsWith('/') ? relative(REPO_ROOT, path) : path;
}

/** npm package, app code, node internals, or V8's own buckets (GC, program). */
function locationOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const path = pathOf(url);
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = path.slice(modules + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? path);
  }
  return relative(REPO_ROOT, path).split('/').slice(0, 3).join('/');
}

/** The .cpuprofile files in `dir` whose name carries `pid`. */
export function profilesOf(dir: string, pid: number): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile') && name.includes(`.${pid}.`))
    .map((name) => join(dir, name));
}

/** `cpuMs`: the process's CPU time in the same window from /proc, to compare with the sampled busy time. */
export function renderProfile(summary: ProfileSummary, cpuMs?: number): string {
  const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
  const measured = cpuMs === undefined ? '' : `, ${(cpuMs / 1000).toFixed(1)} s of CPU by /proc`;
  return [
    `#### ${summary.label} — ${(summary.busyMs / 1000).toFixed(1)} s of non-idle samples in the measured window${measured} (${relative(REPO_ROOT, summary.file)})`,
    '',
    table(['self time by function', 'ms', 'share'], summary.topFrames.map((f) => [`\`${f.frame}\``, f.selfMs.toFixed(0), pct(f.share)])),
    '',
    table(['self time by package', 'ms', 'share'], summary.topPackages.map((f) => [f.where, f.selfMs.toFixed(0), pct(f.share)])),
    '',
    table(['time under our own code (nearest frame on the stack)', 'ms', 'share'], summary.underOwnCode.map((f) => [`\`${f.frame}\``, f.selfMs.toFixed(0), pct(f.share)])),
    '',
  ].join('\n');
}
