/**
 * What pages see of the live bus, without its storage: routes stream events through this, so the web
 * layer never reaches the data access under the bus.
 */
export interface LiveEvent {
  id: number;
  topic: string;
  kind: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

export interface LiveStreams {
  /** Replays the topics' events after `afterId` (when given), then hands over live ones; returns the unsubscribe. */
  subscribe(topics: string[], afterId: number | null, onEvent: (event: LiveEvent) => void, onEnd?: () => void): () => void;
  presence: {
    /** Counts an open stream of a tab for the connected/reconnecting figures; returns what to call when it closes. */
    track(topic: string, clientId: string, userId: number | null): () => void;
  };
}
