// Bundles the demo editor into one ES module and its stylesheet: node build.mjs [output folder]
// (default: platform-web/target/generated-web/demo). Also writes the licenses of the bundled packages.
import { build } from 'esbuild';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.argv[2] ?? path.join(here, '../../../target/generated-web/demo'));
await mkdir(out, { recursive: true });

const result = await build({
  entryPoints: { editor: path.join(here, 'src/editor.js') },
  outdir: out,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  minify: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

// Every package that went into the bundle, with its license text, next to the bundle.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
  if (m) packages.set(m[2], path.resolve(here, m[1]));
}
const sections = [];
for (const [name, dir] of [...packages].sort(([a], [b]) => a.localeCompare(b))) {
  const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
  const file = (await readdir(dir)).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  const text = file ? (await readFile(path.join(dir, file), 'utf8')).trim() : `License: ${pkg.license}`;
  sections.push(`${name} ${pkg.version} (${pkg.license})\n\n${text}`);
}
await writeFile(path.join(out, 'editor.licenses.txt'),
  `Packages bundled into editor.js and editor.css\n\n${sections.join(`\n\n${'-'.repeat(72)}\n\n`)}\n`);

for (const [file, { bytes }] of Object.entries(result.metafile.outputs)) {
  console.log(`${path.relative(process.cwd(), file)}: ${(bytes / 1024).toFixed(1)} KiB`);
}
