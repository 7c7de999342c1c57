/** The shared behaviour suite against the app in Node, through `app.request` (no port). */
import { createApp } from '../../src/app.ts';
import { createNodePlatform } from '../../runtimes/node.ts';
import { runBehaviourSuite } from './behaviour.ts';

runBehaviourSuite('node (app.request)', {
  runtime: /^node /,
  start: async (upstream) => {
    const app = createApp(createNodePlatform({ store: 'memory', logLevel: 'silent' }), { upstreams: { anthropic: upstream, openai: upstream } });
    return { fetch: async (path, init) => app.request(path, init), close: async () => {} };
  },
});
