#!/usr/bin/env node
// Builds ui/vendor/ from the npm packages the UI uses (package-lock.json): the ProseMirror
// editor and markdown-it as one ES module, and ProseMirror's style sheet. Writes a file only
// when its bytes change, so that a build that finds them current changes nothing.
// Run by `make run`, `make app` and `make test` (scripts/deps.sh installs the packages).
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'ui', 'vendor');
mkdirSync(out, { recursive: true });

function writeIfChanged(file, bytes) {
  if (existsSync(file) && Buffer.compare(readFileSync(file), Buffer.from(bytes)) === 0) return;
  writeFileSync(file, bytes);
}

const result = await build({
  entryPoints: [join(root, 'scripts', 'prosemirror-entry.js')],
  bundle: true,
  format: 'esm',
  target: 'es2020',
  minify: true,
  legalComments: 'eof',
  write: false,
  logLevel: 'error',
});
writeIfChanged(join(out, 'prosemirror.js'), result.outputFiles[0].contents);
writeIfChanged(join(out, 'prosemirror.css'), readFileSync(join(root, 'node_modules', 'prosemirror-view', 'style', 'prosemirror.css')));
