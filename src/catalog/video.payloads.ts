import { Field, Int, ObjectType } from 'type-graphql';
import { Connection } from '../shared/pagination';
import { UserError } from '../shared/user-error';
import { Product } from './product.entity';
import { Video } from './video.entity';

@ObjectType({ description: 'A product tagged in a video.' })
export class VideoProductTag {
  @Field(() => Product, { description: 'The product shown.' })
  product!: Product;

  @Field(() => Int, { nullable: true, description: 'Second of the video at which the product appears; null when the shop did not say.' })
  atSecond!: number | null;
}

@ObjectType({ description: 'Result of publishVideo.' })
export class PublishVideoPayload {
  @Field(() => Video, { nullable: true, description: 'The published video; null when it was not published.' })
  video!: Video | null;

  @Field(() => [UserError], { description: 'Why it failed; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'A page of videos, newest first.' })
export class VideoConnection extends Connection(Video) {}
