// Completes package-lock.json with the platform-specific optional packages that this machine's npm
// registry mirror does not serve (404), e.g. @biomejs/cli-darwin-arm64. `npm install` silently leaves them
// out of the lock, and `npm ci` then refuses the lock as out of sync. Each missing entry gets the version,
// `optional: true` and the os/cpu/libc it is for (read from its name), which is exactly what npm needs to
// skip it on other platforms. Run after any `npm install` that changes the lock:
//   node scripts/complete-lock.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;

const OS = [
  'android',
  'darwin',
  'freebsd',
  'linux',
  'openbsd',
  'openharmony',
  'sunos',
  'win32',
  'aix',
  'netbsd',
];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el', 'wasm32'];

function platformOf(name) {
  const base = name.split('/').pop();
  const parts = base.split('-');
  const os = parts.find((p) => OS.includes(p)) ?? (base.includes('win32') ? 'win32' : undefined);
  let cpu = parts.find((p) => CPU.includes(p));
  if (!cpu && parts.includes('eabi')) cpu = 'arm';
  if (!cpu && parts.some((p) => p.startsWith('gnueabihf') || p.startsWith('musleabihf'))) cpu = 'arm';
  const libc = parts.some((p) => p.startsWith('musl'))
    ? 'musl'
    : os === 'linux' && parts.some((p) => p.startsWith('gnu'))
      ? 'glibc'
      : undefined;
  return { os, cpu, libc };
}

let added = 0;
for (const [path, meta] of Object.entries(packages)) {
  if (!meta.optionalDependencies) continue;
  const parentDir = path === '' ? '' : `${path}/`;
  for (const [dep, range] of Object.entries(meta.optionalDependencies)) {
    const nested = `${parentDir}node_modules/${dep}`;
    const hoisted = `node_modules/${dep}`;
    if (packages[nested] || packages[hoisted]) continue;
    const { os, cpu, libc } = platformOf(dep);
    if (!os || !cpu) continue; // not a platform package: leave it to npm
    const version = range.replace(/^[\^~=]/, '');
    packages[hoisted] = {
      version,
      ...(meta.dev ? { dev: true } : {}),
      optional: true,
      os: [os],
      cpu: [cpu],
      ...(libc ? { libc: [libc] } : {}),
    };
    added++;
  }
}
const sorted = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)),
);
lock.packages = sorted;
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lock: added ${added} platform package entries`);
