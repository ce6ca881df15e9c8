// Monaco runs language services in web workers. They are bundled next to this script (see build.mjs)
// and loaded from the same origin, so the IDE needs nothing from any other host.
const workers = {
  json: 'json.worker.js',
  graphql: 'graphql.worker.js',
};

globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    return new Worker(new URL(workers[label] ?? 'editor.worker.js', import.meta.url));
  },
};
