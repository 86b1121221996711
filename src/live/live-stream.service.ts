/** Live streams: scheduling, going live, ending, who sees and manages them, and the discovery list. */
import { OptimisticLockError, UniqueConstraintViolationException, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import type { Context } from '../shared/context';
import { decodeIdOf, toGlobalId } from '../shared/ids';
import { emptyConnection, paginate, type ConnectionResult } from '../shared/pagination';
import { updateRows } from '../shared/sql';
import { failWith, userError, UserErrorsException } from '../shared/user-error';
import { InputChecker, isWebUrl } from '../shared/validation';
import { approvedShopForMember, visibleShop } from '../shops/shop-access';
import { FlashSale, FlashSalePhase } from './flash-sale.entity';
import { LiveStream, LiveStreamStatus } from './live-stream.entity';
import type { LiveStreamInput, LiveStreamsArgs, ScheduleLiveStreamInput } from './live-stream.inputs';
import { writeFlashSalePhase, writeStreamStatus } from './live-stream.status';
import type { LiveErrorCode } from './live.errors';
import { liveStreamById } from './live.loaders';

const code = (c: LiveErrorCode) => c;
export const STREAM_FIELD = ['input', 'liveStreamId'];

/** How far ahead a stream may be scheduled. */
export const MAX_SCHEDULE_AHEAD_DAYS = 30;
/** Most streams a shop may have SCHEDULED at once. */
export const MAX_SCHEDULED_STREAMS = 20;

/**
 * A stream the viewer may see: every stream of a shop they may see (only approved shops schedule streams). An overlay
 * viewer sees its own stream only.
 */
export async function visibleLiveStream(ctx: Context, id: number): Promise<LiveStream | null> {
  if (ctx.viewer.kind === 'overlay' && ctx.viewer.liveStreamId !== id) return null;
  const stream = await ctx.loaders.get(liveStreamById).load(id);
  return stream && (await visibleShop(ctx, stream.shop.id)) ? stream : null;
}

/**
 * The stream named by an input field, which the viewer manages: a member (owner or staff) of its shop, and the
 * shop approved. A stream the viewer may not see is NOT_FOUND; one they see but may not manage is FORBIDDEN.
 */
export async function streamForMember(ctx: Context, globalId: string, field = STREAM_FIELD): Promise<LiveStream> {
  const id = decodeIdOf('LiveStream', globalId);
  const stream = id === null ? null : await visibleLiveStream(ctx, id);
  if (!stream) failWith('NOT_FOUND', 'No such live stream.', field);
  await approvedShopForMember(ctx, toGlobalId('Shop', stream.shop.id), field);
  return stream;
}

/** Like {@link streamForMember}, for changes an ENDED stream no longer takes (its bag, its pinned product). */
export async function openStreamForMember(ctx: Context, globalId: string): Promise<LiveStream> {
  const stream = await streamForMember(ctx, globalId);
  if (stream.status === LiveStreamStatus.ENDED) failWith(code('LIVE_STREAM_ENDED'), `"${stream.title}" has ended.`, STREAM_FIELD);
  return stream;
}

export async function scheduleLiveStream(ctx: Context, input: ScheduleLiveStreamInput): Promise<LiveStream> {
  const shop = await approvedShopForMember(ctx, input.shopId);
  const now = ctx.clock.now();
  const check = new InputChecker();
  const title = check.text('title', input.title, 3, 100, 'Title');
  if (input.scheduledAt <= now) check.fail('scheduledAt', 'INVALID_INPUT', 'Schedule the stream in the future.');
  else if (input.scheduledAt.getTime() - now.getTime() > MAX_SCHEDULE_AHEAD_DAYS * 86_400_000) {
    check.fail('scheduledAt', 'INVALID_INPUT', `Schedule the stream at most ${MAX_SCHEDULE_AHEAD_DAYS} days ahead.`);
  }
  const coverUrl = input.coverUrl?.trim() || null;
  if (coverUrl !== null && !isWebUrl(coverUrl)) check.fail('coverUrl', 'INVALID_INPUT', 'Cover URL must be an https URL of at most 500 characters.');
  if ((await ctx.em.count(LiveStream, { shop: shop.id, status: LiveStreamStatus.SCHEDULED })) >= MAX_SCHEDULED_STREAMS) {
    check.fail(null, 'LIMIT_REACHED', `A shop may have at most ${MAX_SCHEDULED_STREAMS} scheduled streams.`);
  }
  check.assert();
  const stream = ctx.em.create(LiveStream, { shop: shop.id, title, coverUrl, scheduledAt: input.scheduledAt, createdAt: now, updatedAt: now });
  await ctx.em.flush();
  return stream;
}

/** SCHEDULED → LIVE. The unique index on a shop's LIVE stream refuses a second one, however the requests race. */
export async function startLiveStream(ctx: Context, input: LiveStreamInput): Promise<LiveStream> {
  const stream = await streamForMember(ctx, input.liveStreamId);
  const alreadyLive = () => failWith(code('LIVE_STREAM_ALREADY_LIVE'), 'The shop is live with another stream; end it first.', STREAM_FIELD);
  if (stream.status === LiveStreamStatus.SCHEDULED && (await ctx.em.count(LiveStream, { shop: stream.shop.id, status: LiveStreamStatus.LIVE })) > 0) {
    alreadyLive();
  }
  writeStreamStatus(ctx.em, ctx.clock, stream, LiveStreamStatus.LIVE);
  try {
    await ctx.em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) alreadyLive();
    throw changedMeanwhile(error);
  }
  return stream;
}

