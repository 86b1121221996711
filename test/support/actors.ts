/** People in tests: buyers sign up through the API; admins and carriers are created by the seed factories. */
import { createUser } from '../../seeds/factories';
import { Role } from '../../src/shared/viewer';
import { LogInDocument, SignUpDocument } from '../generated/graphql';
import type { GraphQLClient } from './client';
import type { TestServer } from './server';

export interface Actor {
  readonly token: string;
  readonly id: string;
  readonly email: string;
  readonly client: GraphQLClient;
}

let counter = 0;
const uniqueEmail = (name: string) => `${name.toLowerCase().replace(/[^a-z0-9]/g, '')}.${process.pid}.${(counter += 1)}@example.com`;

export async function signUpBuyer(server: TestServer, name = 'Buyer'): Promise<Actor> {
  const email = uniqueEmail(name);
  const { signUp } = await server.client.data(SignUpDocument, { input: { name, email, password: 'kedai-test-123' } });
  if (!signUp.token || !signUp.viewer) throw new Error(`sign-up failed: ${JSON.stringify(signUp.userErrors)}`);
  return { token: signUp.token, id: signUp.viewer.id, email, client: server.client.as(signUp.token) };
}

export async function createStaffUser(server: TestServer, role: Role.ADMIN | Role.CARRIER, name = 'Admin'): Promise<Actor> {
  const email = uniqueEmail(name);
  const em = server.app.orm.em.fork();
  await createUser(em, { name, email, password: 'kedai-test-123', roles: [Role.BUYER, role] }, server.config.passwordHashCost);
  await em.flush();
  const { logIn } = await server.client.data(LogInDocument, { input: { email, password: 'kedai-test-123' } });
  return { token: logIn.token!, id: logIn.viewer!.id, email, client: server.client.as(logIn.token!) };
}
