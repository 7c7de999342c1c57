/**
 * The proxies under test in their own process, as deployed (their own event loop, not sharing one with the bench
 * client and the fake upstream). Started by servers.ts with the upstream URL; prints `{"proxy":port,"global":port}`.
 */
import { startProxies } from './proxies.ts';

const upstream = process.argv[2];
if (!upstream) throw new Error('usage: proxy-child.ts <upstream-url>');
const p = await startProxies(upstream);
process.stdout.write(`${JSON.stringify({ proxy: p.proxyPort, global: p.globalPort })}\n`);
process.on('SIGTERM', () => { void p.close().then(() => process.exit(0)); });
