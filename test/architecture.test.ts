/**
 * The rooms of the code and the rules by which a line knows its room (docs/developing.md), checked
 * on every import of every source file: a rule broken anywhere fails here, naming the file and the
 * import. Type-only imports count too: a door that names the database's types is one step from
 * reading it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCE_ROOMS = ['app', 'server', 'doors', 'core', 'db'];

interface Import {
  file: string;
  specifier: string;
  /** The imported file relative to the root, for relative specifiers. */
  target?: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'migrations' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|[^\w.])(?:import|export)\s*(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const found: Import[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2]!;
    const target = specifier.startsWith('.') ? relative(ROOT, resolve(dirname(file), specifier)).split(sep).join('/') : undefined;
    found.push({ file: relative(ROOT, file).split(sep).join('/'), specifier, target });
  }
  return found;
}

const all: Import[] = SOURCE_ROOMS.flatMap((room) => sourceFiles(join(ROOT, room))).flatMap(importsOf);

const roomOf = (path: string) => path.split('/')[0]!;
/** `doors/slack/...` → `slack`. */
const doorOf = (path: string) => (path.startsWith('doors/') ? path.split('/')[1] : undefined);
/** `core/tickets/...` → `tickets`, for the capabilities' folders (not the kernel's files and folders). */
const KERNEL_FOLDERS = new Set(['events', 'timers', 'calendar']);
const capabilityOf = (path: string) => {
  const [room, folder, file] = path.split('/');
  return room === 'core' && file !== undefined && folder && !KERNEL_FOLDERS.has(folder) ? folder : undefined;
};

const show = (violations: Import[]) => violations.map((i) => `${i.file} imports ${i.specifier}`);

describe('the rooms of the code', () => {
  it('finds the imports it checks (the check itself works)', () => {
    expect(all.length).toBeGreaterThan(500);
    expect(all.some((i) => i.file === 'app/start.ts' && i.target === 'doors/graphql/index.ts')).toBe(true);
  });

  it('doors never import db/ or a database driver (rule 3); only the Slack, email and SMS doors’ stores write their own tables', () => {
    const drivers = /^(drizzle-orm|@electric-sql\/pglite|postgres|pg)(\/|$)/;
    const violations = all.filter(
      (i) =>
        roomOf(i.file) === 'doors' &&
        !i.file.startsWith('doors/slack/store/') &&
        !i.file.startsWith('doors/email/store/') &&
        !i.file.startsWith('doors/sms/store/') &&
        ((i.target !== undefined && roomOf(i.target) === 'db') || drivers.test(i.specifier)),
    );
    expect(show(violations)).toEqual([]);
  });

  it('a door never imports another door (rule 5)', () => {
    const violations = all.filter((i) => i.target && doorOf(i.file) && doorOf(i.target) && doorOf(i.file) !== doorOf(i.target));
    expect(show(violations)).toEqual([]);
  });

  it('imports point down: app, doors, server, core, db', () => {
    const rank: Record<string, number> = { app: 0, doors: 1, server: 2, core: 3, db: 4 };
    const violations = all.filter((i) => i.target && roomOf(i.target) in rank && rank[roomOf(i.target)]! < rank[roomOf(i.file)]!);
    expect(show(violations)).toEqual([]);
  });

  it("a capability's internal/ is imported only from inside that capability", () => {
    const violations = all.filter((i) => {
      if (!i.target?.includes('/internal/')) return false;
      return capabilityOf(i.target) !== capabilityOf(i.file);
    });
    expect(show(violations)).toEqual([]);
  });

  it('doors reach a capability through its face (core/<capability>/index.ts), never its other files', () => {
    const violations = all.filter((i) => roomOf(i.file) === 'doors' && i.target && capabilityOf(i.target) && !i.target.endsWith('/index.ts'));
    expect(show(violations)).toEqual([]);
  });

  it('every capability, and each of its door parts, is registered in app/capabilities.ts (the one list)', () => {
    const list = readFileSync(join(ROOT, 'app/capabilities.ts'), 'utf8');
    const capabilities = readdirSync(join(ROOT, 'core')).filter((name) => {
      const face = join(ROOT, 'core', name, 'index.ts');
      return !KERNEL_FOLDERS.has(name) && existsSync(face) && readFileSync(face, 'utf8').includes('defineCapability(');
    });
    expect(capabilities.length).toBeGreaterThan(4);
    const missing: string[] = [];
    for (const name of capabilities) {
      if (!list.includes(`core: () => import('../core/${name}/index.ts')`)) missing.push(`core/${name}`);
      for (const door of readdirSync(join(ROOT, 'doors'))) {
        const part = `doors/${door}/${name}/index.ts`;
        if (existsSync(join(ROOT, part)) && !list.includes(`${door}: () => import('../${part}')`)) missing.push(part);
      }
    }
    expect(missing).toEqual([]);
  });
});
