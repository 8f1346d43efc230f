/** Layer rules of ARCHITECTURE.md, checked in `npm test`. */
const NODE_BUILTIN = '^(node:)?(fs|net|http|https|http2|child_process|crypto|os|path|dgram|dns|tls|worker_threads|readline|stream|zlib|process|cluster|url|util|events|timers|buffer|perf_hooks|v8|vm|module|assert)(/.*)?$';
module.exports = {
  forbidden: [
    { name: 'domain-is-pure', severity: 'error', comment: 'domain/ imports nothing outside domain/: no I/O, no frameworks',
      from: { path: '^domain/' }, to: { pathNot: '^domain/' } },
    { name: 'application-imports-domain-rxjs-validation', severity: 'error',
      comment: 'application/ imports only domain/, rxjs and class-validator',
      from: { path: '^application/' },
      to: { pathNot: ['^domain/', '^application/', 'node_modules/(rxjs|class-validator)/'] } },
    { name: 'application-no-node-io', severity: 'error', from: { path: '^application/' }, to: { dependencyTypes: ['core'] } },
    { name: 'infrastructure-not-driving-side', severity: 'error', comment: 'infrastructure/ never imports adapters/ or apps/',
      from: { path: '^infrastructure/' }, to: { path: '^(adapters|apps|tests|bench)/' } },
    { name: 'adapters-not-infrastructure', severity: 'error', comment: 'adapters/ import application/ and domain/, never infrastructure/ or apps/',
      from: { path: '^adapters/' }, to: { path: '^(infrastructure|apps|tests|bench)/' } },
    { name: 'no-decorators-in-domain', severity: 'error', from: { path: '^domain/' }, to: { path: 'node_modules/(inversify|class-validator|reflect-metadata)/' } },
    { name: 'inversify-only-in-apps', severity: 'error', comment: 'inversify bindings live in apps/ only',
      from: { path: '^(domain|application|infrastructure|adapters)/' }, to: { path: 'node_modules/(inversify|@inversifyjs)/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
