import { Logger } from '@aws-lambda-powertools/logger';

/** One Powertools logger per function, created with its handler (once per container). */
export const createLogger = (serviceName: string): Logger => new Logger({ serviceName });
