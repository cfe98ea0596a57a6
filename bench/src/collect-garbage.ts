// Asks another Node process for a full garbage collection through its inspector
// (HeapProfiler.collectGarbage), so a memory reading counts what is live, not garbage
// V8 has not got round to collecting yet.
//
//   node --experimental-websocket bench/src/collect-garbage.ts <inspector port>
//
// Node 20 has a WebSocket client only behind that flag, hence a process of its own.
const port = process.argv[2];
const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
const url = targets[0]?.webSocketDebuggerUrl;
if (!url) throw new Error(`no inspector target on port ${port}`);
const ws = new WebSocket(url);
await new Promise((resolve, reject) => {
  ws.onopen = resolve;
  ws.onerror = reject;
});
// Two rounds: the first can leave objects that only the second finds dead (weak maps, finalizers).
for (const id of [1, 2]) {
  const done = new Promise<void>((resolve) => {
    ws.onmessage = (e) => {
      if ((JSON.parse(String(e.data)) as { id?: number }).id === id) resolve();
    };
  });
  ws.send(JSON.stringify({ id, method: "HeapProfiler.collectGarbage" }));
  await done;
}
ws.close();
