/**
 * The JSON body parser in front of Apollo. The common GraphQL request (POST, `application/json`, UTF-8, not
 * compressed) is read and parsed here; anything else goes to express's own `express.json()`, which decodes other
 * charsets and compressed bodies. Both answer alike: `req.body`, or an error with the same `status` and `type`
 * (413 `entity.too.large`, 400 `entity.parse.failed`, `request.size.invalid`, `request.aborted`) for the error handler.
 * express.json's charset, encoding and media-type checks were about 4% of a storefront request's CPU.
 */
import express, { type NextFunction, type Request, type Response } from 'express';

/** `application/json`, alone or with a UTF-8 charset (any letter case, optional spaces). */
const PLAIN_JSON = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/** A body error as body-parser makes them (the error handler reads `status`). */
function bodyError(status: number, type: string, message: string): Error & { status: number; statusCode: number; type: string; expose: boolean } {
  return Object.assign(new Error(message), { status, statusCode: status, type, expose: true });
}

export function jsonBody(limit: number) {
  const general = express.json({ limit });
  return (req: Request, res: Response, next: NextFunction): void => {
    const encoding = req.headers['content-encoding'];
    const type = req.headers['content-type'];
    if (req.method !== 'POST' || (encoding !== undefined && encoding.toLowerCase() !== 'identity') || type === undefined || !PLAIN_JSON.test(type)) {
      general(req, res, next);
      return;
    }
    const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
    if (declared !== undefined && declared > limit) {
      req.resume();
      next(bodyError(413, 'entity.too.large', 'request entity too large'));
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      req.off('data', onData).off('end', onEnd).off('aborted', onAborted).off('error', finish);
      if (error) {
        req.resume();
        next(error);
      } else {
        next();
      }
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) finish(bodyError(413, 'entity.too.large', 'request entity too large'));
      else chunks.push(chunk);
    };
    const onAborted = () => finish(bodyError(400, 'request.aborted', 'request aborted'));
    const onEnd = () => {
      if (declared !== undefined && received !== declared) return finish(bodyError(400, 'request.size.invalid', 'request size did not match content length'));
      let text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, received).toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte order mark, as express.json's decoder drops it
      // As express.json (strict): an empty body is {}, and only an object or an array is JSON here.
      const start = text.trimStart();
      if (start === '') {
        req.body = {};
        return finish();
      }
      if (start[0] !== '{' && start[0] !== '[') return finish(bodyError(400, 'entity.parse.failed', 'the body is not a JSON object or array'));
      try {
        req.body = JSON.parse(text);
      } catch (error) {
        return finish(bodyError(400, 'entity.parse.failed', (error as Error).message));
      }
      finish();
    };
    req.on('data', onData).on('end', onEnd).on('aborted', onAborted).on('error', finish);
  };
}
