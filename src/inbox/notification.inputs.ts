import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ConnectionArgs } from '../shared/pagination';
import { NotificationCategory } from './notification.entity';

/** Most notifications `markNotificationsRead` takes by id in one call. */
export const MAX_MARK_IDS = 100;

@ArgsType()
export class InboxArgs extends ConnectionArgs {
  @Field(() => Boolean, { nullable: true, description: 'true: only unread notifications. Omitted or false: all.' })
  unreadOnly?: boolean | null;

  @Field(() => NotificationCategory, { nullable: true, description: 'Only this inbox tab. Omitted: every tab.' })
  category?: NotificationCategory | null;
}

@InputType({ description: 'Which of your notifications to mark read: either `ids`, or `all: true` (optionally in one `category`).' })
export class MarkNotificationsReadInput {
  @Field(() => [ID], { nullable: true, description: `Your notifications to mark read, 1 to ${MAX_MARK_IDS}. An id that is not one of your notifications fails the whole call with NOT_FOUND.` })
  ids?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'true: mark every unread notification read (those stored after this call stay unread).' })
  all?: boolean | null;

  @Field(() => NotificationCategory, { nullable: true, description: 'With `all: true`: only this inbox tab.' })
  category?: NotificationCategory | null;
}
