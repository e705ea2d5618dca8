// coturn (Debian's `coturn` package) for the TURN tests: its own process on 127.0.0.1:3478 with the TURN REST
// scheme (use-auth-secret), a realm, loopback peers allowed (both browser peers are on this machine), no TLS, no
// CLI, and a log and pid file in a temporary folder.
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const TURN_HOST = '127.0.0.1';
export const TURN_PORT = 3478;

// A STUN Binding request (RFC 8489 section 5): answered by a running server, whatever its authentication.
async function stunAnswers(timeoutMs = 300) {
  const socket = dgram.createSocket('udp4');
  const request = Buffer.concat([Buffer.from([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42]), randomBytes(12)]);
  try {
    return await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      socket.on('message', (m) => {
        clearTimeout(timer);
        resolve(m.readUInt16BE(0) === 0x0101 && m.subarray(8, 20).equals(request.subarray(8, 20)));
      });
      socket.on('error', () => resolve(false));
      socket.send(request, TURN_PORT, TURN_HOST);
    });
  } finally {
    socket.close();
  }
}

export async function startCoturn({ secret, realm }) {
  if (await stunAnswers()) {
    throw new Error(`something already answers STUN on ${TURN_HOST}:${TURN_PORT}; stop it before this test`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'aqueduct-coturn-'));
  const log = join(dir, 'turnserver.log');
  const args = ['-n', `--listening-ip=${TURN_HOST}`, `--relay-ip=${TURN_HOST}`, `--listening-port=${TURN_PORT}`,
    '--min-port=49152', '--max-port=49352', '--use-auth-secret', `--static-auth-secret=${secret}`,
    `--realm=${realm}`, '--allow-loopback-peers', '--fingerprint', '--verbose', '--no-tls', '--no-dtls', '--no-cli',
    `--log-file=${log}`, '--simple-log', '--no-stdout-log', `--pidfile=${join(dir, 'turnserver.pid')}`,
    `--userdb=${join(dir, 'turndb')}`];
  const proc = spawn(process.env.TURNSERVER_PATH ?? 'turnserver', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  proc.on('error', (e) => {
    stderr += e.code === 'ENOENT' ? 'turnserver is not installed (Debian package coturn)\n' : `${e.message}\n`;
  });
  const end = Date.now() + 10000;
  while (!(await stunAnswers())) {
    if (proc.exitCode !== null || Date.now() > end) {
      proc.kill('SIGKILL');
      throw new Error(`turnserver did not start: ${stderr}${await readFile(log, 'utf8').catch(() => '')}`);
    }
    await sleep(100);
  }
  return {
    log: () => readFile(log, 'utf8'),
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        const killer = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(killer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
