/** Every PostgreSQL migration, in order. `npm run db:migration` writes new ones; add them here. */
import type { Migration } from '@mikro-orm/migrations';

type MigrationClass = new (...args: ConstructorParameters<typeof Migration>) => Migration;

export const migrationsList: { name: string; class: MigrationClass }[] = [];
