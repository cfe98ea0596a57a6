export { createFailoverTransport, type FailoverTransportOptions } from "./failover-transport.js";
export { failureKind, type FailureKind } from "./failure-kind.js";
export { DEFAULT_GATEWAY_URL, GatewayUrls, parseGatewayUrls, type GatewayUrlsOptions } from "./gateway-urls.js";
export { isRepeatable } from "./repeatable.js";
