import DataLoader from 'dataloader';
import { byKeys, defineLoader } from '../shared/loaders';
import { User } from './user.entity';

export const userById = defineLoader(
  'userById',
  (em) => new DataLoader<number, User | null>(async (ids) => byKeys(ids, await em.find(User, { id: { $in: [...ids] } }), (u) => u.id)),
);
