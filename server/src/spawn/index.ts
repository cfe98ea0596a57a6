export { startSpawnAdapter, type SpawnAdapter, type SpawnAdapterOptions } from "./spawn-adapter.js";
export { SpawnBook, type SpawnTypeInfo } from "./spawn-book.js";
export { SpawnHostClient, withSpawnHosts, ACTIONS_PATH } from "./spawn-host-client.js";
export type { SpawnGatewayServices } from "./spawn-services.js";
