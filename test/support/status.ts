/** Status fixtures: a local HTTP server whose answers a test sets, and running a core's probes on its manual clock. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ManualClock } from '../../core/clock.ts';
import type { Core } from '../../core/core.ts';
import { probesSettled } from '../../core/status/index.ts';

export interface Target {
  url: string;
  /** Requests received, by path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** A server that answers each path with what `answer` says (status, body, delay before answering). */
export async function startTarget(answer: (path: string) => { status: number; body?: string; delayMs?: number }): Promise<Target> {
  const hits = new Map<string, number>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const { status, body = '', delayMs = 0 } = answer(path);
    const timer = setTimeout(() => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(body);
    }, delayMs);
    res.on('close', () => clearTimeout(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Fire what is due on each core and wait until the probes they started have recorded their results. */
export async function runDue(...cores: Core[]): Promise<void> {
  await Promise.all(cores.map((core) => core.timers.runDue()));
  await Promise.all(cores.map((core) => probesSettled(core)));
}

/** `n` rounds: fire what is due, then move the clock on by `stepMs`. */
export async function rounds(clock: ManualClock, stepMs: number, n: number, ...cores: Core[]): Promise<void> {
  for (let i = 0; i < n; i++) {
    await runDue(...cores);
    clock.advance(stepMs);
  }
}

export interface SseFrame {
  event: string;
  data: string;
}

export interface SseClient {
  status: number;
  /** Every frame received so far, in order (comments left out). */
  frames: SseFrame[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** A Server-Sent Events client over fetch: parses `event:`/`data:` frames as they arrive. */
export async function sseClient(url: string, headers: Record<string, string> = {}): Promise<SseClient & { response: Response }> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const frames: SseFrame[] = [];
  const ended = (async () => {
    if (!response.ok || !response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += value;
        let end: number;
        while ((end = text.indexOf('\n\n')) >= 0) {
          const block = text.slice(0, end);
          text = text.slice(end + 2);
          const lines = block.split('\n').filter((line) => !line.startsWith(':'));
          const field = (name: string) => lines.filter((l) => l.startsWith(`${name}:`)).map((l) => l.slice(name.length + 1).trimStart());
          if (field('data').length) frames.push({ event: field('event')[0] ?? 'message', data: field('data').join('\n') });
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  return { response, status: response.status, frames, ended, close: () => controller.abort() };
}