/**
 * Locks the stream's row until the transaction ends (a no-op UPDATE), so that ending the stream and starting a flash
 * sale in it take turns: whichever comes second sees what the first committed. False when the stream is not in
 * `status` (when given).
 */
export async function lockStream(em: EntityManager, streamId: number, status?: LiveStreamStatus): Promise<boolean> {
  const locked = status
    ? await updateRows(em, 'update live_stream set status = status where id = ? and status = ?', [streamId, status])
    : await updateRows(em, 'update live_stream set status = status where id = ?', [streamId]);
  return locked === 1;
}

/** SCHEDULED or LIVE → ENDED; a flash sale counting down or running ends with it, first. */
export async function endLiveStream(ctx: Context, input: LiveStreamInput): Promise<LiveStream> {
  const stream = await streamForMember(ctx, input.liveStreamId);
  try {
    await ctx.em.transactional(async (em) => {
      await lockStream(em, stream.id); // before reading its sales: a sale started meanwhile is seen and ended
      for (const sale of await em.find(FlashSale, { liveStream: stream.id, phase: { $ne: FlashSalePhase.ENDED } })) {
        writeFlashSalePhase(em, ctx.clock, sale, FlashSalePhase.ENDED);
      }
      writeStreamStatus(em, ctx.clock, stream, LiveStreamStatus.ENDED);
    });
  } catch (error) {
    throw changedMeanwhile(error);
  }
  return stream;
}

/** A lost version check (another request changed the same row first) as a user error; anything else as it is. */
export function changedMeanwhile(error: unknown, field = STREAM_FIELD): unknown {
  if (!(error instanceof OptimisticLockError)) return error;
  return new UserErrorsException([userError('VERSION_CONFLICT', 'It changed at the same moment; reload and try again.', field)]);
}

const LIST_ORDER = {
  [LiveStreamStatus.LIVE]: { sortField: 'startedAt', direction: 'DESC' },
  [LiveStreamStatus.SCHEDULED]: { sortField: 'scheduledAt', direction: 'ASC' },
  [LiveStreamStatus.ENDED]: { sortField: 'endedAt', direction: 'DESC' },
} as const;

/** Discovery: streams in one status (LIVE by default), all shops or one. */
export function liveStreams(ctx: Context, args: LiveStreamsArgs): Promise<ConnectionResult<LiveStream>> | ConnectionResult<LiveStream> {
  const status = args.status ?? LiveStreamStatus.LIVE;
  const where: FilterQuery<LiveStream> = { status };
  if (args.shopId != null) {
    const shopId = decodeIdOf('Shop', args.shopId);
    if (shopId === null) return emptyConnection(args);
    where.shop = shopId;
  }
  return paginate(ctx.em, LiveStream, where, args, LIST_ORDER[status]);
}
