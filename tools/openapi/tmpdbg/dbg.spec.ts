import { openApiDocument } from '../openapi-document';
import { writeFileSync } from 'node:fs';
it('dbg', async () => {
  const d = await openApiDocument();
  writeFileSync('/tmp/doc.jest.json', JSON.stringify(d, null, 2));
}, 60000);
