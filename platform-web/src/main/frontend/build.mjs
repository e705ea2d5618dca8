// Bundles the demo pages' scripts, each into one ES module (the editor also into its stylesheet): node build.mjs
// [output folder] (default: platform-web/target/generated-web/demo). Also writes the licenses of the bundled
// packages next to each bundle.
import { build } from 'esbuild';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.argv[2] ?? path.join(here, '../../../target/generated-web/demo'));
await mkdir(out, { recursive: true });

const result = await build({
  entryPoints: { editor: path.join(here, 'src/editor.js'), webrtc: path.join(here, 'src/webrtc.js') },
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

async function addDependencies(dir, packages) {
  const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
  for (const dep of Object.keys(pkg.dependencies ?? {})) {
    if (packages.has(dep)) continue;
    const depDir = path.join(here, 'node_modules', dep);
    packages.set(dep, depDir);
    await addDependencies(depDir, packages);
  }
}

// Every package that went into a bundle, with its license text, next to the bundle.
async function licenses(inputs) {
  const packages = new Map();
  for (const input of inputs) {
    const m = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
    if (!m) continue;
    packages.set(m[2], path.resolve(here, m[1]));
    // a package's own prebuilt bundle (simple-peer's simplepeer.min.js) carries its dependencies inside
    if (input.endsWith('.min.js')) await addDependencies(path.resolve(here, m[1]), packages);
  }
  const sections = [];
  for (const [name, dir] of [...packages].sort(([a], [b]) => a.localeCompare(b))) {
    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
    const file = (await readdir(dir)).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = file ? (await readFile(path.join(dir, file), 'utf8')).trim() : `License: ${pkg.license}`;
    sections.push(`${name} ${pkg.version} (${pkg.license})\n\n${text}`);
  }
  return sections.join(`\n\n${'-'.repeat(72)}\n\n`);
}
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  if (!file.endsWith('.js')) continue;
  const name = path.basename(file, '.js');
  const css = Object.keys(result.metafile.outputs).some((f) => f === file.replace(/\.js$/, '.css'));
  await writeFile(path.join(out, `${name}.licenses.txt`),
    `Packages bundled into ${name}.js${css ? ` and ${name}.css` : ''}\n\n${await licenses(Object.keys(output.inputs))}\n`);
}

for (const [file, { bytes }] of Object.entries(result.metafile.outputs)) {
  console.log(`${path.relative(process.cwd(), file)}: ${(bytes / 1024).toFixed(1)} KiB`);
}
