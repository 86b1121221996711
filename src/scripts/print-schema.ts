/** `npm run schema`: writes the sorted SDL to schema/schema.graphql (the public contract). */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { printContract } from '../server/contract';

async function main() {
  const file = path.resolve(__dirname, '../../../schema/schema.graphql');
  fs.writeFileSync(file, await printContract());
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
