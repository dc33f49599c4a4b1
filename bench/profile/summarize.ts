import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

export interface HotSpot {
  /** function (file:line), or a V8 pseudo-frame such as (garbage collector) */
  frame: string;
  /** share of all samples spent in this frame itself */
  selfShare: number;
}

/** Where the file lives, short: the package under node_modules, or the path under dist/. */
function shortUrl(url: string): string {
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url);
  if (modules) return `${modules[1]}/${modules[2]}`;
  const dist = /\/dist\/(.*)$/.exec(url);
  if (dist) return dist[1];
  return url.replace(/^node:/, 'node:');
}

/** The frames a profile spent most of its samples in (self time), biggest first. */
export function hotSpots(file: string, top = 15): { idleShare: number; spots: HotSpot[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const total = profile.samples.length || 1;
  const byFrame = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const frame = url ? `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}` : functionName;
    byFrame.set(frame, (byFrame.get(frame) ?? 0) + (node.hitCount ?? 0));
  }
  const idleShare = (byFrame.get('(idle)') ?? 0) / total;
  const spots = [...byFrame.entries()]
    .filter(([frame]) => frame !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([frame, hits]) => ({ frame, selfShare: hits / total }));
  return { idleShare, spots };
}

/** The share of samples by where the code lives: a package, the project's own code, V8 (GC, program). */
export function byPackage(file: string): Array<{ where: string; share: number }> {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const total = profile.samples.length || 1;
  const shares = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url } = node.callFrame;
    if (functionName === '(idle)') continue;
    const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    const where = modules
      ? modules[1]
      : /\/dist\/(apps|libs)\/([^/]+)/.test(url)
        ? `ours: ${/\/dist\/(apps|libs)\/([^/]+)/.exec(url)![2]}`
        : url.startsWith('node:')
          ? 'node core'
          : url
            ? 'other'
            : functionName;
    shares.set(where, (shares.get(where) ?? 0) + (node.hitCount ?? 0));
  }
  return [...shares.entries()]
    .map(([where, hits]) => ({ where, share: hits / total }))
    .sort((a, b) => b.share - a.share);
}
