// The dependency rules of DESIGN.md ("Dependency rules"), checked by `npm run lint:deps` (part of
// `npm test`, on src/, test/unit/ and test/helpers/). Each rule names the thread or layer it
// protects; docs/architecture.md explains them, and test/unit/dependency-rules.test.ts shows each
// one failing on a fixture tree (test/fixtures/depcruise/) that breaks it on purpose.
//
// Paths are relative to the directory depcruise runs in (the repository, or the fixture), so the
// same rules apply to both. Packages are matched anywhere in the path: node_modules may be a
// symlink to a shared install, which resolves outside the repository.

const path = require('node:path');

/** Worker-side folders: run only inside the worker (or in Node tests of the pipeline). */
const WORKER_SIDE = '^src/(engine|image|pdq|lists|classify|policy|prompts|seal|ledger|crypto)/';
/** The main-thread side of the browser entry: what ends up in dist/index.js. */
const MAIN_THREAD = ['^src/index\\.ts$', '^src/api\\.ts$', '^src/scanner/', '^src/ui/'];
const MAIN_THREAD_TARGETS = '^src/(index|api)\\.ts$|^src/(scanner|ui)/';
/** Packages that hold wasm and must stay out of the main-thread bundle (resolved or not). */
const WASM_PACKAGES = [
  '(^|/)node_modules/(onnxruntime-web|libsodium-wrappers|libsodium)(-sumo)?/',
  '^(onnxruntime-web|libsodium-wrappers|libsodium)(-sumo)?(/|$)',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'No import cycles, type-only imports included (tsPreCompilationDeps).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'protocol-is-a-leaf',
      severity: 'error',
      comment: 'src/protocol.ts is the wire contract both sides depend on: it imports only the type leaves src/taxonomy.ts and src/policy/types.ts.',
      from: { path: '^src/protocol\\.ts$' },
      to: { pathNot: '^src/(taxonomy|policy/types)\\.ts$' },
    },
    {
      name: 'policy-types-is-a-leaf',
      severity: 'error',
      comment: 'src/policy/types.ts holds wire types for protocol.ts: it imports only src/taxonomy.ts.',
      from: { path: '^src/policy/types\\.ts$' },
      to: { pathNot: '^src/taxonomy\\.ts$' },
    },
    {
      name: 'node-builtins-only-in-node',
      severity: 'error',
      comment: 'Only src/node/ may import a Node built-in: everything else runs in browsers.',
      from: { path: '^src/', pathNot: '^src/node/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'browser-code-not-node',
      severity: 'error',
      comment: 'Code outside src/node/ never imports src/node/ (it would carry Node built-ins and sharp into browsers).',
      from: { path: '^src/', pathNot: '^src/node/' },
      to: { path: '^src/node/' },
    },
    {
      name: 'main-thread-no-wasm',
      severity: 'error',
      comment:
        'The main-thread side (src/index.ts, src/api.ts, src/scanner/, src/ui/) never reaches onnxruntime-web or libsodium, ' +
        'not even through type-only imports; dist/index.js is also scanned for them (test/dist/bundle-contents.test.ts).',
      from: { path: MAIN_THREAD },
      to: { path: WASM_PACKAGES, reachable: true },
    },
    {
      name: 'engine-not-main-thread',
      severity: 'error',
      comment: 'Worker-side code (engine/ and the layers under it) never imports the main-thread side.',
      from: { path: WORKER_SIDE },
      to: { path: MAIN_THREAD_TARGETS },
    },
    {
      name: 'worker-not-main-thread',
      severity: 'error',
      comment: 'The worker entry (src/worker/) never imports the main-thread side.',
      from: { path: '^src/worker/' },
      to: { path: MAIN_THREAD_TARGETS },
    },
    {
      name: 'layers-point-down',
      severity: 'error',
      comment: 'The layers under the engine (image, pdq, lists, classify, policy, ...) never import the engine or the worker entry.',
      from: { path: WORKER_SIDE, pathNot: '^src/engine/' },
      to: { path: '^src/(engine|worker)/' },
    },
    {
      name: 'policy-not-model',
      severity: 'error',
      comment: 'policy/ decides from scores and matches, never from the model: it imports nothing of classify/ but the pins.',
      from: { path: '^src/policy/' },
      to: { path: ['^src/classify/', WASM_PACKAGES[0], WASM_PACKAGES[1]], pathNot: '^src/classify/pins\\.ts$' },
    },
    {
      name: 'authority-is-its-own-entry',
      severity: 'error',
      comment:
        "src/authority/ (the safeseal/authority entry) is never imported by the SDK; only the authority's own CLI command (src/node/cli-report.ts, `safeseal report open`) runs it.",
      from: { path: '^src/', pathNot: '^src/(authority/|node/cli-report\\.ts$)' },
      to: { path: '^src/authority/' },
    },
    {
      name: 'demo-uses-public-entries',
      severity: 'error',
      comment: 'demo/ uses the public entries (the built package) only, never src/ directly.',
      from: { path: '^demo/' },
      to: { path: '^src/' },
    },
    {
      name: 'relay-not-authority',
      severity: 'error',
      comment:
        "The demo relay (demo/relay/) never imports the authority view (demo/authority/) nor safeseal/authority: only the authority's own server holds its key (test/dist/demo-relay.test.ts also checks that no relay file names the key file).",
      from: { path: '^demo/relay/' },
      to: { path: ['^demo/authority/', '^dist/authority\\.js$', '^src/authority/'] },
    },
    {
      name: 'unit-tests-not-dist',
      severity: 'error',
      comment:
        'Unit tests test src/ and never reach the built dist/, not even through a helper (that is test/dist/, which builds first): a unit run never sees a stale build.',
      from: { path: '^test/unit/' },
      to: { path: '^dist/', reachable: true },
    },
    {
      name: 'resolvable',
      severity: 'error',
      comment: 'Every import resolves: an import the tool cannot follow is one no rule can check.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Type-only imports are edges too: a type-level cycle is still a cycle, and a type import of a
    // worker-side file from the main thread is the first step to a value import.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: path.join(__dirname, 'tsconfig.json') },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.ts$' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'browser', 'node', 'default'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
