import { Field, Int, ObjectType } from 'type-graphql';
import { Connection } from '../shared/pagination';
import { UserError } from '../shared/user-error';
import { Notification } from './notification.entity';

@ObjectType({ description: 'A page of your inbox, newest first.' })
export class NotificationConnection extends Connection(Notification) {}

@ObjectType({ description: 'Result of `markNotificationsRead`.' })
export class MarkNotificationsReadPayload {
  @Field(() => Int, { nullable: true, description: 'How many notifications went from unread to read (already read ones are not counted).' })
  markedCount!: number | null;

  @Field(() => Int, { nullable: true, description: 'How many unread notifications you have left, in every tab (the inbox badge).' })
  unreadCount!: number | null;

  @Field(() => [UserError], { description: 'Why it failed; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'One notification pushed by `inboxNotificationAdded`, with the cursor to resume after it.' })
export class InboxNotificationEvent {
  @Field({ description: 'Pass it as `after` when resubscribing to get everything stored since. The same cursor as the edge of `viewer.inbox`.' })
  cursor!: string;

  @Field(() => Notification, { description: 'The notification as stored.' })
  notification!: Notification;
}
