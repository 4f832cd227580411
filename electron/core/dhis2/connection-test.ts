import type { Connected, ConnectionFailed, ConnectionFailureReason } from '../api/contract/schemas/connection';
import { createDhis2Client } from './client';
import { Dhis2Error } from './dhis2-error';
import { createDhis2Http, spokenDuration, type Dhis2Auth } from './http';

// POST /dhis2/test-connection: the reference's three answers, with a message that says which failure it was.

export type ConnectionTestResult =
  | { httpStatus: 200; body: Connected }
  | { httpStatus: 401 | 503; body: ConnectionFailed };

export async function testConnection(url: string, auth: Dhis2Auth, timeoutMs: number): Promise<ConnectionTestResult> {
  const client = createDhis2Client(createDhis2Http({ baseUrl: url, auth, timeoutMs }));
  const deadline = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Dhis2Error('timeout', `${url} did not answer the connection test within ${spokenDuration(timeoutMs)}.`)), timeoutMs).unref());
  try {
    const result = await Promise.race([
      (async () => {
        const info = await client.systemInfo();
        const [programmes, units] = await Promise.all([client.programmes(), client.orgUnitCount()]);
        return { info, programmes: programmes.length, units };
      })(),
      deadline,
    ]);
    return {
      httpStatus: 200,
      body: {
        status: 'connected',
        dhis2_version: result.info.version.raw,
        server_date: result.info.serverDate.replace(/\.\d+$/, ''),
        programmes_available: result.programmes,
        organisation_units: result.units,
      },
    };
  } catch (err) {
    if (!(err instanceof Dhis2Error)) throw err;
    if (err.problem === 'auth') return { httpStatus: 401, body: { status: 'auth_failed', error: 'Invalid DHIS2 credentials.' } };
    if (err.problem === 'unsupported_version') return { httpStatus: 503, body: { status: 'unsupported_version', error: err.message } };
    // Every other problem class is a reason the contract lists (checked by the type of `reason`).
    const reason: ConnectionFailureReason = err.problem;
    return { httpStatus: 503, body: { status: 'unreachable', error: err.message, reason } };
  }
}
