import type { ClientCase } from "../client-case.js";
import { deliveryCases } from "./delivery.js";
import { errorCases } from "./errors.js";
import { invokeCases } from "./invoke.js";

/** Every client case, in report order. */
export const CLIENT_CASES: readonly ClientCase[] = [...invokeCases, ...errorCases, ...deliveryCases];
