// Rebuilds the JsSIP browser bundle that the asterisk-ara phone page loads, from the npm release pinned (with its
// integrity hash) in package-lock.json:
//
//     cd tools/jssip && npm ci --ignore-scripts && node build.mjs
//
// JsSIP stopped committing dist/jssip.min.js to its repository with 3.13 and its npm package carries only lib/
// (CommonJS), so the single browser file is made here the way JsSIP's own `npm run build` makes it: esbuild,
// one IIFE exposing the global JsSIP, ES2015. Writes into src/asterisk_ara/phone/: jssip.min.js,
// jssip.min.js.sha256 (sha256sum's format) and jssip.LICENSE.txt (JsSIP's licence and those of the packages the
// bundle contains). The same inputs give the same bytes; tests/test_calls_conf.py checks the checksum.
import {createHash} from "node:crypto";
import {readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";

import {build} from "esbuild";

const here = new URL(".", import.meta.url).pathname;
const out = join(here, "..", "..", "src", "asterisk_ara", "phone");
const modules = join(here, "node_modules");
const manifest = name => JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8"));

// What ends up in the bundle: JsSIP and its runtime dependencies (debug brings ms).
const bundled = ["jssip", "debug", "ms", "events", "sdp-transform"].map(name => ({name, ...manifest(name)}));
const esbuildVersion = manifest("esbuild").version;
const jssip = bundled[0];

const licenceFiles = {jssip: "LICENSE.md", debug: "LICENSE", ms: "license.md", events: "LICENSE",
                      "sdp-transform": "LICENSE"};
const licences = bundled.map(p => {
  const text = readFileSync(join(modules, p.name, licenceFiles[p.name]), "utf8").trim();
  return `${"=".repeat(78)}\n${p.name} ${p.version} (${p.license}), bundled in jssip.min.js\n${"=".repeat(78)}\n\n${text}\n`;
});
const header = `jssip.min.js is JsSIP ${jssip.version} (https://jssip.net, npm jssip@${jssip.version}) bundled for browsers\n` +
  `with esbuild ${esbuildVersion} by asterisk-ara's tools/jssip/build.mjs. It contains the packages below; each is\n` +
  "under the MIT licence, whose text follows with each package's copyright notice.\n\n";

const banner = `/*! JsSIP ${jssip.version} | MIT licence | https://jssip.net | bundled with ` +
  bundled.slice(1).map(p => `${p.name} ${p.version}`).join(", ") + ` (MIT) by esbuild ${esbuildVersion} | ` +
  "notices: jssip.LICENSE.txt */";

await build({
  entryPoints: [join(modules, "jssip", "lib", "JsSIP.js")],
  outfile: join(out, "jssip.min.js"),
  bundle: true,
  minify: true,
  format: "iife",
  globalName: "JsSIP",
  platform: "browser",
  target: ["es2015"],
  supported: {"template-literal": false},
  banner: {js: banner},
  legalComments: "inline",
  logLevel: "warning",
});

const bytes = readFileSync(join(out, "jssip.min.js"));
const sha256 = createHash("sha256").update(bytes).digest("hex");
writeFileSync(join(out, "jssip.min.js.sha256"), `${sha256}  jssip.min.js\n`);
writeFileSync(join(out, "jssip.LICENSE.txt"), header + licences.join("\n"));
console.log(`jssip.min.js: JsSIP ${jssip.version}, ${bytes.length} bytes, sha256 ${sha256}`);
