/** A command as a caller plans it: who sends it, its id and its time are added when it is sent. */
export type PlannedCommand = Readonly<{ type: string; data: object }>;

/**
 * A command ready to send, with what must follow once it is stored (`done`: a Service's old NodePorts given
 * back) or refused (`undo`: what was allocated for it released).
 */
export type PreparedCommand = Readonly<{ command: PlannedCommand; done?: () => Promise<void>; undo?: () => Promise<void> }>;
