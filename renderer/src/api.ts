import { createApiClient, type ApiClient } from '@contract';
import { useTransport } from './transport/use-transport';

let client: ApiClient | undefined;

/** The typed client of the route table, over the app's one transport (IPC in Electron, HTTP in a browser). */
export function useApi(): ApiClient {
  client ??= createApiClient(useTransport());
  return client;
}
