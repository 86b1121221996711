/**
 * Query limits, one set of rules for both transports: depth, cost, aliases and directives from graphql-armor
 * (as validation rules), tokens through graphql-js's parser, introspection off in production.
 */
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { NoSchemaIntrospectionCustomRule, type ParseOptions, type ValidationRule } from 'graphql';
import type { Config } from '../config';

export interface Limits {
  readonly validationRules: ValidationRule[];
  readonly parseOptions: ParseOptions;
}

export function createLimits(config: Config): Limits {
  const { limits } = config;
  const armor = new ApolloArmor({
    maxDepth: { enabled: true, n: limits.maxDepth, ignoreIntrospection: true, exposeLimits: true },
    costLimit: { enabled: true, maxCost: limits.maxCost, ignoreIntrospection: true, exposeLimits: true },
    maxAliases: { enabled: true, n: limits.maxAliases, exposeLimits: true },
    maxDirectives: { enabled: true, n: limits.maxDirectives, exposeLimits: true },
    // Tokens are limited by the parser (a limit error stays a 400); suggestions by our error formatter.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  });
  const { validationRules } = armor.protect();
  return {
    validationRules: [...validationRules, ...(config.introspection ? [] : [NoSchemaIntrospectionCustomRule])],
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
