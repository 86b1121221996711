/** Every PostgreSQL migration, in order. `npm run db:migrate -- --create` writes new ones; add them here. */
import { Migration20261121231131_foundation } from './Migration20261121231131_foundation';

export const migrationsList = [{ name: 'Migration20261121231131_foundation', class: Migration20261121231131_foundation }];
