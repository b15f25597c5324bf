import { parseArgs } from 'node:util';
import { issueApiKey } from './issue-key.ts';
import { isScope, scopes } from './principal.ts';

// npm run issue-key -- --id checkout --scopes commands:write,queries:read
const { values } = parseArgs({
  options: { id: { type: 'string' }, scopes: { type: 'string' } },
});
const wanted = (values.scopes ?? '').split(',').filter(Boolean);
const unknown = wanted.filter((name) => !isScope(name));
if (!values.id || wanted.length === 0 || unknown.length > 0) {
  console.error(
    `usage: issue-key --id <name> --scopes <${scopes.join('|')}>[,...]${unknown.length > 0 ? `\n  unknown scopes: ${unknown.join(', ')}` : ''}`,
  );
  process.exit(2);
}
const { key, entry } = issueApiKey(values.id, wanted.filter(isScope));
console.log(`API key (give it to the client once; it is not stored anywhere):\n  ${key}\n`);
console.log(`Entry for ORDERFLOW_API_KEYS (a JSON array of these):\n  ${JSON.stringify(entry)}`);
