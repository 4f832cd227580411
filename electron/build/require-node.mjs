// npm start and npm run dist run Electron's own tools (its binary download, @electron/get, @electron/rebuild),
// which need Node.js 22.12 or newer; the tests, the CLI and `npm run serve` run on Node.js 20.11 and newer.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`The desktop app needs Node.js 22.12 or newer to start or package (Electron 45's tools require it); this is Node.js ${process.versions.node}. ` +
    'Install Node.js 22 LTS; `npm test` and `npm run serve` also work on this one.');
  process.exit(1);
}
