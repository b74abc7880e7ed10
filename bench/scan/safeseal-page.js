// bench:scan's safeseal side, served as is: the built bundle's scanImage on the same bytes, with
// a PerformanceObserver recording main-thread long tasks during the scans only.

import { createScanner } from '/dist/index.js';

window.runSafeseal = async (imageUrl, listUrl, trust, runs, warmup) => {
  const scanner = await createScanner({ model: true, exposeDetails: false });
  await scanner.status(); // the classifier loads after createScanner resolves; status() waits for it
  if (scanner.classifier.state !== 'ready') throw new Error(`classifier ${JSON.stringify(scanner.classifier)}`);
  const info = await scanner.loadList(await (await fetch(listUrl)).arrayBuffer(), { trust, allowDemoKeys: true });
  const blob = await (await fetch(imageUrl)).blob();
  for (let i = 0; i < warmup; i++) await scanner.scanImage(blob, { direction: 'incoming' });
  let maxLongTask = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) maxLongTask = Math.max(maxLongTask, e.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = await scanner.scanImage(blob, { direction: 'incoming' });
    times.push(performance.now() - t0);
  }
  await new Promise((r) => setTimeout(r, 50)); // let the observer deliver
  observer.disconnect();
  await scanner.dispose();
  return { times, maxLongTask, entries: info.entries, action: last.action, threads: 1 };
};
