/**
 * A private Dovecot for the IMAP tests: its own config in a temp directory (plain auth, one
 * passwd-file user, a maildir, no SSL, 127.0.0.1 on a free port), run as a child process in the
 * foreground and stopped by its pid. When Dovecot is not installed the tests skip with one line
 * (`apt-get install -y dovecot-imapd`), except under CI=true, where that is a failure.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

const CANDIDATES = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'];

export function dovecotBinary(): string | undefined {
  for (const path of CANDIDATES) if (spawnSync(path, ['--version']).status === 0) return path;
  const found = spawnSync('sh', ['-c', 'command -v dovecot']);
  return found.status === 0 ? found.stdout.toString().trim() || undefined : undefined;
}

/** Whether the IMAP tests run here; logs the one skip line when they do not. Throws under CI=true. */
export function dovecotAvailable(): boolean {
  if (dovecotBinary()) return true;
  if (process.env.CI === 'true') throw new Error('CI=true but dovecot is not installed: apt-get install -y dovecot-imapd');
  console.warn('skipping the IMAP tests: dovecot is not installed (apt-get install -y dovecot-imapd)');
  return false;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function accepting(port: number, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`dovecot did not listen on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Dovecot {
  port: number;
  user: string;
  password: string;
  /** imap://user:password@127.0.0.1:port/INBOX */
  url: string;
  /** Dovecot's log so far, for a failing test's message. */
  log(): string;
  stop(): Promise<void>;
}

function idOf(name: string): { uid: number; gid: number } | undefined {
  const uid = spawnSync('id', ['-u', name]);
  const gid = spawnSync('id', ['-g', name]);
  return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout.toString()), gid: Number(gid.stdout.toString()) } : undefined;
}

export async function startDovecot(): Promise<Dovecot> {
  const binary = dovecotBinary();
  if (!binary) throw new Error('dovecot is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'opsdesk-dovecot-'));
  const port = await freePort();
  const user = 'support';
  const password = 'imap-test-secret';
  // As root, Dovecot's own unprivileged users run it (the package makes them); otherwise the current user does.
  const root = process.getuid?.() === 0;
  const me = userInfo();
  const internal = root ? 'dovecot' : me.username;
  const login = root ? (idOf('dovenull') ? 'dovenull' : 'dovecot') : me.username;
  const mailOwner = root ? idOf('dovecot')! : { uid: me.uid, gid: me.gid };
  // Dovecot's auth process (its internal user) reads the passwd file inside.
  if (root) chmodSync(dir, 0o755);
  const mailDir = join(dir, 'mail');
  mkdirSync(mailDir, { recursive: true });
  if (root) chownSync(mailDir, mailOwner.uid, mailOwner.gid);
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}:${mailOwner.uid}:${mailOwner.gid}::${mailDir}/${user}\n`);
  writeFileSync(
    join(dir, 'dovecot.conf'),
    [
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/state`,
      `log_path = ${dir}/dovecot.log`,
      `protocols = imap`,
      `listen = 127.0.0.1`,
      `ssl = no`,
      `disable_plaintext_auth = no`,
      `auth_mechanisms = plain login`,
      `default_internal_user = ${internal}`,
      `default_login_user = ${login}`,
      `first_valid_uid = 1`,
      `mail_location = maildir:${mailDir}/%u`,
      `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${dir}/passwd\n}`,
      `userdb {\n  driver = passwd-file\n  args = username_format=%u ${dir}/passwd\n}`,
      `service imap-login {\n  chroot =\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
      `service anvil {\n  chroot =\n}`,
      `service stats {\n  inet_listener http {\n    port = 0\n  }\n}`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(binary, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await Promise.race([accepting(port), exited.then(() => Promise.reject(new Error(`dovecot exited: ${output.trim()}`)))]);
  } catch (error) {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    user,
    password,
    url: `imap://${user}:${password}@127.0.0.1:${port}/INBOX`,
    log: () => {
      try {
        return readFileSync(join(dir, 'dovecot.log'), 'utf8');
      } catch {
        return output;
      }
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
