import { createTokenStore } from '../core/auth/tokens';
import { systemClock } from '../core/clock';
import { AppError } from '../core/errors';
import { openStore } from '../core/store/database';
import { CliError, dataDirOf, parse } from './args';

// Token management straight on the store: works while the server is stopped, and while it runs (WAL).
export async function runToken(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { 'data-dir': { type: 'string' }, name: { type: 'string' } });
  const [action, target] = positionals;
  const db = openStore(dataDirOf(values['data-dir']));
  try {
    const tokens = createTokenStore(db, systemClock);
    switch (action) {
      case 'create': {
        if (!values.name) throw new CliError('token create needs --name NAME (who or what will use the token).');
        const created = tokens.create(values.name);
        console.log(`Token "${created.name}" (${created.id}) created. It is shown only this once:`);
        console.log(created.token);
        return 0;
      }
      case 'list': {
        const rows = tokens.list();
        if (rows.length === 0) console.log('No tokens yet: npm run token -- create --name NAME');
        for (const t of rows) {
          const state = t.revoked_at ? `revoked ${t.revoked_at}` : `active, last used ${t.last_used_at ?? 'never'}`;
          console.log(`${t.id}  ${t.name}  ${t.hint}  created ${t.created_at}  ${state}`);
        }
        return 0;
      }
      case 'revoke': {
        if (!target) throw new CliError('token revoke needs the token id or name.');
        const revoked = tokens.revoke(target);
        console.log(`Token "${revoked.name}" (${revoked.id}) revoked.`);
        return 0;
      }
      default:
        throw new CliError('Usage: token create --name NAME | token list | token revoke ID_OR_NAME  [--data-dir DIR]');
    }
  } catch (err) {
    if (err instanceof AppError) throw new CliError(err.message);
    throw err;
  } finally {
    db.close();
  }
}
