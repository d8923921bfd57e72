/**
 * Downlink commands of the sensing module: what `sensing.service.ts` wires (the service, the
 * timeout job) and what `index.ts` registers (routes, migrations, event names).
 */
export { commandsMigrations } from './migrations.js';
export { commandsRoutes } from './commands.routes.js';
export { CommandsService, DEFAULT_COMMAND_TIMEOUT_S, type CommandPublisher, type SendCommandInput } from './commands.service.js';
export { CommandsRepository } from './commands.repository.js';
export { COMMAND_EVENTS, type CommandEventV1 } from './events.js';
export { COMMAND_STATUSES, type CommandAck, type CommandMessage, type CommandStatus, type CommandView } from './command-types.js';

/** How often the leased job looks for commands past their deadline. */
export const COMMAND_TIMEOUT_SWEEP_MS = 5_000;
